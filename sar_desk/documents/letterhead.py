"""The letterhead every letter carries, from the organisation profile."""

from __future__ import annotations

from sar_desk.documents.model import Letterhead
from sar_desk.documents.profile import Profile


def letterhead(profile: Profile) -> Letterhead:
    """The organisation's name, contact lines and legal line."""
    p = profile.get
    contact = [
        *p("organisation.address"),
        f"Telephone {p('organisation.phone')}",
        p("organisation.email"),
        p("organisation.website"),
    ]
    where = p("organisation.registered_in", "")
    legal = f"{p('organisation.name')} · Registered"
    legal += f" in {where}" if where else ""
    legal += f", company number {p('organisation.company_number')}"
    return Letterhead(name=p("organisation.name"), lines=tuple(contact), legal_line=legal)
