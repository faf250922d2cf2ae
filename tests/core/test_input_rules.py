"""The input rules: each says why it refuses, in the words the window and the errors use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sar_desk.core.entities import DisclosureStatus, EventKind
from sar_desk.core.input_rules import (
    email_reason,
    event_note_reason,
    exemption_choice_reason,
    extension_date_reason,
    fee_amount_reason,
    fee_text_reason,
    future_date_reason,
    name_reason,
    parse_money,
    passphrase_reason,
    request_types_reason,
    required_text_reason,
)


@pytest.mark.parametrize("text", ["", "  ", "ada@example.org", "王芳@例子.中国",
                                  "o'brien+sar@mail.example.co.uk"])
def test_good_or_missing_email_addresses_pass(text):
    assert email_reason(text) is None


def test_bad_email_addresses_are_refused_with_the_reason():
    assert email_reason("not-an-email") == "An email address needs an @, like name@example.org."
    assert email_reason("ada@example") == (
        "'ada@example' does not look like an email address (name@example.org).")
    for bad in ("a@b.c", "two@@example.org", "a b@example.org"):
        assert email_reason(bad) is not None


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("0.001"), Decimal("-5"),
                                    Decimal("25.505"), 0, 0.001])
def test_a_fee_must_be_pounds_and_pence_above_nothing(amount):
    assert fee_amount_reason(amount) == "The fee must be more than £0 and in pounds and pence."


def test_a_fee_that_is_given_and_sound_passes():
    assert fee_amount_reason(Decimal("25.50")) is None
    assert fee_amount_reason(Decimal("0.01")) is None
    assert fee_amount_reason(None) == "Enter the fee: a reasonable, cost-based amount."
    assert fee_amount_reason("lots") == "'lots' is not an amount of money."


def test_a_fee_as_typed():
    assert parse_money("£1,250.00") == Decimal("1250.00")
    assert parse_money("NaN") is None and parse_money("ten") is None
    assert fee_text_reason("ten pounds") == "'ten pounds' is not an amount of money."
    assert fee_text_reason("£0.001") == fee_amount_reason(Decimal("0.001"))
    assert fee_text_reason("") == fee_amount_reason(None)
    assert fee_text_reason("£40") is None


def test_extension_and_clarification_need_their_reasons():
    assert event_note_reason(EventKind.EXTENDED, " ") == "Give the reasons for the extension."
    assert event_note_reason("clarification_requested", "") == "Say what needs clarifying."
    assert event_note_reason(EventKind.EXTENDED, "14 systems") is None
    assert event_note_reason(EventKind.ID_RECEIVED, "") is None


def test_an_extension_is_notified_within_the_first_month():
    last = dt.date(2026, 3, 5)
    assert extension_date_reason(last, last) is None
    assert extension_date_reason(last + dt.timedelta(days=1), last) == (
        "Too late: an extension must be notified by 05 Mar 2026.")
    assert extension_date_reason(dt.date(2030, 1, 1), None) is None


def test_names_rights_and_exemptions():
    assert name_reason(" ", "requester") == "Enter the requester's name."
    assert name_reason("Ada", "data subject") is None
    assert request_types_reason(()) == "Tick at least one right the person is asking to use."
    assert exemption_choice_reason(DisclosureStatus.WITHHOLD, "") is not None
    assert exemption_choice_reason("partly", "third-party") is None
    assert exemption_choice_reason("disclose", "third-party") == (
        "An exemption only applies when something is withheld.")


def test_dates_after_today_are_refused_naming_the_date():
    today = dt.date(2026, 3, 10)
    assert future_date_reason(today, today, "decision date") is None
    assert future_date_reason(dt.date(2026, 3, 11), today, "received date") == (
        "The received date (11 March 2026) is after today (10 March 2026): dates cannot be in "
        "the future.")


def test_required_text():
    assert required_text_reason("assignee", "  ") == "Enter who will work the case."
    assert required_text_reason("note", "Called back") is None


def test_a_new_passphrase_has_eight_characters_or_more():
    assert passphrase_reason("") is not None
    assert passphrase_reason("seven77") == "The passphrase is too short: use at least 8 characters."
    assert passphrase_reason("eight888") is None

