"""The redaction review window: draw a box with the mouse, accept it from the keyboard, apply
and verify it; the counts follow."""

from __future__ import annotations

import pymupdf
from PySide6.QtCore import QPoint, Qt

from sar_desk.services import cases, redaction
from tests.redaction import pdfs
from tests.ui.window_helpers import idle, make_case


def test_draw_a_box_accept_it_and_apply_it(qtbot, window, workspace, tmp_path):
    ref = make_case(workspace).reference
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdfs.plain())
    cases.attach_document(workspace, ref, path)
    window.open_case(ref)
    idle(qtbot, window)
    view = window.case_view.open_redaction()
    qtbot.addWidget(view)
    assert view.source.count == 1 and view.marks == []
    assert "0 proposed, 0 accepted, 0 rejected" in view.counts.text()

    zoom = view.zoom
    [word] = [w for w in pymupdf.open(stream=pdfs.plain())[0].get_text("words")
              if w[4] == "Johanna"]
    start = QPoint(int((word[0] - 2) * zoom), int((word[1] - 2) * zoom))
    end = QPoint(int((word[2] + 2) * zoom), int((word[3] + 2) * zoom))
    qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.canvas, end)
    qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=end)
    [mark] = view.marks
    assert (mark.source, mark.state, mark.text, mark.reason) == ("drawn", "proposed", "Johanna",
                                                                  "third-party")
    assert "1 proposed" in view.counts.text()

    view.activateWindow()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A)
    assert [m.state for m in view.marks] == ["accepted"]
    assert "0 proposed, 1 accepted" in view.counts.text()
    view.apply_button.click()
    assert redaction.copy_of(workspace, ref, 1) is not None
    view.verify_button.click()
    assert "Verified" in view.status.text() and "copy passed" in view.counts.text()
    view.show_copy.setChecked(True)  # the copy as it will be sent: no overlays
    assert view.canvas.marks == [] and not view.canvas.image.isNull()
    data = redaction.redacted_for_export(workspace, ref, 1)[1]
    text = pymupdf.open(stream=data)[0].get_text()
    assert "Johanna" not in text and "Smithers" in text


def test_marks_are_stepped_and_rejected_from_the_keyboard(qtbot, window, workspace, tmp_path):
    ref = make_case(workspace).reference
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdfs.plain())
    cases.attach_document(workspace, ref, path)
    for term in ("Johanna", "rota", "requester"):
        redaction.propose(workspace, ref, 1, term=term, reason="third-party")
    window.open_case(ref)
    idle(qtbot, window)
    view = window.case_view.open_redaction()
    qtbot.addWidget(view)
    assert view.current == 0
    qtbot.keyClick(view, Qt.Key.Key_N)
    assert view.current == 1
    qtbot.keyClick(view, Qt.Key.Key_R)
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert view.current == 1  # after a decision the next mark is current; P steps back
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom > 1 and view.canvas.width() > 595
    assert [m.state for m in view.marks] == ["proposed", "rejected", "proposed"]
    assert "2 proposed, 0 accepted, 1 rejected" in view.counts.text()
