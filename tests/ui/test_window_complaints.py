"""Complaints in the window: the list beside Cases, a complaint, raising one from a case,
the dashboard tiles, and letters that never print internal notes."""

from __future__ import annotations

import datetime as dt
import io
import os

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from sar_desk.core.entities import Person
from sar_desk.services import complaints
from sar_desk.services.complaint_letters import generate_complaint_letter
from sar_desk.services.complaints import NewComplaint
from tests.ui.window_helpers import idle, make_case, open_case

D = dt.date


def log(ws, *, received, name="Ada Lovelace", **kw):
    return complaints.create_complaint(ws, NewComplaint(Person(name), received, **kw))


def test_the_complaints_list_sits_beside_cases(qtbot, window, workspace, qtmodeltester):
    log(workspace, received=D(2026, 2, 2))  # acknowledgement due 4 March: overdue
    log(workspace, name="Bea Grant", received=D(2026, 3, 10), channel="social")
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    page = window.page("complaints")
    assert window.current_view() == "complaints"
    assert page.model.rowCount() == 2
    qtmodeltester.check(page.model)
    states = [page.model.index(r, 4).data() for r in range(2)]
    assert states == ["⚠ Acknowledgement overdue", "To acknowledge"]
    page.show_only("ack_overdue")
    idle(qtbot, window)
    assert page.model.rowCount() == 1


def test_raise_a_complaint_from_a_case_and_see_it_on_the_case(qtbot, window, workspace):
    case = make_case(workspace, name="Zoë Brontë-Hughes")
    view = open_case(qtbot, window, case.reference)
    assert view.complaint_button.isVisible() and view.complaint_button.isEnabled()
    qtbot.mouseClick(view.complaint_button, Qt.MouseButton.LeftButton)
    dialog = window.active_dialog
    assert dialog.name.text() == "Zoë Brontë-Hughes"  # from the case
    assert dialog.case.text() == case.reference
    dialog.channel.setCurrentIndex(dialog.channel.findData("social"))
    dialog.accept()
    idle(qtbot, window)
    page = window.page("complaint")
    qtbot.waitUntil(lambda: page.view is not None, timeout=15_000)
    assert window.current_view() == "complaint"
    complaint = page.view.complaint
    assert (complaint.case_ref, complaint.channel.value) == (case.reference, "social")
    assert "Acknowledge by" in page.state.text()
    assert "not a legal deadline" in page.state.text()
    # The case shows the complaint, and the complaint opens the case.
    view = open_case(qtbot, window, case.reference)
    idle(qtbot, window)
    assert complaint.reference in view.complaints_label.text()
    view.complaints_label.linkActivated.emit(complaint.reference)
    idle(qtbot, window)
    assert window.current_view() == "complaint"
    page.case_button.click()
    idle(qtbot, window)
    assert window.current_view() == "case"


def test_work_a_complaint_and_write_its_letters(qtbot, window, workspace, tmp_path,
                                                monkeypatch):
    ref = log(workspace, received=D(2026, 3, 2)).complaint.reference
    complaints.add_complaint_note(workspace, ref, "CANARY-UI internal note")
    window.open_complaint(ref)
    page = window.page("complaint")
    qtbot.waitUntil(lambda: page.view is not None, timeout=15_000)
    assert not page.outcome_button.isEnabled()
    dialog = page.add_issue()
    dialog.text.setPlainText("The reply was late")
    dialog.accept()
    idle(qtbot, window)
    assert page.issues.rowCount() == 1
    assert "issue 1 (The reply was late)" in page.close_button.toolTip()
    assert not page.close_button.isEnabled()
    dialog = page.record_outcome()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("partly"))
    dialog.reason.setPlainText("It was two days late.")
    dialog.remedy.setPlainText("An apology.")
    dialog.accept()
    idle(qtbot, window)
    assert page.issues.item(0, 2).text() == "partly upheld"
    assert page.close_button.isEnabled()

    target = tmp_path / "outcome.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    page.write_letter("outcome")
    idle(qtbot, window)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(target.read_bytes())).pages)
    assert "It was two days late." in text and "CANARY" not in text
    assert "Internal notes" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.close_complaint()
    idle(qtbot, window)
    assert page.view.complaint.status.value == "closed"


