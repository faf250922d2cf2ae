"""The organisation profile form in Settings: edits reach the letters, the TOML tab follows the
form (and back), a refused value names its field and keeps what was typed, and users who may
not edit the profile cannot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSpinBox

from sar_desk.services import settings as settings_service
from sar_desk.services.settings import workspace_profile
from tests.ui.window_helpers import window_of_user

PASS = "window passphrase"


def settings_form(window):
    window.show_view("settings")
    view = window.settings
    assert view.form_shown()  # the form is the tab shown first
    return view


def test_form_edits_are_saved_and_the_letters_use_them(qtbot, window, workspace):
    view = settings_form(window)
    editors = view.profile_form.editors
    assert isinstance(editors["organisation.name"], QLineEdit)
    assert isinstance(editors["article15.categories"], QPlainTextEdit)
    assert isinstance(editors["retention.closed_case_years"], QSpinBox)
    name = editors["organisation.name"]
    name.clear()
    qtbot.keyClicks(name, "Widgets ")  # typed; QTest cannot type letters beyond Latin-1
    name.insert("Łódź 王芳")
    editors["article15.categories"].setPlainText("contact details\n\n  order history  \n")
    qtbot.mouseClick(view.save_profile_button, Qt.MouseButton.LeftButton)
    assert view.profile_error.isHidden(), view.profile_error.text()
    assert "Saved" in view.profile_status.text()

    profile = workspace_profile(workspace)
    assert profile.get("organisation.name") == "Widgets Łódź 王芳"
    assert profile.get("article15.categories") == ["contact details", "order history"]
    saved = settings_service.profile_path(workspace.path).read_text(encoding="utf-8")
    assert "# CONFIRM: the notice does not say where it is registered" in saved
    view.reload()
    assert view.profile_form.values()["organisation.name"] == "Widgets Łódź 王芳"
    assert "Widgets Łódź 王芳" in view.profile.toPlainText()


def test_confirm_fields_carry_a_visible_check_this_hint(window):
    view = settings_form(window)
    hints = [label.text() for label in view.profile_form.findChildren(QLabel, "confirm_hint")]
    assert any("Check this" in h and "where it is registered" in h for h in hints)
    assert any("payment details" in h for h in hints)
    assert not any("FluxSys Ltd" == h for h in hints)


def test_the_toml_tab_follows_the_form_and_back(qtbot, window):
    view = settings_form(window)
    view.profile_form.editors["organisation.website"].setText("acme.example")
    view.profile_form.editors["identity.accepted"].setPlainText("a passport\na utility bill")
    view.profile_tabs.setCurrentWidget(view.profile)
    text = view.profile.toPlainText()
    assert 'website = "acme.example"' in text and '"a utility bill"' in text
    assert "leading zero). CONFIRM the form to print." in text  # comments kept
    view.profile.setPlainText(text.replace('"ICO"', '"The ICO"'))
    view.profile_tabs.setCurrentWidget(view.profile_form)
    assert view.form_shown()
    assert view.profile_form.values()["regulator.short_name"] == "The ICO"
    assert view.profile_form.values()["organisation.website"] == "acme.example"
    # text that does not parse: say so and stay on the Advanced tab, text untouched
    view.profile_tabs.setCurrentWidget(view.profile)
    broken = view.profile.toPlainText().replace('"The ICO"', '"The ICO')
    view.profile.setPlainText(broken)
    view.profile_tabs.setCurrentWidget(view.profile_form)
    assert not view.form_shown()
    assert "not valid TOML" in view.profile_error.text() and view.profile_error.isVisible()
    assert view.profile.toPlainText() == broken


def test_a_refused_value_names_the_field_and_keeps_what_was_typed(qtbot, window, workspace):
    view = settings_form(window)
    editors = view.profile_form.editors
    editors["article15.purposes"].setPlainText("to answer your request")
    editors["organisation.name"].setText("")
    assert not view.save_profile()
    assert "Organisation name" in view.profile_error.text() and view.profile_error.isVisible()
    assert "border" in editors["organisation.name"].styleSheet()  # the field is outlined
    assert not settings_service.profile_path(workspace.path).exists()
    assert editors["article15.purposes"].toPlainText() == "to answer your request"

    editors["organisation.name"].setText("Acme")
    editors["retention.closed_case_years"].setValue(0)
    assert not view.save_profile()
    assert "Years a closed case is kept" in view.profile_error.text()
    editors["retention.closed_case_years"].setValue(8)
    assert view.save_profile()
    assert not editors["organisation.name"].styleSheet()
    assert workspace_profile(workspace).get("retention.closed_case_years") == 8
    assert workspace_profile(workspace).get("article15.purposes") == ["to answer your request"]


@pytest.fixture
def staff_window(qtbot, tmp_path, monkeypatch, today, errors):
    for win, ws, _ in window_of_user(qtbot, tmp_path, monkeypatch, errors, login="stf",
                                     roles="staff", passphrase=PASS):
        yield win, ws


def test_staff_get_no_settings_and_cannot_save_a_profile(qtbot, staff_window):
    from sar_desk.errors import PermissionDenied
    from sar_desk.services import access

    win, ws = staff_window
    assert win.staff_only and not hasattr(win, "settings")  # the ready letters window
    with pytest.raises(PermissionDenied, match="only the staff key"):
        access.save_profile(ws, "[organisation]\nname = \"Mallory Ltd\"\n")
    assert not settings_service.profile_path(ws.path).exists()


@pytest.mark.parametrize("line", ["founded = 1998", "closed_case_years = 250"])
def test_a_whole_number_outside_the_spin_box_range_is_kept_not_clamped(qtbot, line):
    """Editing another field and saving the form must not rewrite a number the file holds
    (a year founded, a long retention period) to the spin box's limit."""
    from sar_desk.services import profile_form as form_service
    from sar_desk.ui.views.profile_form import ProfileForm

    text = settings_service.read_profile_text(None)
    section = "[retention]" if "closed_case_years" in line else "[organisation]"
    if "closed_case_years" in line:
        text = text.replace("closed_case_years = 6", line)
    else:
        text = text.replace(section, f"{section}\n{line}", 1)
    assert line in text
    form = ProfileForm()
    qtbot.addWidget(form)
    form.load(text)
    dotted = f"{section[1:-1]}.{line.split(' = ')[0]}"
    number = int(line.split(" = ")[1])
    assert form.values()[dotted] == number
    assert line in form_service.apply_values(text, form.values())


