"""The services refuse what the window refuses, with the same reason, and change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sar_desk.core.entities import Decision, DecisionGround, DecisionKind, EventKind, Person
from sar_desk.core.input_rules import (
    email_reason,
    event_note_reason,
    extension_date_reason,
    fee_amount_reason,
)
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services import cases as C

D = dt.date


def new(**kw):
    kw.setdefault("requester", Person("Ada Lovelace", "ada@example.org"))
    return C.NewCase(received=D(2026, 3, 2), **kw)


def test_a_bad_email_address_creates_no_case(ws):
    for who in ("requester", "subject"):
        person = Person("Ada Lovelace", "not-an-email")
        with pytest.raises(InputError) as caught:
            C.create_case(ws, new(**{who: person}))
        assert str(caught.value).startswith(email_reason("not-an-email"))
    assert C.list_cases(ws, status="all") == []
    assert list(ws.cases_dir.iterdir()) == []


def test_a_case_without_any_right_is_refused(ws):
    with pytest.raises(InputError, match="Tick at least one right"):
        C.create_case(ws, new(request_types=()))


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("0.001"), Decimal("-1")])
def test_a_fee_of_nothing_or_part_of_a_penny_is_refused(ws, amount):
    ref = C.create_case(ws, new()).reference
    before, trail = C.get_case(ws, ref), len(C.audit_trail(ws, ref))
    with pytest.raises(InputError) as caught:
        C.record_decision(ws, ref, Decision(DecisionKind.FEE, DecisionGround.EXCESSIVE,
                                            "fourth identical request", amount=amount))
    assert str(caught.value).startswith(fee_amount_reason(amount))
    assert C.get_case(ws, ref) == before and len(C.audit_trail(ws, ref)) == trail


def test_a_fee_in_pounds_and_pence_is_recorded(ws):
    ref = C.create_case(ws, new()).reference
    snap = C.record_decision(ws, ref, Decision(DecisionKind.FEE, DecisionGround.EXCESSIVE,
                                               "fourth identical request",
                                               amount=Decimal("0.01")))
    assert snap.decisions[0].amount == Decimal("0.01")


def test_an_extension_needs_its_reasons_and_the_first_month(ws):
    ref = C.create_case(ws, new()).reference  # due 2 April 2026
    with pytest.raises(InputError) as caught:
        C.record_event(ws, ref, EventKind.EXTENDED, D(2026, 3, 10), " ")
    assert str(caught.value).startswith(event_note_reason(EventKind.EXTENDED, ""))
    notice_by = C.deadline_for(C.get_case(ws, ref), as_of=ws.clock.today()).extension_notice_by
    late = notice_by + dt.timedelta(days=1)
    with pytest.raises(InputError) as caught:
        C.record_event(ws, ref, EventKind.EXTENDED, late, "complex")
    assert str(caught.value).startswith(extension_date_reason(late, notice_by))
    assert C.get_case(ws, ref).events == ()
    snap = C.record_event(ws, ref, EventKind.EXTENDED, notice_by, "complex")
    assert [e.kind for e in snap.events] == [EventKind.EXTENDED]


def test_withholding_needs_an_exemption(ws, tmp_path):
    ref = C.create_case(ws, new()).reference
    doc = tmp_path / "notes.txt"
    doc.write_text("meeting notes")
    with pytest.raises(InputError, match="Name the exemption that allows withholding this"):
        C.attach_document(ws, ref, doc, status="withhold")
    info = C.attach_document(ws, ref, doc)
    with pytest.raises(InputError, match="only applies when something is withheld"):
        C.set_document_status(ws, ref, info.id, "disclose", "third-party")


def test_a_case_is_assigned_to_someone(ws):
    access.add_colleagues(ws, [("priya", "Priya Shah", "privacy_officer")])
    ref = C.create_case(ws, new(assignee="Priya Shah")).reference
    with pytest.raises(InputError, match="Enter who will work the case"):
        C.assign_case(ws, ref, "   ")
    assert C.get_case(ws, ref).assignee == "Priya Shah"
