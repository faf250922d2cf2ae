"""Letters the case is not ready for are refused with a message saying what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from sar_desk.documents import LetterNotAllowed, render_letter
from sar_desk.documents.dates import long_date
from sar_desk.errors import InputError
from tests.documents.helpers import AS_OF, EXTENDED, base_case, case_for


def _render(kind, case, profile, sender, as_of=AS_OF, fmt="pdf"):
    return render_letter(kind, case, fmt=fmt, profile=profile, sender=sender, as_of=as_of)


@pytest.mark.parametrize(("kind", "missing"), [
    ("fee-request", "no fee decision"),
    ("refusal", "no refusal decision"),
    ("extension-notice", "no extension recorded"),
    ("withdrawal-confirmation", "not recorded as withdrawn"),
    ("no-data-held", "2 document\\(s\\) marked to be provided"),
])
def test_kind_needing_a_decision_is_refused(profile, sender, kind, missing):
    with pytest.raises(LetterNotAllowed, match=missing) as err:
        _render(kind, base_case(), profile, sender)
    assert isinstance(err.value, InputError)
    assert "SAR-2025-0042" in str(err.value)


def test_fee_decision_without_amount_is_refused(profile, sender):
    from tests.documents.helpers import FEE

    case = replace(base_case(), decisions=(replace(FEE, amount=None),))
    with pytest.raises(LetterNotAllowed, match="no amount"):
        _render("fee-request", case, profile, sender)


@pytest.mark.parametrize("amount", ["0", "0.001"])
def test_fee_decision_with_an_amount_no_one_can_pay_is_refused_by_the_same_rule(
        profile, sender, amount):
    from decimal import Decimal

    from sar_desk.core.input_rules import fee_amount_reason
    from tests.documents.helpers import FEE

    case = replace(base_case(), decisions=(replace(FEE, amount=Decimal(amount)),))
    with pytest.raises(LetterNotAllowed) as err:
        _render("fee-request", case, profile, sender)
    assert fee_amount_reason(Decimal(amount)) in str(err.value)


def test_extension_notice_refused_after_the_first_month(profile, sender):
    case = case_for("extension-notice")
    late = dt.date(2025, 10, 6)
    with pytest.raises(LetterNotAllowed) as err:
        _render("extension-notice", case, profile, sender, as_of=late)
    assert "while the first month runs" in str(err.value)
    assert "3 October 2025" in str(err.value) and "6 October 2025" in str(err.value)


def test_extension_recorded_too_late_is_refused(profile, sender):
    case = replace(base_case(), events=(replace(EXTENDED, date=dt.date(2025, 10, 4)),))
    with pytest.raises(LetterNotAllowed, match="not valid"):
        _render("extension-notice", case, profile, sender, as_of=dt.date(2025, 10, 4))


def test_extension_notice_allowed_on_the_last_day(profile, sender):
    case = case_for("extension-notice")
    assert _render("extension-notice", case, profile, sender, as_of=dt.date(2025, 10, 3))


def test_dates_come_from_the_deadline_engine(profile, sender):
    """A request received on 31 January 2025 is due on 28 February 2025 (month-end clamp)."""
    from tests.documents.helpers import docx_paragraphs

    case = replace(base_case(), received=dt.date(2025, 1, 31), logged=dt.date(2025, 1, 31))
    data = _render("acknowledgement", case, profile, sender, as_of=dt.date(2025, 2, 3),
                   fmt="docx")
    assert "We will send you our response by 28 February 2025." in docx_paragraphs(data)


def test_unknown_kind_and_format_are_input_errors(profile, sender):
    with pytest.raises(InputError, match="no letter kind 'apology'"):
        _render("apology", base_case(), profile, sender)
    with pytest.raises(InputError, match="choose pdf or docx"):
        _render("acknowledgement", base_case(), profile, sender, fmt="odt")


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2025, 10, 3), "3 October 2025"),
    (dt.date(2026, 1, 31), "31 January 2026"),
    (dt.date(2024, 2, 29), "29 February 2024"),
    (None, ""),
])
def test_long_date(day, text):
    assert long_date(day) == text


def test_requester_without_postal_address_is_addressed_by_email(profile, sender):
    from sar_desk.core.deadlines import compute_deadline
    from sar_desk.core.entities import Person
    from sar_desk.documents import build_document

    case = replace(base_case(), requester=Person("Ann Smith", "ann@example.org"))
    deadline = compute_deadline(case.received, "uk-ew", (), as_of=AS_OF)
    document = build_document("acknowledgement", case, profile=profile, sender=sender,
                              as_of=AS_OF, deadline=deadline)
    assert document.recipient.lines == ("Ann Smith", "ann@example.org")


def test_an_address_longer_than_the_envelope_window_is_refused(profile, sender):
    from sar_desk.core.entities import Person

    case = replace(case_for("acknowledgement"), requester=Person(
        "Ann Lee", address="\n".join(f"Line {n}" for n in range(1, 8))))
    with pytest.raises(LetterNotAllowed, match="7 lines.*at most 6 lines of address"):
        _render("acknowledgement", case, profile, sender)


@pytest.mark.parametrize(("kind", "case_change", "reason"), [
    ("clarification-request", {}, "no open clarification"),
    ("identity-request", {}, "no request for proof of identity"),
    ("final-response", {"status": "withdrawn"}, "withdrawn"),
    ("acknowledgement", {"status": "withdrawn"}, "withdrawal confirmation instead"),
])
def test_sequencing_rules(profile, sender, kind, case_change, reason):
    from sar_desk.core.entities import CaseStatus

    changes = {k: CaseStatus(v) for k, v in case_change.items()}
    case = replace(base_case(), **changes)
    with pytest.raises(LetterNotAllowed, match=reason):
        _render(kind, case, profile, sender)