def test_a_paragraph_with_line_breaks_is_kept_when_another_field_is_saved(qtbot):
    """Payment details written over several lines in the TOML are not flattened onto one
    line because the officer changed the organisation's website in the form."""
    from sar_desk.services import profile_form as form_service
    from sar_desk.ui.views.profile_form import ProfileForm

    text = settings_service.read_profile_text(None)
    start = text.index("payment = ")
    end = text.index("\n", start)
    payment = 'payment = """Bank: Łódź Bank\nSort code: 12-34-56\nAccount: 12345678"""'
    text = text[:start] + payment + text[end:]
    form = ProfileForm()
    qtbot.addWidget(form)
    form.load(text)
    form.editors["organisation.website"].setText("widgets.example")
    saved = form_service.apply_values(text, form.values())
    assert payment in saved
    assert "widgets.example" in saved
    settings_service.validate_profile_text(saved)
    form.editors["fees.payment"].setPlainText("Pay by card\non the website")  # a real edit
    assert "Pay by card on the website" in form_service.apply_values(text, form.values())


def test_check_profile_lists_every_field_not_confirmed(qtbot, window):
    view = settings_form(window)
    qtbot.mouseClick(view.validate_button, Qt.MouseButton.LeftButton)
    status = view.profile_status.text()
    assert "The profile is complete" not in status
    assert "not confirmed yet" in status
    for dotted in ("organisation.registered_in", "fees.sort_code", "article15.safeguards"):
        assert f"({dotted})" in status


def test_a_confirmed_tick_clears_the_flag_and_keeps_the_comments(qtbot, window, workspace):
    from sar_desk.services.profile_form import unconfirmed_fields

    view = settings_form(window)
    ticks = view.profile_form.ticks
    assert {"organisation.registered_in", "fees", "privacy_contact"} <= set(ticks)
    ticks["organisation.registered_in"].setChecked(True)
    ticks["fees"].setChecked(True)
    qtbot.mouseClick(view.save_profile_button, Qt.MouseButton.LeftButton)
    assert view.profile_error.isHidden(), view.profile_error.text()
    saved = settings_service.profile_path(workspace.path).read_text(encoding="utf-8")
    assert "# Confirmed: the notice does not say where it is registered" in saved
    assert "# The notice gives the company number" in saved  # other comments kept
    waiting = unconfirmed_fields(saved)
    assert "organisation.registered_in" not in waiting and "fees.bank" not in waiting
    assert "organisation.company_number" in waiting
    assert "fees" not in view.profile_form.ticks  # the form now shows it confirmed
    assert "organisation.company_number" in view.profile_form.ticks
