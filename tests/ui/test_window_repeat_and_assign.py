"""The possible-repeat notice (new-case dialog, live, and the case header, with a link to the
earlier case) and assignment only to the users who may work cases."""

from __future__ import annotations

import datetime as dt

from sar_desk.services.access import add_colleagues, current_login
from sar_desk.services.cases import get_case
from tests.ui.window_helpers import idle, make_case, open_case


def test_new_case_dialog_shows_a_repeat_as_a_notice_while_typing(qtbot, window, workspace,
                                                                 errors):
    earlier = make_case(workspace, name="Łucja Wójcik", received=dt.date(2025, 11, 3)).reference
    dialog = window.new_case()
    qtbot.keyClicks(dialog.requester.name, "lucja wojcik")  # normalised: case and accents
    qtbot.waitUntil(lambda: dialog.repeat.isVisible(), timeout=5_000)
    assert f'href="{earlier}"' in dialog.repeat.text() and "Possible repeat" in dialog.repeat.text()
    assert dialog.errors() == [] and dialog.ok_button.isEnabled()  # a notice, not an error
    dialog.requester.name.clear()
    qtbot.keyClicks(dialog.requester.name, "Someone Else")
    qtbot.waitUntil(lambda: not dialog.repeat.isVisible(), timeout=5_000)
    qtbot.keyClicks(dialog.requester.email, "ada@example.org")  # the earlier case's e-mail
    qtbot.waitUntil(lambda: dialog.repeat.isVisible(), timeout=5_000)
    assert dialog.repeat_of == earlier
    dialog.repeat.linkActivated.emit(earlier)  # the link opens the earlier case behind
    qtbot.waitUntil(lambda: window.case_view.case is not None
                    and window.case_view.case.reference == earlier, timeout=15_000)
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    new = window.case_view.case
    assert new.reference != earlier and new.extra["possible_repeat_of"] == earlier


def test_the_case_header_links_to_the_earlier_case(qtbot, window, workspace):
    earlier = make_case(workspace, name="Grace Hopper", received=dt.date(2026, 1, 5)).reference
    later = make_case(workspace, name="grace hopper", received=dt.date(2026, 3, 10)).reference
    view = open_case(qtbot, window, later)
    assert view.header.repeat.isVisible() and f'href="{earlier}"' in view.header.repeat.text()
    view.header.repeat.linkActivated.emit(earlier)
    qtbot.waitUntil(lambda: view.case.reference == earlier, timeout=15_000)
    assert not view.header.repeat.isVisible()  # the first request is no repeat


def test_cases_are_assigned_only_to_users_who_work_cases(qtbot, window, workspace, errors):
    add_colleagues(workspace, [("priya", "Priya Shah", "privacy_officer"),
                               ("mona", "Mona Manager", "manager")])
    dialog = window.new_case()
    names = [dialog.assignee.itemText(i) for i in range(dialog.assignee.count())]
    assert names[0] == "(nobody yet)"
    assert sorted(names[1:]) == sorted(["Priya Shah", current_login()])
    qtbot.keyClicks(dialog.requester.name, "Kwame Mensah")
    dialog.assignee.setEditText("Mona Manager")
    assert any("Mona Manager is not a user of this workspace who may work cases" in e
               for e in dialog.errors())
    assert not dialog.ok_button.isEnabled()
    dialog.assignee.setCurrentIndex(dialog.assignee.findText("Priya Shah"))
    assert dialog.errors() == []
    dialog.ok_button.click()
    idle(qtbot, window)
    assert errors == []
    ref = window.case_view.case.reference
    assert get_case(workspace, ref).assignee == "Priya Shah"

    assign = window.case_view.assign()
    assert assign.assignee.currentText() == "Priya Shah"
    assert "Mona Manager" not in [assign.assignee.itemText(i)
                                  for i in range(assign.assignee.count())]
    assign.assignee.setEditText("mona")
    assert assign.errors()[0].startswith("mona is not a user of this workspace")
    assert not assign.ok_button.isEnabled()
    assign.assignee.setEditText(current_login())
    assign.ok_button.click()
    idle(qtbot, window)
    assert errors == [] and get_case(workspace, ref).assignee == current_login()
