"""Complaint letters: render one, keep a copy in the complaint's file, note what it said.

Roles as for case letters: privacy officers write them; staff write and print them only
for complaints a privacy officer marked ready. An outcome letter states the right to
complain to the ICO and to go to court, and the complaint records that it did.
"""

from __future__ import annotations

import datetime as dt

from sar_desk.core.roles import Action
from sar_desk.services import access
from sar_desk.services.complaints import (
    change_complaint,
    clock_for,
    complaint_reference,
    load_complaint,
)
from sar_desk.services.settings import signing_sender, workspace_profile
from sar_desk.store import case_records
from sar_desk.store import complaint_schema as records
from sar_desk.store.workspace import Workspace


def generate_complaint_letter(ws: Workspace, ref: str, kind: str, fmt: str = "pdf", *,
                              as_of: dt.date | None = None, actor: str | None = None) -> bytes:
    """Render complaint letter ``kind`` (acknowledgement, update, outcome) as ``fmt`` and
    keep a copy in the complaint; returns the bytes."""
    from sar_desk.documents.complaint_letters import (
        complaint_letter_kind,
        render_complaint_letter,
    )

    ref = complaint_reference(ref)
    letter = complaint_letter_kind(kind)
    access.require(ws, Action.GENERATE_LETTER, ref)
    complaint = load_complaint(ws, ref)
    day = as_of or ws.clock.today()
    profile = workspace_profile(ws)
    data = render_complaint_letter(letter.name, complaint, clock_for(ws, complaint), fmt=fmt,
                                   profile=profile, sender=signing_sender(profile), as_of=day)

    def store(session, _before, who):
        case_records.add_letter(session, letter.code, fmt, data, who)
        if letter.states_rights:
            records.set_rights_stated(session, who, ico=True, court=True)

    change_complaint(ws, ref, actor, store, action=Action.GENERATE_LETTER)
    return data
