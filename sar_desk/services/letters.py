"""Generate a response letter for a case and keep it in the case file.

The letter is rendered from the case as it is stored (the due dates come from the deadline
engine), then stored in the case file with its sha256, kind, format, date and an audit
entry. The bytes are also returned so the caller can save or show them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sar_desk.core.entities import LetterInfo

if TYPE_CHECKING:
    from sar_desk.documents import Profile, Sender
    from sar_desk.store.workspace import Workspace


def workspace_profile(ws: Workspace) -> Profile:
    """The workspace's organisation profile, or the built-in default when it has none."""
    from sar_desk.documents import load_profile
    from sar_desk.services.settings import profile_path

    path = profile_path(ws.path)
    return load_profile(path if path.is_file() else None)


def signing_sender(profile: Profile) -> Sender:
    """The user's name and role from their settings, else the profile's signatory."""
    from sar_desk.documents import default_sender
    from sar_desk.services.settings import load_user_settings

    return load_user_settings().sender() or default_sender(profile)


def generate_letter(
    ws: Workspace,
    ref: str,
    kind: str,
    fmt: str,
    *,
    sender: Sender | None = None,
    profile: Profile | None = None,
    as_of: dt.date | None = None,
    actor: str | None = None,
) -> tuple[LetterInfo, bytes]:
    """Render a ``kind`` letter for case ``ref`` as ``fmt`` (pdf/docx) and store it.

    Raises an InputError (nothing stored) when the kind or format is unknown, the case is
    not ready for that letter, the profile lacks a field or a character cannot be drawn.
    """
    from sar_desk.documents import FORMATS, render_letter
    from sar_desk.documents.templates import require_kind
    from sar_desk.errors import InputError
    from sar_desk.services import cases
    from sar_desk.services.access import require

    require(ws, "generate_letter", cases.normalise_reference(ref))  # before any reading
    require_kind(kind)
    if fmt not in FORMATS:
        raise InputError(f"unknown letter format {fmt!r}: choose pdf or docx")
    case = cases.get_case(ws, ref)
    day = as_of or ws.clock.today()
    deadline = cases.deadline_for(case, as_of=day)
    profile = profile or workspace_profile(ws)
    sender = sender or signing_sender(profile)
    data = render_letter(
        kind, case, fmt=fmt, profile=profile, sender=sender, as_of=day, deadline=deadline
    )
    info = cases.store_letter(ws, case.reference, kind, fmt, data, actor=actor)
    return info, data
