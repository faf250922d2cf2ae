"""Letters in the window: generate off-thread, preview in QPdfView, print, save, dispatch."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from sar_desk.services.cases import get_case, get_letter_bytes
from sar_desk.services.settings import UserSettings
from sar_desk.ui import printing
from tests.ui.window_helpers import idle, make_case, open_case


class FakePrintDialog:
    """Accepts at once and sends the job to a PDF file instead of a printer."""

    target = ""
    shown = 0

    def __init__(self, printer: QPrinter, parent=None) -> None:  # noqa: ANN001
        self.printer = printer

    def setWindowTitle(self, _title: str) -> None:  # noqa: N802
        pass

    def exec(self) -> int:
        FakePrintDialog.shown += 1
        self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer.setOutputFileName(FakePrintDialog.target)
        return QDialog.DialogCode.Accepted


@pytest.fixture
def fake_printer(monkeypatch, tmp_path):
    FakePrintDialog.target = str(tmp_path / "printed.pdf")
    FakePrintDialog.shown = 0
    monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
    return tmp_path / "printed.pdf"


def generate(qtbot, win, view, kind="acknowledgement", fmt="pdf"):
    panel = view.letters
    view.tabs.setCurrentWidget(panel)
    panel.kind.setCurrentIndex(panel.kind.findData(kind))
    panel.format.setCurrentIndex(panel.format.findData(fmt))
    with qtbot.waitSignal(view.loaded, timeout=20_000):
        panel.generate_button.click()
    idle(qtbot, win)
    return panel


def test_generate_and_preview_a_letter(qtbot, window, workspace, errors):
    window.ctx.save_user(UserSettings(name="Ann Lee", role="Data Protection Officer"))
    ref = make_case(workspace, name="Zoë Brontë-Hughes").reference
    view = open_case(qtbot, window, ref)
    panel = generate(qtbot, window, view)
    assert errors == []
    assert panel.document.pageCount() >= 1  # shown in the QPdfView
    assert panel.view.document() is panel.document
    (letter,) = get_case(workspace, ref).letters
    assert (letter.kind, letter.format) == ("acknowledgement", "pdf")
    stored = get_letter_bytes(workspace, ref, letter.id)
    assert stored.startswith(b"%PDF") and stored == panel.current_bytes
    assert panel.letters.topLevelItemCount() == 1


def test_print_save_and_record_dispatch(
    qtbot, window, workspace, errors, fake_printer, tmp_path, monkeypatch
):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    panel = generate(qtbot, window, view)
    panel.letters.setCurrentItem(panel.letters.topLevelItem(0))

    panel.print_button.click()
    idle(qtbot, window)
    assert FakePrintDialog.shown == 1
    assert fake_printer.read_bytes().startswith(b"%PDF")

    saved = tmp_path / "out.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), "PDF (*.pdf)"))
    )
    panel.save_button.click()
    idle(qtbot, window)
    (letter,) = get_case(workspace, ref).letters
    assert saved.read_bytes() == get_letter_bytes(workspace, ref, letter.id)

    panel.record_dispatch()
    dialog = panel.active_dialog
    dialog.method.setCurrentText("recorded delivery")
    qtbot.keyClicks(dialog.tracking, "RR123456785GB")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(get_case(workspace, ref).dispatches), timeout=10_000)
    idle(qtbot, window)
    assert errors == []
    (sent,) = get_case(workspace, ref).dispatches
    assert (sent.letter_id, sent.date, sent.method, sent.tracking) == (
        letter.id,
        dt.date(2026, 3, 16),
        "recorded delivery",
        "RR123456785GB",
    )


def test_docx_letter_is_stored_and_saved(qtbot, window, workspace, errors, tmp_path, monkeypatch):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    generate(qtbot, window, view, fmt="docx")
    (letter,) = get_case(workspace, ref).letters
    assert letter.format == "docx"
    assert get_letter_bytes(workspace, ref, letter.id)[:2] == b"PK"
    assert errors == []


def test_a_letter_the_case_is_not_ready_for_is_greyed_out_with_the_reason(
        qtbot, window, workspace, errors):
    from sar_desk.services.cases import record_event

    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    panel = view.letters
    index = panel.kind.findData("clarification-request")
    assert not panel.kind.model().item(index).isEnabled()
    assert "no open clarification" in panel.kind.itemData(index, 3)  # ToolTipRole
    panel.kind.setCurrentIndex(index)  # as the keyboard may still land on it
    assert not panel.generate_button.isEnabled()
    assert "no open clarification" in panel.kind_reason.text()
    assert not panel.kind_reason.isHidden()
    record_event(workspace, ref, "clarification_requested", dt.date(2026, 3, 4),
                 "Which HR files?", wording="Which years does your request cover?")
    window.open_case(ref)
    qtbot.waitUntil(lambda: panel.kind.model().item(index).isEnabled(), timeout=15_000)
    assert panel.generate_button.isEnabled() and panel.kind_reason.isHidden()
    assert get_case(workspace, ref).letters == ()
    assert errors == []


def test_batch_print_ready_letters(qtbot, window, workspace, errors, fake_printer):
    from sar_desk.services.letters import generate_letter
    from sar_desk.ui.dialogs.batch_print_dialog import BatchPrintDialog

    refs = [make_case(workspace, name=n).reference for n in ("Ada", "王芳", "Bob")]
    for ref in refs[:2]:
        generate_letter(workspace, ref, "acknowledgement", "pdf")
    generate_letter(workspace, refs[2], "acknowledgement", "docx")  # not printable here
    window.batch_print()
    dialog = window.active_dialog
    assert isinstance(dialog, BatchPrintDialog)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    assert sorted(r.reference for r in dialog.ready) == sorted(refs[:2])
    dialog.mark_posted.setChecked(True)
    dialog.print_button.click()
    qtbot.waitUntil(
        lambda: all(get_case(workspace, r).dispatches for r in refs[:2]), timeout=10_000
    )
    idle(qtbot, window)
    assert errors == [] and FakePrintDialog.shown == 1
    assert fake_printer.read_bytes().startswith(b"%PDF")
    assert [d.method for d in get_case(workspace, refs[0]).dispatches] == ["post"]
    assert window.statusBar().currentMessage() == "Printed 2 letters; recorded as posted today"


def _two_letters(workspace):
    """A case with a PDF acknowledgement (letter 1) and a Word identity request (letter 2)."""
    from sar_desk.services.cases import record_event
    from sar_desk.services.letters import generate_letter

    ref = make_case(workspace).reference
    generate_letter(workspace, ref, "acknowledgement", "pdf")
    record_event(workspace, ref, "id_requested", dt.date(2026, 3, 3), "Asked K. by phone",
                 wording="Please send a copy of your passport.")
    generate_letter(workspace, ref, "identity-request", "docx")
    return ref


def _select(qtbot, window, panel, letter_id):
    for row in range(panel.letters.topLevelItemCount()):
        item = panel.letters.topLevelItem(row)
        if item.data(0, 256).id == letter_id:  # Qt.ItemDataRole.UserRole
            panel.letters.setCurrentItem(item)
    idle(qtbot, window)
    return " ".join(panel.document.getAllText(p).text()
                    for p in range(panel.document.pageCount()))


def test_the_preview_follows_the_selection_pdf_docx_pdf(qtbot, window, workspace, errors):
    ref = _two_letters(workspace)
    view = open_case(qtbot, window, ref)
    panel = view.letters
    view.tabs.setCurrentWidget(panel)
    first = _select(qtbot, window, panel, 1)
    assert "We will send you our response by" in first and "passport" not in first
    second = _select(qtbot, window, panel, 2)  # the Word letter, through its PDF rendering
    assert "Please send a copy of your passport." in second
    assert "Asked K." not in second
    assert panel.preview.currentWidget() is panel.view
    third = _select(qtbot, window, panel, 1)
    assert third == first
    assert errors == []


def test_printing_a_docx_letter_prints_its_pdf_rendering(qtbot, window, workspace, errors,
                                                         fake_printer):
    from sar_desk.services.letter_preview import letter_pdf

    ref = _two_letters(workspace)
    view = open_case(qtbot, window, ref)
    panel = view.letters
    view.tabs.setCurrentWidget(panel)
    _select(qtbot, window, panel, 2)
    panel.print_button.click()
    idle(qtbot, window)
    assert errors == [] and FakePrintDialog.shown == 1
    from pypdf import PdfReader

    printed = PdfReader(str(fake_printer))
    rendering = PdfReader(__import__("io").BytesIO(letter_pdf(workspace, ref, 2)))
    assert len(printed.pages) == len(rendering.pages) >= 1
    assert "passport" in rendering.pages[0].extract_text()


def test_a_fee_request_is_greyed_out_while_the_payment_details_are_unconfirmed(
        qtbot, window, workspace, errors):
    from decimal import Decimal

    from sar_desk.core.entities import Decision, DecisionGround, DecisionKind
    from sar_desk.services.cases import record_decision
    from sar_desk.services.profile_confirm import confirm_profile

    ref = make_case(workspace).reference
    record_decision(workspace, ref, Decision(
        DecisionKind.FEE, DecisionGround.FURTHER_COPIES, "Third copy", amount=Decimal("10"),
        working="Copying and postage.", decided_on=dt.date(2026, 3, 5)))
    view = open_case(qtbot, window, ref)
    panel = view.letters
    index = panel.kind.findData("fee-request")
    assert not panel.kind.model().item(index).isEnabled()
    assert "payment details" in panel.kind.itemData(index, 3)
    confirm_profile(workspace, ["fees"])
    window.open_case(ref)
    qtbot.waitUntil(lambda: panel.kind.model().item(index).isEnabled(), timeout=15_000)
    assert errors == []