def test_dashboard_complaint_tiles(qtbot, window, workspace):
    log(workspace, received=D(2026, 1, 5))  # ack overdue and past its target on 16 March
    log(workspace, received=D(2026, 3, 10))  # to acknowledge
    window.show_view("dashboard")
    dashboard = window.page("dashboard")
    with qtbot.waitSignal(dashboard.refreshed, timeout=15_000):
        dashboard.refresh()
    idle(qtbot, window)
    tiles = dashboard.complaint_tiles
    values = {k: t.value_label.text() for k, t in tiles.items()}
    assert values == {"to_acknowledge": "1", "ack_overdue": "1", "past_target": "1"}
    tiles["ack_overdue"].activated.emit()
    idle(qtbot, window)
    assert window.current_view() == "complaints"
    assert window.page("complaints").model.rowCount() == 1


@pytest.mark.slow
def test_screenshot_of_a_complaint(qtbot, window, workspace, tmp_path):
    """An offscreen screenshot at 1280x720 (kept when SAR_DESK_SCREENSHOTS names a folder)."""
    case = make_case(workspace, name="Zoë Brontë-Hughes")
    ref = log(workspace, name="Zoë Brontë-Hughes", received=D(2026, 2, 13),
              case_ref=case.reference).complaint.reference
    complaints.add_issue(workspace, ref, "The reply to my request was late")
    complaints.add_issue(workspace, ref, "Emails about me were left out")
    complaints.record_complaint_event(workspace, ref, "acknowledged", D(2026, 2, 16))
    complaints.record_outcome(workspace, ref, 1, "upheld", "It was sent 12 days late.",
                              remedy="An apology and a review of our process.")
    window.resize(1280, 720)
    window.open_complaint(ref)
    page = window.page("complaint")
    qtbot.waitUntil(lambda: page.view is not None, timeout=15_000)
    idle(qtbot, window)
    image = window.grab().toImage()
    assert (image.width(), image.height()) == (1280, 720)
    folder = os.environ.get("SAR_DESK_SCREENSHOTS")
    path = (os.path.join(folder, "complaint.png") if folder else str(tmp_path / "c.png"))
    assert image.save(path)
    window.show_view("dashboard")
    with qtbot.waitSignal(window.page("dashboard").refreshed, timeout=15_000):
        window.page("dashboard").refresh()
    idle(qtbot, window)
    assert window.grab().toImage().save(path.replace(".png", "-dashboard.png"))


def test_each_alt_letter_does_one_thing_on_the_complaint_screens(qtbot, window, workspace):
    from tests.ui.test_window_keyboard import mnemonics

    ref = log(workspace, received=D(2026, 3, 2)).complaint.reference
    window.open_complaint(ref)
    idle(qtbot, window)
    for name in ("complaint", "complaints"):
        window.show_view(name)
        idle(qtbot, window)
        keys = [k for k, _ in mnemonics(window)]
        assert len(keys) == len(set(keys)), (name, mnemonics(window))


def test_an_officer_marks_a_complaint_ready_for_staff(qtbot, window, workspace):
    from sar_desk.services.access import is_ready

    ref = log(workspace, received=D(2026, 3, 2)).complaint.reference
    window.open_complaint(ref)
    page = window.page("complaint")
    qtbot.waitUntil(lambda: page.view is not None, timeout=15_000)
    assert page.ready_button.isVisible() and not page.ready_button.isChecked()
    page.ready_button.click()
    idle(qtbot, window)
    assert is_ready(workspace, ref) and page.ready_button.isChecked()


@pytest.fixture
def staff_window(qtbot, tmp_path, monkeypatch, errors):
    from tests.ui.window_helpers import window_of_user

    def prepare(ws):
        ready = log(ws, received=D(2026, 3, 2)).complaint.reference
        complaints.add_complaint_note(ws, ready, "CANARY staff must not see")
        generate_complaint_letter(ws, ready, "acknowledgement")
        complaints.mark_complaint_ready(ws, ready)
        log(ws, name="Not Ready", received=D(2026, 3, 3))
        return ready

    yield from window_of_user(qtbot, tmp_path, monkeypatch, errors, login="sam",
                              roles="staff", passphrase="staff passphrase long",
                              prepare=prepare)


def test_staff_see_ready_complaints_and_print_their_letters_only(qtbot, staff_window):
    win, _ws, ready = staff_window
    assert win.staff_only  # the ready letters window: no complaint list, no notes
    win.batch_print()
    dialog = win.active_dialog
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=15_000)
    assert [(r.reference, r.requester) for r in dialog.ready] == [(ready, "Ada Lovelace")]
    letter = dialog.ready[0]
    from sar_desk.services import staff_desk

    assert staff_desk.letter_bytes(win.ctx.workspace, ready, letter.letter_id).startswith(
        b"%PDF")
    assert "CANARY" not in " ".join(str(c) for c in staff_desk.ready_cases(win.ctx.workspace))
    dialog.reject()
