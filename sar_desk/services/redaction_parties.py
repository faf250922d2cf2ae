"""The people named in a case's documents who are not the requester: its third parties and
the staff directory imported for it (CSV), which redaction searches for."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from sar_desk.core.entities import CaseSnapshot
from sar_desk.core.redaction import Party
from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services.case_base import normalise_reference, open_case_file
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import audit
from sar_desk.store import redaction_store as store
from sar_desk.store.workspace import Workspace


def parties_of(ws: Workspace, ref: str) -> list[Party]:
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        return store.parties(session)


def add_parties(ws: Workspace, ref: str, people: Iterable[tuple[str, str]], *,
                kind: str = "party", actor: str | None = None) -> int:
    """Add third parties (``kind`` "party") or staff ("directory") as (name, detail) pairs;
    returns how many were new."""
    people = [(" ".join(n.split()), d.strip()) for n, d in people if n and n.strip()]
    if not people:
        raise InputError("No names were given. Nothing was changed.", code="redaction.names")

    def change(session: Session, _before: CaseSnapshot, who: str) -> int:
        added = store.add_parties(session, kind, people, who)
        if added:
            audit.append(session, who, "redaction_people_added", {"kind": kind, "added": added})
        return added

    who = actor or access.require(ws, Action.SET_DOCUMENT_STATUS, normalise_reference(ref)).login
    return change_case(ws, ref, who, change, action=Action.SET_DOCUMENT_STATUS)[0]


def import_directory(ws: Workspace, ref: str, data: bytes, *, actor: str | None = None) -> int:
    """Add the staff directory in ``data`` (CSV with a ``name`` column; optional ``email``,
    ``role``, ``department``) to the case's people named; returns how many were new."""
    from sar_desk.core.redaction_directory import directory_people

    return add_parties(ws, ref, directory_people(data), kind="directory", actor=actor)
