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


def test_a_letter_the_case_is_not_ready_for_is_refused_readably(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    panel = view.letters
    panel.kind.setCurrentIndex(panel.kind.findData("extension-notice"))
    panel.generate_button.click()
    idle(qtbot, window)
    assert len(errors) == 1 and "Traceback" not in errors[0]
    assert get_case(workspace, ref).letters == ()
    assert panel.generate_button.isEnabled()


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
