"""The UK patterns, whole-word terms and the refusal of runaway regular expressions."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sar_desk.core.redaction_directory import directory_people
from sar_desk.core.redaction_patterns import (
    PATTERN_NAMES,
    nhs_number_ok,
    pattern_named,
    pattern_spans,
    regex_refusal,
    regex_spans,
    term_spans,
)
from sar_desk.errors import InputError


def found(name: str, text: str) -> list[str]:
    return [text[a:b] for a, b in pattern_spans(text, pattern_named(name))]


def test_the_pattern_names_are_the_ones_the_command_line_takes():
    assert PATTERN_NAMES == ("email", "uk-phone", "ni-number", "nhs-number", "postcode",
                             "bank-account")
    with pytest.raises(InputError, match="nhs-number"):
        pattern_named("nhs")


def _check_digit(nine: list[int]) -> int | None:
    check = 11 - sum(d * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
    return {11: 0, 10: None}.get(check, check)


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9), st.integers(0, 9))
def test_an_nhs_number_is_found_only_with_its_mod_11_check_digit(nine, last):
    number = "".join(map(str, nine)) + str(last)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    good = _check_digit(nine) == last and len(set(number)) > 1
    assert nhs_number_ok(number) is good
    assert found("nhs-number", f"NHS no. {spaced} on file") == ([spaced] if good else [])


def test_known_nhs_numbers():
    assert found("nhs-number", "943 476 5919 and 9434765919") == ["943 476 5919", "9434765919"]
    assert found("nhs-number", "943 476 5910, 943 476 5918, 0000000000") == []


def test_the_other_uk_patterns():
    assert found("email", "write to jo.bloggs+sar@council.gov.uk today") == [
        "jo.bloggs+sar@council.gov.uk"]
    assert found("uk-phone", "ring 020 7946 0018, +44 7700 900123 or 07700-900-123.") == [
        "020 7946 0018", "+44 7700 900123", "07700-900-123"]
    assert found("ni-number", "NI QQ 12 34 56 C, AB123456C, AB 12 34 56 E") == ["AB123456C"]
    assert found("postcode", "York YO1 7HH and sw1a 1aa, not YO1 7LM or ABC 123") == [
        "YO1 7HH", "sw1a 1aa"]
    assert found("bank-account", "sort code 12-34-56 account 12345678; 1234567890") == [
        "12-34-56 account 12345678"]


def test_a_term_is_found_as_whole_words_in_any_case_across_line_breaks():
    text = "Johanna\nSmithers met JOHANNA SMITHERS; Johannas Smithersons did not"
    assert [text[a:b] for a, b in term_spans(text, "johanna smithers")] == [
        "Johanna\nSmithers", "JOHANNA SMITHERS"]


@pytest.mark.parametrize("expression", [r"(a+)+$", r"(\w*)*x", r"(.+)+\d", r"(a)\1",
                                        r"(?:x|y+)+z", r"(a|aa)*b", r"(?:xy|x)+!"])
def test_regular_expressions_that_can_run_for_ever_are_refused(expression):
    assert "repeat" in regex_refusal(expression)
    with pytest.raises(InputError, match="Nothing was proposed"):
        regex_spans("a" * 40 + "!", expression)


def test_a_bounded_expression_runs_fast_on_hostile_text():
    started = time.perf_counter()
    assert regex_spans("a" * 100_000, r"\ba{3,5}b") == []
    assert time.perf_counter() - started < 1
    assert regex_refusal("") and regex_refusal("x?") and regex_refusal("(") and \
        regex_refusal("a" * 201)
    assert regex_refusal(r"Ref-\d{4}") is None and regex_refusal(r"(cat|dog)+s") is None


def test_a_staff_directory_csv_gives_names_and_details():
    data = "\ufeffName,Email,Role\nPriya Patel,p.patel@example.org,HR\n,,\n Tom  Evans ,,\n"
    assert directory_people(data.encode()) == [("Priya Patel", "p.patel@example.org, HR"),
                                               ("Tom Evans", "")]
    assert directory_people(b"First name,Last name\nAoife,Byrne\n") == [("Aoife Byrne", "")]
    with pytest.raises(InputError, match="no 'name' column"):
        directory_people(b"email\nx@example.org\n")
