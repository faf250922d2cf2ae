"""File ▸ Import a register: the wizard maps the columns, lists every row's problems in a dry
run, then imports the others with progress."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from sar_desk.services.cases import get_case, list_cases
from tests.services import register_fixtures as reg
from tests.ui import test_session_lock_and_roles as roles_tests
from tests.ui.window_helpers import idle

staff_window = roles_tests.staff_window  # a window opened by a staff-only user

# The quirky register, dated before the window tests' today (16 March 2026).
ROWS = {
    4: reg.ROWS[4],
    6: ["", "王芳", "", "25/01/2026", "", "", "Scotland", ""],
    7: ["", "عائشة الحسن", "", "03/02/2026", "Feb 20, 2026", "", "uk-ni", ""],
    8: ["", "Ελένη Παπαδοπούλου", "", "2026-02-10", "", "2026-02-01", "", ""],
    9: ["", "Tom Elsewhere", "", "2026-02-12", "", "", "Narnia", ""],
}


def test_the_wizard_runs_a_dry_run_naming_each_problem_then_imports(qtbot, window, workspace,
                                                                   errors, tmp_path):
    path = tmp_path / "register.xlsx"
    reg.write_xlsx(path, ROWS)
    action = window.import_register_action
    assert action.isVisible()
    action.trigger()
    wizard = window.active_dialog
    assert wizard.isVisible()

    wizard.file_page.path.setText(str(path))
    wizard.file_page.load()
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=10_000)
    wizard.next()
    columns = wizard.columns_page
    assert wizard.currentPage() is columns
    assert columns.chosen() == {"Ref": "reference", "Name": "requester", "E-mail": "email",
                                "Date received": "received", "Date responded": "responded",
                                "Closed": "closed", "Region": "jurisdiction",
                                "Comments": "ignore"}
    name_combo = dict(columns.combos)["Name"]
    name_combo.setCurrentIndex(name_combo.findData("ignore"))
    assert not columns.isComplete()
    assert "No column holds the Requester field." in columns.error.text()
    name_combo.setCurrentIndex(name_combo.findData("requester"))
    assert columns.isComplete()

    wizard.next()
    dry = wizard.dry_run_page
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=15_000)
    assert dry.problem_lines() == [
        "row 8: The closed date (01 Feb 2026) is before the received date (10 Feb 2026).",
        "row 9: The jurisdiction 'Narnia' is unknown: use uk-ew, uk-sct, uk-ni, eu or eu-XX, "
        "or a place such as Scotland or Germany."]
    shown = [dry.tree.topLevelItem(i).text(0) for i in range(dry.tree.topLevelItemCount())]
    assert shown == ["4", "6", "7", "8", "9"]
    assert "5 rows: 3 to import, 0 already imported, 2 with problems." in dry.summary.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    dry.skip.setChecked(True)
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()

    wizard.next()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=30_000)
    idle(qtbot, window)
    assert errors == []
    assert sorted(wizard.result.created) == [4, 6, 7]
    assert wizard.import_page.bar.value() == 3
    assert "Imported 3 cases; 2 left out with problems." in wizard.import_page.status.text()
    assert get_case(workspace, "SAR-2025-0101").requester.name == "Zofia Łódź-Nowak"
    names = {c.requester_name for c in list_cases(workspace, status="all")}
    assert names == {"Zofia Łódź-Nowak", "王芳", "عائشة الحسن"}
    wizard.accept()


def test_columns_headed_otherwise_are_mapped_in_the_wizard(qtbot, window, workspace, errors,
                                                          tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("Our register,\nWho asked,When it came in\nΕλένη Παπαδοπούλου,02/03/2026\n"
                    "Ada Lovelace,13/02/2026\n", encoding="utf-8")
    window.import_register_action.trigger()
    wizard = window.active_dialog
    wizard.file_page.path.setText(str(path))
    wizard.file_page.load()
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=10_000)
    wizard.next()
    columns = wizard.columns_page
    assert columns.chosen() == {"Who asked": "ignore", "When it came in": "ignore"}
    assert not columns.isComplete()
    for header, name in (("Who asked", "requester"), ("When it came in", "received")):
        combo = dict(columns.combos)[header]
        combo.setCurrentIndex(combo.findData(name))
    assert columns.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.plan is not None, timeout=15_000)
    assert wizard.dry_run_page.problem_lines() == []
    assert wizard.plan.orders == {"received": "day-first"}  # 13/02 settles 02/03
    wizard.next()
    qtbot.waitUntil(lambda: wizard.result is not None, timeout=30_000)
    idle(qtbot, window)
    assert errors == []
    received = {c.requester_name: c.received for c in list_cases(workspace, status="all")}
    assert received["Ελένη Παπαδοπούλου"].isoformat() == "2026-03-02"
    wizard.accept()


def test_staff_get_no_import_entry(staff_window):
    win, _plain, _ready = staff_window
    assert win.staff_only and not hasattr(win, "import_register_action")  # the staff window
