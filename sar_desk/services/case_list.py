"""The list of cases a user may see, read from the workspace registry only.

Kept apart from the case services (which open case files through the ORM) so the list and
the dashboard load quickly: no case file and no SQLAlchemy is needed to read the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sar_desk.core.entities import CaseSummary
from sar_desk.errors import InputError
from sar_desk.services import access

if TYPE_CHECKING:
    import datetime as dt

    from sar_desk.store.workspace import Workspace

STATUSES = ("open", "closed", "all")


def list_cases(ws: Workspace, *, status: str = "open", search: str | None = None,
               active_since: dt.date | None = None) -> list[CaseSummary]:
    """Registry rows (``status``: open, closed or all; ``search``: full text) the user may read.

    ``active_since``: without the cases received and ended before that day that have
    nothing dated on or after it (for figures of the months from that day on).
    """
    if status not in STATUSES:
        raise InputError(f"Unknown status filter {status!r}: use open, closed or all.")
    access.require(ws, "list_cases")
    return access.visible(ws, ws.registry.list(status=status, search=search,
                                               active_since=active_since))


def cases_of(ws: Workspace, references: Iterable[str]) -> list[CaseSummary]:
    """The registry rows of ``references`` that the user may read (the rest left out).

    For a list that shows every case and learns that a few of them changed: reads those
    rows only, whatever the size of the caseload.
    """
    access.require(ws, "list_cases")
    return access.visible(ws, ws.registry.list_of(references))
