"""Closing means done and sign-off you can see, in the window: the event dialog asks for an
override or an outside response, the header shows it, each letter's status is in the Letters
tab, a final letter prints only once approved, the approvals queue and its dashboard tile."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.closing_rules import override_for
from sar_desk.core.entities import CaseStatus, EventKind
from sar_desk.services import signoff
from sar_desk.services.cases import get_case, store_letter
from tests.ui.test_window_letters import FakePrintDialog, fake_printer  # noqa: F401
from tests.ui.window_helpers import idle, make_case, open_case, window_of_user

PASS = "correct horse battery staple"
REASON = "Requester confirmed by phone that nothing further is wanted"


def status_column(panel) -> list[str]:
    return [panel.letters.topLevelItem(r).text(panel.STATUS_COLUMN)
            for r in range(panel.letters.topLevelItemCount())]


def test_closing_an_incomplete_case_needs_a_written_override_shown_in_the_header(
        qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    dialog = view.record_event(EventKind.CLOSED)
    assert "access: no search is logged" in dialog.refused
    assert not dialog.ok_button.isEnabled()  # an override needs a written reason
    qtbot.keyClicks(dialog.override, "ok")
    assert not dialog.ok_button.isEnabled() and "at least" in dialog.override_error.text()
    dialog.override.setPlainText(REASON)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: get_case(workspace, ref).status == CaseStatus.CLOSED,
                    timeout=10_000)
    idle(qtbot, window)
    assert override_for(get_case(workspace, ref), EventKind.CLOSED).reason == REASON
    qtbot.waitUntil(lambda: REASON in view.header.endings.text(), timeout=10_000)
    assert "Closed by override" in view.header.endings.text()
    assert errors == []


def test_a_response_made_outside_the_app_is_recorded_from_the_event_dialog(
        qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    view = open_case(qtbot, window, ref)
    dialog = view.record_event(EventKind.RESPONDED)
    assert "no final response" in dialog.refused and not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.method, "handed over at reception")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: get_case(workspace, ref).status == CaseStatus.RESPONDED,
                    timeout=10_000)
    idle(qtbot, window)
    assert get_case(workspace, ref).extra["responded_outside"]
    assert override_for(get_case(workspace, ref), EventKind.RESPONDED) is None
    qtbot.waitUntil(lambda: "outside the app" in view.header.endings.text(), timeout=10_000)
    assert errors == []


def test_letter_status_sign_off_in_the_status_bar_and_printing_needs_approval(
        qtbot, window, workspace, errors, fake_printer):  # noqa: F811
    ref = make_case(workspace).reference
    store_letter(workspace, ref, "acknowledgement", "pdf", b"%PDF ack")
    final = store_letter(workspace, ref, "final-response", "pdf", b"%PDF final").id
    view = open_case(qtbot, window, ref)
    panel = view.letters
    view.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: "" not in status_column(panel), timeout=10_000)
    assert status_column(panel) == ["Draft – needs approval", "Draft – no sign-off needed"]
    panel.letters.setCurrentItem(panel.letters.topLevelItem(0))  # the final response
    panel.print_button.click()
    idle(qtbot, window)
    assert FakePrintDialog.shown == 0 and not fake_printer.exists()
    assert len(errors) == 1 and "before it is printed" in errors[0]
    window.workflow_actions["request"].trigger()
    idle(qtbot, window)
    assert window.statusBar().currentMessage() == f"Asked for approval of letter {final} of {ref}"
    qtbot.waitUntil(lambda: status_column(panel)[0] == "Awaiting approval", timeout=10_000)
    assert signoff.letter_statuses(workspace, ref)[final].value == "awaiting approval"


@pytest.fixture
def manager(qtbot, tmp_path, monkeypatch, errors):
    def prepare(owner):
        ref = make_case(owner, name="Zoë Brontë-Hughes").reference
        letter = store_letter(owner, ref, "final-response", "pdf", b"%PDF final").id
        signoff.request_approval(owner, ref, letter)
        return ref, letter

    yield from window_of_user(qtbot, tmp_path, monkeypatch, errors, login="meg",
                              roles="manager", passphrase=PASS, prepare=prepare)


def test_a_manager_approves_from_the_queue_and_the_dashboard_tile_counts(qtbot, manager,
                                                                         errors):
    win, ws, (ref, letter) = manager
    win.show_view("dashboard")
    tile = win.dashboard.approvals_tile
    qtbot.waitUntil(lambda: tile.value_label.text() == "1", timeout=15_000)
    assert win.workflow_actions["approvals"].isVisible()
    win.workflow_actions["approvals"].trigger()
    dialog = win.active_dialog
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=10_000)
    row = dialog.tree.topLevelItem(0)
    assert (row.text(0), row.text(1), row.text(3)) == (ref, f"letter {letter}", "owner")
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 0, timeout=10_000)
    idle(qtbot, win)
    assert win.statusBar().currentMessage() == (
        f"Approved letter {letter} (final response) of {ref}")
    assert signoff.letter_approval(ws, ref, letter).by == "meg"
    assert "Nothing awaits your approval." in dialog.status.text()
    assert errors == []


def test_dispatch_is_confirmed_in_the_status_bar(qtbot, window, workspace, errors):
    ref = make_case(workspace).reference
    store_letter(workspace, ref, "acknowledgement", "pdf", b"%PDF ack")
    view = open_case(qtbot, window, ref)
    panel = view.letters
    panel.letters.setCurrentItem(panel.letters.topLevelItem(0))
    panel.record_dispatch()
    dialog = panel.active_dialog
    dialog.method.setCurrentText("post")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(get_case(workspace, ref).dispatches), timeout=10_000)
    idle(qtbot, window)
    assert window.statusBar().currentMessage().startswith(
        f"Recorded the dispatch of letter 1 (Acknowledgement) of {ref} on")
    assert errors == []
    assert get_case(workspace, ref).dispatches[0].date == dt.date(2026, 3, 16)  # app's today


@pytest.fixture
def manager_with_bundle(qtbot, tmp_path, monkeypatch, errors):
    def prepare(owner):
        import pymupdf

        from sar_desk.services import bundle
        from sar_desk.services.cases import attach_document, set_document_status

        ref = make_case(owner, name="Zoë Brontë-Hughes").reference
        doc = pymupdf.open()
        doc.new_page().insert_text((72, 100), "Minutes about Zoë")
        doc.save(tmp_path / "minutes.pdf")
        attach_document(owner, ref, tmp_path / "minutes.pdf")
        set_document_status(owner, ref, 1, "disclose")
        return ref, bundle.build(owner, ref).id

    yield from window_of_user(qtbot, tmp_path, monkeypatch, errors, login="meg",
                              roles="manager", passphrase=PASS, prepare=prepare)


def test_a_built_bundle_is_approved_from_the_queue(qtbot, manager_with_bundle, errors):
    from sar_desk.services import bundle

    win, ws, (ref, bundle_id) = manager_with_bundle
    win.show_view("dashboard")
    qtbot.waitUntil(lambda: win.dashboard.approvals_tile.value_label.text() == "1",
                    timeout=15_000)
    win.workflow_actions["approvals"].trigger()
    dialog = win.active_dialog
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=10_000)
    row = dialog.tree.topLevelItem(0)
    assert (row.text(0), row.text(1), row.text(2)) == (ref, f"bundle {bundle_id}",
                                                       "disclosure bundle")
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 0, timeout=10_000)
    idle(qtbot, win)
    assert win.statusBar().currentMessage() == (
        f"Approved bundle {bundle_id} (disclosure bundle) of {ref}")
    assert bundle.preview(ws, ref).latest.approved_by == "meg"
    assert errors == []
