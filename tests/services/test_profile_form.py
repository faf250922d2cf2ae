"""The organisation profile as form fields: written back keeping comments, checked by the letters'
own loader, refusing a bad value with the field named. No display needed."""

from __future__ import annotations

import difflib
import tomllib

import pytest

from sar_desk.documents import load_profile
from sar_desk.errors import InputError
from sar_desk.services import profile_form as pf
from sar_desk.services.settings import read_profile_text, save_profile_text

DEFAULT = read_profile_text(None)


def changed_lines(old: str, new: str) -> list[str]:
    return [line for line in difflib.ndiff(old.splitlines(), new.splitlines())
            if line[:2] in ("- ", "+ ")]


def fields(text: str = DEFAULT) -> dict[str, pf.FormField]:
    return {f.dotted: f for s in pf.form_sections(text) for f in s.fields}


def test_unchanged_values_write_the_file_back_byte_for_byte():
    values = pf.form_values(DEFAULT)
    assert pf.apply_values(DEFAULT, values) == DEFAULT
    # spaces at the ends of a value (as a form leaves them) are not a change either
    values["organisation.name"] = "  FluxSys Ltd "
    values["article15.categories"] = [f" {c} " for c in values["article15.categories"]] + [" "]
    assert pf.apply_values(DEFAULT, values) == DEFAULT


def test_a_changed_field_is_written_and_nothing_else_moves():
    values = pf.form_values(DEFAULT)
    values["organisation.name"] = "Acme Widgets Ltd"
    values["article15.categories"] = ["contact details", "order history"]
    values["retention.closed_case_years"] = 7
    new = pf.check_form(DEFAULT, values)
    data = tomllib.loads(new)
    assert data["organisation"]["name"] == "Acme Widgets Ltd"
    assert data["article15"]["categories"] == ["contact details", "order history"]
    assert data["retention"]["closed_case_years"] == 7
    diff = changed_lines(DEFAULT, new)
    assert all("#" not in line for line in diff), diff  # every comment kept, in place
    assert [line for line in diff if line.startswith("+ ")] == [
        '+ name = "Acme Widgets Ltd"', '+     "contact details",', '+     "order history",',
        "+ closed_case_years = 7"]
    assert [ln for ln in DEFAULT.splitlines() if ln.startswith("#")] == [
        ln for ln in new.splitlines() if ln.startswith("#")]
    # an inline CONFIRM comment survives a change to its value
    values["organisation.registered_in"] = "Scotland"
    assert ('registered_in = "Scotland"  # CONFIRM: the notice does not say where it is '
            'registered') in pf.apply_values(DEFAULT, values)


@pytest.mark.parametrize(("dotted", "value", "words"), [
    ("organisation.name", "   ", "Organisation name (organisation.name): must be non-empty"),
    ("retention.closed_case_years", 0, "Years a closed case is kept"),
    ("organisation.email", "info.fluxsys.co.uk", "it has no @"),
    ("privacy_contact.email", "nobody", "Email address for requests"),
    ("article15.categories", [" ", ""], "Categories of personal data we hold"),
    ("identity.accepted", [" "], "Identity documents we accept"),
])
def test_a_bad_value_is_refused_naming_the_field(dotted, value, words):
    values = pf.form_values(DEFAULT)
    values[dotted] = value
    with pytest.raises(pf.ProfileFieldError) as caught:
        pf.check_form(DEFAULT, values)
    assert caught.value.dotted == dotted
    assert words in str(caught.value)


@pytest.mark.parametrize("name", ["Łódź Widgets Sp. z o.o.", "王芳", "عائشة", "Ελένη & Co"])
def test_names_in_any_script_survive_a_save(tmp_path, name):
    values = pf.form_values(DEFAULT)
    values["organisation.name"] = name
    values["signatory.name"] = name
    values["organisation.address"] = [name, "ul. Piotrkowska 1", "90-001 Łódź"]
    path = tmp_path / "profile.toml"
    save_profile_text(pf.check_form(DEFAULT, values), path)
    profile = load_profile(path)
    assert profile.get("organisation.name") == name == profile.get("signatory.name")
    assert profile.get("organisation.address")[2] == "90-001 Łódź"
    assert pf.form_values(path.read_text(encoding="utf-8"))["organisation.name"] == name


def test_confirm_comments_flag_the_field_they_belong_to():
    found = fields()
    confirmed = {d for d, f in found.items() if f.confirm}
    assert confirmed == {"organisation.company_number", "organisation.registered_in",
                         "article15.safeguards", "article15.automated_decisions",
                         "retention.closed_case_years"}
    assert "does not say where it is registered" in found["organisation.registered_in"].note
    assert "CONFIRM" not in found["organisation.company_number"].note
    sections = {s.key: s for s in pf.form_sections(DEFAULT)}
    assert sections["privacy_contact"].confirm  # the comment opening the table
    assert sections["fees"].confirm  # the payment details
    assert not sections["article15"].confirm and "plain words" in sections["article15"].note
    assert [s.key for s in sections.values()] == [
        "organisation", "privacy_contact", "regulator", "article15", "identity", "fees",
        "signatory", "retention", "backups"]
    kinds = {d: f.kind for d, f in found.items()}
    assert kinds["organisation.name"] == "str" and kinds["identity.accepted"] == "list"
    assert kinds["retention.closed_case_years"] == "int"


def test_a_comment_cut_off_by_a_blank_line_flags_nothing():
    text = DEFAULT.replace('phone = "024 7692 0800"\nemail = "info@',
                           '# CONFIRM the number\n\nphone = "024 7692 0800"\nemail = "info@', 1)
    assert not fields(text)["organisation.phone"].confirm
    text = text.replace("# CONFIRM the number\n\n", "# CONFIRM the number\n")
    assert fields(text)["organisation.phone"].confirm


def test_a_missing_field_is_offered_empty_and_written_when_filled():
    text = DEFAULT.replace('helpline = "0303 123 1113"\n', "")
    assert "regulator.helpline" in fields(text)
    values = pf.form_values(text)
    assert values["regulator.helpline"] == ""
    with pytest.raises(pf.ProfileFieldError, match="Helpline"):
        pf.check_form(text, values)
    values["regulator.helpline"] = "0303 123 1113"
    assert tomllib.loads(pf.check_form(text, values))["regulator"]["helpline"] == "0303 123 1113"
    # an empty optional field the file does not have is not added
    text = DEFAULT.replace('short_name = "ICO"\n', "")
    values = pf.form_values(text)
    assert values["regulator.short_name"] == ""
    assert pf.apply_values(text, values) == text


def test_text_that_does_not_parse_is_refused():
    with pytest.raises(InputError, match="not valid TOML"):
        pf.form_sections(DEFAULT.replace('name = "FluxSys Ltd"', 'name = "FluxSys Ltd'))
