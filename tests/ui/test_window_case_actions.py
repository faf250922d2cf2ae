"""Working a case in the window; each test checks the case file through the services."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.entities import DisclosureStatus, EventKind
from sar_desk.services.cases import deadline_for, get_case
from sar_desk.ui.dialogs.base import qdate
from tests.ui.window_helpers import drop_files, idle, make_case, open_case


def record(qtbot, win, view, kind, day, note=""):
    dialog = view.record_event(kind)
    dialog.date.setDate(qdate(day))
    if note:
        qtbot.keyClicks(dialog.note, note)
    assert dialog.errors() == [], dialog.errors()
    dialog.ok_button.click()
    idle(qtbot, win)
    return dialog


def test_record_id_requested_and_received_restarts_the_clock(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    assert view.header.due.text() == "Due Thursday 02 April 2026"
    record(qtbot, window, view, EventKind.ID_REQUESTED, dt.date(2026, 3, 3), "passport copy")
    record(qtbot, window, view, EventKind.ID_RECEIVED, dt.date(2026, 3, 10))
    assert errors == []
    case = get_case(workspace, ref)
    assert [(e.kind, e.date) for e in case.events] == [
        (EventKind.ID_REQUESTED, dt.date(2026, 3, 3)),
        (EventKind.ID_RECEIVED, dt.date(2026, 3, 10)),
    ]
    assert case.events[0].note == "passport copy"
    deadline = deadline_for(case, as_of=dt.date(2026, 3, 16))
    assert deadline.relevant_date == dt.date(2026, 3, 10)
    assert deadline.due == dt.date(2026, 4, 10)
    # the header and timeline show the new state
    assert view.header.due.text() == "Due Friday 10 April 2026"
    assert view.panels.timeline.topLevelItemCount() == 2


def test_pause_and_resume_for_clarification(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    record(
        qtbot,
        window,
        view,
        EventKind.CLARIFICATION_REQUESTED,
        dt.date(2026, 3, 5),
        "Which of the three accounts?",
    )
    assert "paused" in view.header.badge.text().lower()
    assert get_case(workspace, ref).events[0].note == "Which of the three accounts?"
    record(qtbot, window, view, EventKind.CLARIFICATION_RECEIVED, dt.date(2026, 3, 9))
    assert errors == []
    deadline = deadline_for(get_case(workspace, ref), as_of=dt.date(2026, 3, 16))
    assert deadline.paused_days == 5  # 5 to 9 March, both days counted
    assert deadline.due == dt.date(2026, 4, 7)
    assert "running" in view.header.badge.text().lower()
    assert "5 paused days added" in view.header.flags.text()
    assert any(
        "pause" in line.lower() for line in view.header.explanation.toPlainText().splitlines()
    )


def test_extend_with_a_reason_only_in_the_first_month(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    assert view.extend_button.isEnabled()
    dialog = view.record_event(EventKind.EXTENDED)
    assert not dialog.ok_button.isEnabled()  # no reason yet
    record(
        qtbot,
        window,
        view,
        EventKind.EXTENDED,
        dt.date(2026, 3, 16),
        "Complex: records held in 14 systems",
    )
    assert errors == []
    case = get_case(workspace, ref)
    assert case.events[-1].kind == EventKind.EXTENDED
    assert case.events[-1].note == "Complex: records held in 14 systems"
    deadline = deadline_for(case, as_of=dt.date(2026, 3, 16))
    assert deadline.extension_valid and deadline.extended_due == dt.date(2026, 6, 2)
    assert view.header.due.text() == "Due Tuesday 02 June 2026"
    assert "Extended from 02 Apr 2026" in view.header.flags.text()
    assert not view.extend_button.isEnabled()  # only once


def test_no_extension_after_the_first_month(qtbot, window, workspace):
    ref = make_case(workspace, received=dt.date(2026, 1, 5)).reference
    view = open_case(qtbot, window, ref)
    assert not view.extend_button.isEnabled()
    assert "first month" in view.extend_button.toolTip()


def test_apply_an_exemption_from_the_catalogue(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    dialog = view.apply_exemption()
    qtbot.keyClicks(dialog.filter, "rights of others")
    assert dialog.proxy.rowCount() == 1
    assert dialog.select("third-party")
    qtbot.keyClicks(dialog.reasoning, "Names colleagues who did not consent")
    qtbot.keyClicks(dialog.scope, "emails of 4 May")
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    (applied,) = get_case(workspace, ref).exemptions
    assert (applied.code, applied.reasoning, applied.scope) == (
        "third-party",
        "Names colleagues who did not consent",
        "emails of 4 May",
    )
    shown = view.panels.exemptions.topLevelItem(0).text(1)
    assert "DPA 2018 Sch 2 para 16" in shown


def test_attach_a_dropped_file_and_mark_it_withheld(qtbot, window, workspace, errors, tmp_path):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    file = tmp_path / "HR file – Łódź.txt"
    file.write_text("Appraisal notes 2025", encoding="utf-8")
    drop_files(view.panels.documents, [file])
    idle(qtbot, window)
    assert errors == []
    (doc,) = get_case(workspace, ref).documents
    assert doc.filename == "HR file – Łódź.txt" and doc.size == len(file.read_bytes())
    view.panels.documents.setCurrentItem(view.panels.documents.topLevelItem(0))
    dialog = view.set_document_status()
    dialog.status.setCurrentIndex(dialog.status.findData(DisclosureStatus.WITHHOLD))
    assert dialog.errors() == ["Name the exemption that allows withholding this."]
    dialog.exemption.setCurrentIndex(dialog.exemption.findData("third-party"))
    dialog.ok_button.click()
    idle(qtbot, window)
    (doc,) = get_case(workspace, ref).documents
    assert (doc.status, doc.exemption_code) == (DisclosureStatus.WITHHOLD, "third-party")


def test_attach_through_the_file_dialog(qtbot, window, workspace, errors, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    files = [tmp_path / "a.pdf", tmp_path / "b.csv"]
    for f in files:
        f.write_bytes(b"%PDF-1.4 fake" if f.suffix == ".pdf" else b"x,y\n1,2\n")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(f) for f in files], ""))
    )
    view.document_button.click()
    idle(qtbot, window)
    assert errors == []
    assert sorted(d.filename for d in get_case(workspace, ref).documents) == ["a.pdf", "b.csv"]


def test_fee_decision_note_search_and_assignment(qtbot, window, workspace, errors):
    from sar_desk.services.access import add_colleagues

    add_colleagues(workspace, [("priya", "Priya Shah", "privacy_officer")])
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    dialog = view.record_decision()
    qtbot.keyClicks(dialog.reasons, "Fourth identical request in two months")
    qtbot.keyClicks(dialog.amount, "12.505")
    assert dialog.errors() == ["The fee must be more than £0 and in pounds and pence."]
    dialog.amount.setText("25.00")
    dialog.ground.setCurrentIndex(dialog.ground.findData("excessive"))
    dialog.ok_button.click()
    idle(qtbot, window)
    note = view.add_note()
    qtbot.keyClicks(note.text, "Called the requester")
    note.ok_button.click()
    idle(qtbot, window)
    search = view.add_search_log()
    qtbot.keyClicks(search.system, "HR system")
    qtbot.keyClicks(search.terms, "Ada Lovelace, staff no 123")
    search.ok_button.click()
    idle(qtbot, window)
    assign = view.assign()
    assign.assignee.setCurrentIndex(assign.assignee.findText("Priya Shah"))
    assign.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    case = get_case(workspace, ref)
    (decision,) = case.decisions
    assert decision.kind.value == "fee" and decision.ground.value == "excessive"
    assert str(decision.amount) == "25.00"
    assert decision.reasons == "Fourth identical request in two months"
    assert case.notes[0].text == "Called the requester"
    assert (case.search_log[0].system, case.search_log[0].terms) == (
        "HR system",
        "Ada Lovelace, staff no 123",
    )
    assert case.assignee == "Priya Shah"
    assert view.panels.audit.topLevelItemCount() >= 5


def test_a_refused_change_is_a_readable_error_and_changes_nothing(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    dialog = view.record_event(EventKind.ID_RECEIVED)  # received without being asked for
    dialog.date.setDate(qdate(dt.date(2026, 2, 1)))  # and before the request arrived
    dialog.ok_button.click()
    idle(qtbot, window)
    assert len(errors) == 1 and "before the request was received" in errors[0]
    assert "Traceback" not in errors[0]
    assert get_case(workspace, ref).events == ()
