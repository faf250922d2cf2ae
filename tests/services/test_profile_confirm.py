"""An honest profile: every field not confirmed is listed, and confirming one rewrites just
its CONFIRM comment (the file keeps every other comment and its layout)."""

from __future__ import annotations

import pytest

from sar_desk.errors import InputError
from sar_desk.services import profile_form as pf
from sar_desk.services.profile_confirm import confirm_fields, unconfirmed_sections
from sar_desk.services.settings import read_profile_text

DEFAULT = read_profile_text(None)


def test_check_lists_every_field_not_confirmed():
    text = pf.completeness_text(DEFAULT)
    waiting = pf.unconfirmed_fields(DEFAULT)
    assert len(waiting) >= 6
    assert f"{len(waiting)} fields are not confirmed yet" in text
    for dotted in waiting:
        assert f"({dotted})" in text
    assert "Sort code (fees.sort_code)" in text
    assert "complete" not in text


def test_confirming_a_field_clears_only_its_flag_and_keeps_the_comments():
    after = confirm_fields(DEFAULT, ["organisation.registered_in"])
    assert "organisation.registered_in" not in pf.unconfirmed_fields(after)
    assert set(pf.unconfirmed_fields(after)) == set(pf.unconfirmed_fields(DEFAULT)) - {
        "organisation.registered_in"}
    before_lines, after_lines = DEFAULT.splitlines(), after.splitlines()
    changed = [(b, a) for b, a in zip(before_lines, after_lines, strict=True) if b != a]
    assert changed == [('registered_in = "England and Wales"  # CONFIRM: the notice does not '
                        'say where it is registered',
                        'registered_in = "England and Wales"  # Confirmed: the notice does '
                        'not say where it is registered')]


def test_confirming_a_section_clears_the_flag_on_all_its_fields():
    assert "fees.bank" in unconfirmed_sections(DEFAULT)
    after = confirm_fields(DEFAULT, ["fees", "privacy_contact", "organisation.company_number",
                                     "organisation.registered_in"])
    assert unconfirmed_sections(after) == []
    assert pf.completeness_text(confirm_fields(after, [
        "article15.safeguards", "article15.automated_decisions",
        "retention.closed_case_years"])) == "The profile is complete and every field is confirmed."


def test_an_unknown_name_is_refused():
    with pytest.raises(InputError, match="no section 'nowhere'"):
        confirm_fields(DEFAULT, ["nowhere"])
    with pytest.raises(InputError, match="no field 'fees.cash'"):
        confirm_fields(DEFAULT, ["fees.cash"])
