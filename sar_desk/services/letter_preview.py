"""A stored letter as PDF, to preview or print: a PDF letter as stored; a Word letter from
the PDF rendering of the same document model.

A Word letter is rebuilt from the case as of the day it was made and checked paragraph by
paragraph against the stored DOCX; only a model that gives exactly the stored text is
rendered, so the preview and the print always show the letter that was made.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.core.entities import LetterInfo
    from sar_desk.documents import Sender
    from sar_desk.store.workspace import Workspace


def pdf_of_letter(ws: Workspace, ref: str, letter: LetterInfo, data: bytes, *,
                  sender: Sender | None = None) -> bytes:
    """PDF bytes showing ``letter`` (whose stored bytes are ``data``)."""
    if letter.format == "pdf":
        return data
    from sar_desk.documents import build_document, render_document
    from sar_desk.documents.docx_text import docx_paragraphs
    from sar_desk.services import cases
    from sar_desk.services.access import require
    from sar_desk.services.settings import signing_sender, workspace_profile

    require(ws, "generate_letter", cases.normalise_reference(ref))  # the model is rebuilt
    stored = docx_paragraphs(data)
    case = cases.load_case(ws, ref)
    profile = workspace_profile(ws)
    senders = [s for s in (sender, signing_sender(profile)) if s is not None]
    for day in _letter_days(stored, letter, ws.clock.today()):
        for who in senders:
            document = build_document(letter.kind, case, profile=profile, sender=who,
                                      as_of=day, deadline=cases.deadline_for(case, as_of=day),
                                      check=False)
            if document.paragraphs() == stored:
                return render_document(document, "pdf")
    raise InputError(
        f"Letter {letter.id} of {case.reference} is a Word letter and the case has changed "
        "since it was made, so it cannot be shown or printed here as it was written. Save a "
        "copy and open it in Word, or generate the letter again.",
        code="letter.docx_changed", reference=case.reference)


def _letter_days(paragraphs: list[str], letter: LetterInfo, today: dt.date) -> list[dt.date]:
    """The day the letter is dated (its "Date:" line), else the day it was stored."""
    days = []
    for text in paragraphs:
        if text.startswith("Date: "):
            try:
                days.append(dt.datetime.strptime(text[6:].strip(), "%d %B %Y").date())
            except ValueError:
                pass
            break
    days.append(letter.generated_at.date() if letter.generated_at else today)
    return days


def letter_pdf(ws: Workspace, ref: str, letter_id: int, *, sender: Sender | None = None,
               for_printing: bool = False) -> bytes:
    """PDF bytes of stored letter ``letter_id``: to preview, or to print (then a final,
    refusal or outcome letter must be approved as it stands)."""
    from sar_desk.services import cases
    from sar_desk.services.signoff import guard_print

    case = cases.get_case(ws, ref)
    letter = next((x for x in case.letters if x.id == letter_id), None)
    if letter is None:
        raise InputError(f"{case.reference} has no letter {letter_id}.")
    if for_printing:
        guard_print(ws, case.reference, letter)
    data = cases.get_letter_bytes(ws, case.reference, letter_id)
    return pdf_of_letter(ws, case.reference, letter, data, sender=sender)
