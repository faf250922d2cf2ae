"""generate_letter: renders from the stored case and keeps the letter in the case file."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from sar_desk.core.entities import Decision, DecisionGround, DecisionKind, EventKind, Person
from sar_desk.documents import LetterNotAllowed, Sender
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services.letters import generate_letter
from tests.documents.helpers import docx_paragraphs

TODAY = dt.date(2025, 9, 25)


@pytest.fixture
def ws(tmp_path):
    from sar_desk.core.clock import FixedClock
    from sar_desk.services.workspace import init_workspace

    workspace, _recovery = init_workspace(tmp_path / "ws", clock=FixedClock(TODAY))
    yield workspace
    workspace.close()


@pytest.fixture
def ref(ws):
    new = C.NewCase(requester=Person("Zoë Łukasiewicz-王芳", "zoe@example.org",
                                     "1 High Street\nWarwick\nCV34 4AB"),
                    received=dt.date(2025, 9, 3))
    return C.create_case(ws, new).reference


def test_letter_is_rendered_stored_and_audited(ws, ref):
    info, data = generate_letter(ws, ref, "acknowledgement", "docx",
                                 sender=Sender("Priya Shah", "DPO"), actor="priya")
    paragraphs = docx_paragraphs(data)
    assert "We will send you our response by 3 October 2025." in paragraphs
    assert "Date: 25 September 2025" in paragraphs
    assert info.kind == "acknowledgement" and info.format == "docx"
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    case = C.get_case(ws, ref)
    assert [x.id for x in case.letters] == [info.id]
    assert C.get_letter_bytes(ws, ref, info.id) == data
    trail = C.audit_trail(ws, ref)
    assert any("letter" in entry.action for entry in trail)
    assert trail[-1].actor == "priya"


def test_fee_request_needs_the_recorded_decision(ws, ref):
    with pytest.raises(LetterNotAllowed, match="no fee decision"):
        generate_letter(ws, ref, "fee-request", "pdf")
    assert C.get_case(ws, ref).letters == ()  # nothing stored
    C.record_decision(ws, ref, Decision(
        DecisionKind.FEE, DecisionGround.FURTHER_COPIES, "A second copy of the same records.",
        amount=Decimal("12.50"), working="Printing and postage.", decided_on=TODAY))
    with pytest.raises(LetterNotAllowed, match="payment details .* not confirmed") as refused:
        generate_letter(ws, ref, "fee-request", "docx")
    assert refused.value.code == "letter.payment_details"
    assert C.get_case(ws, ref).letters == ()
    from sar_desk.services.profile_confirm import confirm_profile

    assert "fees.bank" not in confirm_profile(ws, ["fees"])
    _info, data = generate_letter(ws, ref, "fee-request", "docx")
    assert "The fee is £12.50." in docx_paragraphs(data)


def test_extension_uses_the_engine_dates(ws, ref):
    C.record_event(ws, ref, EventKind.EXTENDED, dt.date(2025, 9, 20), "Twelve systems to search.",
                   wording="Your records are in twelve systems.")
    _info, data = generate_letter(ws, ref, "extension-notice", "docx")
    text = "\n".join(docx_paragraphs(data))
    assert "Our response was due by 3 October 2025." in text
    assert "We will now send you our response by 3 December 2025." in text
    assert "Your records are in twelve systems." in text
    assert "Twelve systems to search." not in text  # the internal note stays internal


def test_sender_defaults_to_user_settings_then_profile(ws, ref):
    from sar_desk.services.settings import UserSettings, save_user_settings

    _info, data = generate_letter(ws, ref, "acknowledgement", "docx")
    assert "Data Protection Team" in docx_paragraphs(data)
    save_user_settings(UserSettings(name="Ann Jones", role="Privacy Officer"))
    _info, data = generate_letter(ws, ref, "acknowledgement", "docx")
    paragraphs = docx_paragraphs(data)
    assert paragraphs[-3:-1] == ["Ann Jones", "Privacy Officer"]


def test_workspace_profile_is_used(ws, ref):
    from sar_desk.documents.profile import default_profile_path
    from sar_desk.services.settings import profile_path

    text = default_profile_path().read_text(encoding="utf-8")
    profile_path(ws.path).write_text(text.replace('name = "FluxSys Ltd"', 'name = "Acme Łódź"'),
                                     encoding="utf-8")
    _info, data = generate_letter(ws, ref, "acknowledgement", "docx")
    assert docx_paragraphs(data)[0] == "Acme Łódź"


def test_a_word_letter_previews_from_the_pdf_of_the_same_document_model(ws, ref):
    import io

    from pypdf import PdfReader

    from sar_desk.services.letter_preview import letter_pdf

    info, data = generate_letter(ws, ref, "acknowledgement", "docx")
    pdf = letter_pdf(ws, ref, info.id)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    for paragraph in docx_paragraphs(data):
        assert " ".join(paragraph.split()) in text
    # once the case no longer gives the same letter, it is not shown as if it did
    from sar_desk.services.corrections import edit_case

    edit_case(ws, ref, {"requester_name": "Zoë Someone-Else"}, "typo in the name")
    with pytest.raises(InputError, match="Word letter and the case has changed"):
        letter_pdf(ws, ref, info.id)
