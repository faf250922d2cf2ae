"""Changes saved by other workstations, for a window to refresh a row, the list and the
dashboard. A folder workspace has none to tell; a team workspace hears each one (reference
and version only) once its private copy holds it."""

from __future__ import annotations

from collections.abc import Callable

from sar_desk.store.case_store import store_of
from sar_desk.store.workspace import Workspace


def subscribe(ws: Workspace, callback: Callable[[str, int], None]) -> bool:
    """Call ``callback(reference, version)`` (on a background thread) for each change another
    workstation saves; False when ``ws`` has no such changes to tell (a folder workspace)."""
    return store_of(ws).subscribe(callback)


def unsubscribe(ws: Workspace) -> None:
    store_of(ws).unsubscribe()


def is_team(ws: Workspace) -> bool:
    """Whether ``ws`` lives on a server (shared with other workstations)."""
    return store_of(ws).kind == "server"


def server_name(ws: Workspace) -> str:
    """The server a team workspace lives on, as people name it (never a password); ""
    for a folder workspace."""
    from sar_desk.store.server.store import where

    store = getattr(store_of(ws), "store", None)
    return where(store.url) if store is not None else ""
