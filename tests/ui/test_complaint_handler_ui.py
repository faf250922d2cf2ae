"""Who handles a complaint, in the window: the New complaint form proposes whoever raises
it, the complaint's Assign handler form refuses anyone but a privacy officer as it is typed,
and the list shows the handler and can keep only mine."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import Person
from sar_desk.services import access, complaints
from sar_desk.services.complaints import NewComplaint
from tests.ui.window_helpers import idle

D = dt.date


def test_assign_a_handler_from_the_complaint_and_filter_the_list(qtbot, window, workspace):
    access.add_colleagues(workspace, [("grace.okafor", "Grace Okafor", "privacy_officer"),
                                      ("mona", "Mona Manager", "manager")])
    me = access.current_user(workspace).login
    ref = complaints.create_complaint(workspace, NewComplaint(
        Person("Ada Lovelace"), D(2026, 3, 2))).complaint.reference
    other = complaints.create_complaint(workspace, NewComplaint(
        Person("Bea Grant"), D(2026, 3, 3), handler="")).complaint.reference
    window.open_complaint(ref)
    page = window.page("complaint")
    qtbot.waitUntil(lambda: page.view is not None, timeout=15_000)
    assert f"Handled by <b>{me}</b>" in page.handler.text()
    assert page.assign_button.isVisible() and page.assign_button.isEnabled()

    dialog = page.assign()
    assert dialog.value() == me and dialog.errors() == []
    dialog.handler.setEditText("Mona Manager")  # live feedback, from the core rule
    assert dialog.errors() == [
        f"mona may not handle complaints: only a privacy officer may, and mona is a manager. "
        f"Choose one of: {', '.join(sorted(['grace.okafor', me]))}."]
    assert not dialog.ok_button.isEnabled()
    dialog.handler.setEditText("priya")
    assert dialog.errors()[0].startswith("priya is not a user of this workspace.")
    dialog.handler.setCurrentIndex(dialog.handler.findData("grace.okafor"))
    assert dialog.handler.currentText() == "Grace Okafor (grace.okafor)"
    assert dialog.errors() == [] and dialog.ok_button.isEnabled()
    dialog.accept()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.view.complaint.handler == "grace.okafor", timeout=15_000)
    assert "Handled by <b>Grace Okafor (grace.okafor)</b>" in page.handler.text()
    trail = complaints.complaint_audit(workspace, ref)[-1]
    assert (trail.action, trail.details["handler"]) == ("complaint_handler_assigned",
                                                        "grace.okafor")

    window.show_complaints("all")
    idle(qtbot, window)
    listing = window.page("complaints")
    qtbot.waitUntil(lambda: listing.model.rowCount() == 2, timeout=15_000)
    handlers = {listing.model.index(r, 0).data(): listing.model.index(r, 5).data()
                for r in range(2)}
    assert handlers == {ref: "grace.okafor", other: "no handler"}
    complaints.assign_complaint(workspace, other, me)
    listing.refresh()
    idle(qtbot, window)
    listing.mine.setChecked(True)
    assert [listing.model.index(r, 0).data() for r in range(listing.model.rowCount())] == [
        other]


def test_the_new_complaint_form_proposes_me_and_checks_the_handler(qtbot, window, workspace):
    access.add_colleagues(workspace, [("mona", "Mona Manager", "manager")])
    me = access.current_user(workspace).login
    dialog = window.raise_complaint("")
    assert dialog.handler.value() == me
    dialog.name.setText("Cy Cross")
    dialog.handler.setEditText("mona")
    assert "mona may not handle complaints" in dialog.handler_error.text()
    assert not dialog.ok_button.isEnabled()
    dialog.handler.setCurrentIndex(0)  # no handler yet
    assert dialog.handler.value() == "" and dialog.ok_button.isEnabled()
    dialog.accept()
    idle(qtbot, window)
    page = window.page("complaint")
    qtbot.waitUntil(lambda: page.view is not None, timeout=15_000)
    assert page.view.complaint.handler == ""
    assert "No handler yet" in page.handler.text()
