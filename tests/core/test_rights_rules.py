"""The rules of the rights beyond access: checklists, outcomes, closing, the portability export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sar_desk.core.entities import RequestType
from sar_desk.core.portability import CSV_HEADER, ProvidedFile, build_export
from sar_desk.core.rights import (
    CATALOGUE,
    ActionKind,
    ObjectionBasis,
    RecipientTold,
    Result,
    RightAction,
    RightOutcome,
    RightsRecord,
    get_exception,
    parse_action,
    parse_right,
)
from sar_desk.core.rights_rules import check_outcome, checklist, closing_problems
from sar_desk.core.spreadsheet import safe_cell
from sar_desk.errors import InputError

E = RequestType.ERASURE
DAY = dt.date(2026, 6, 1)
RECIPIENTS = ("our payroll bureau", "our legal advisers")


def act(n, right, kind, **kw):
    kw.setdefault("done_on", DAY if kw.get("done", True) else None)
    return RightAction(n, right, kind, **kw)


def told_all(right):
    return tuple(RecipientTold(right, name, True, DAY, "email") for name in RECIPIENTS)


def erasure_record(*actions, result=Result.COMPLIED, recipients=None):
    return RightsRecord(actions=actions, outcomes=(RightOutcome(E, result, "x"),),
                        recipients=told_all(E) if recipients is None else recipients)


def test_catalogue_holds_the_five_art17_3_exceptions():
    assert [e.reference for e in CATALOGUE] == [f"UK GDPR Art. 17(3)({c})" for c in "abcde"]
    assert get_exception("LEGAL-CLAIMS").title == "Legal claims"
    with pytest.raises(InputError, match="legal-obligation"):
        get_exception("because-we-want-to")


def test_complete_erasure_case_can_close():
    record = erasure_record(act(1, E, ActionKind.ERASED, system="CRM"),
                            act(2, E, ActionKind.EXCEPTION, code="legal-claims",
                                reason="Open county court claim"))
    assert closing_problems((E,), record, RECIPIENTS) == []


def test_erasure_with_an_open_system_cannot_close():
    record = erasure_record(act(1, E, ActionKind.ERASED, system="CRM"),
                            act(2, E, ActionKind.ERASED, system="Backups", done=False))
    problems = closing_problems((E,), record, RECIPIENTS)
    assert problems == ["erasure: 'Backups' (checklist line 2) is still open"]


def test_erasure_exception_without_a_reason_cannot_close():
    record = erasure_record(act(1, E, ActionKind.ERASED, system="CRM"),
                            act(2, E, ActionKind.EXCEPTION, code="public-health", reason=" "))
    problems = closing_problems((E,), record, RECIPIENTS)
    assert len(problems) == 1 and "'Public health' (checklist line 2) has no recorded reason" \
        in problems[0]


def test_open_lines_block_even_a_withdrawn_request_but_no_outcome_is_needed():
    assert closing_problems((E,), RightsRecord(), RECIPIENTS, withdrawn=True) == []
    record = RightsRecord(actions=(act(1, E, ActionKind.ERASED, system="CRM", done=False),))
    assert len(closing_problems((E,), record, withdrawn=True)) == 1


def test_each_right_needs_an_outcome_and_what_it_implies():
    types = (RequestType.ACCESS, RequestType.RECTIFICATION, RequestType.PORTABILITY)
    problems = closing_problems(types, RightsRecord(), RECIPIENTS)
    assert problems == ["rectification: no outcome recorded", "portability: no outcome recorded"]
    record = RightsRecord(outcomes=(RightOutcome(RequestType.RECTIFICATION, Result.COMPLIED),
                                    RightOutcome(RequestType.PORTABILITY, Result.COMPLIED)))
    problems = closing_problems(types, record, RECIPIENTS)
    assert "rectification: no system recorded as corrected" in problems
    assert "portability: no portability export produced" in problems
    assert any("'our payroll bureau', 'our legal advisers'" in p for p in problems)


def test_recipients_need_no_entry_after_a_refusal():
    record = RightsRecord(outcomes=(RightOutcome(E, Result.REFUSED, "Manifestly excessive"),))
    assert closing_problems((E,), record, RECIPIENTS) == []


def test_a_recipient_not_told_counts_when_the_reason_is_recorded():
    recipients = (RecipientTold(E, "our payroll bureau", True, DAY, "email"),
                  RecipientTold(E, "our legal advisers", False, note="never received it"))
    record = erasure_record(act(1, E, ActionKind.ERASED, system="CRM"), recipients=recipients)
    assert closing_problems((E,), record, RECIPIENTS) == []


def test_direct_marketing_objection_is_absolute():
    o = RequestType.OBJECTION
    with pytest.raises(InputError, match="absolute"):
        check_outcome(o, Result.REFUSED, "we like marketing", ObjectionBasis.DIRECT_MARKETING,
                      refusal_decided=False)
    # only a manifestly unfounded/excessive refusal decision allows it
    check_outcome(o, Result.REFUSED, "fifth identical request", ObjectionBasis.DIRECT_MARKETING,
                  refusal_decided=True)
    check_outcome(o, Result.REFUSED, "compelling grounds: fraud prevention",
                  ObjectionBasis.BALANCING, refusal_decided=False)
    with pytest.raises(InputError, match="direct marketing or is decided by the balancing"):
        check_outcome(o, Result.COMPLIED, "", None, refusal_decided=False)
    with pytest.raises(InputError, match="objections only"):
        check_outcome(E, Result.COMPLIED, "", ObjectionBasis.BALANCING, refusal_decided=False)
    with pytest.raises(InputError, match="reasons"):
        check_outcome(E, Result.PARTLY, "", None, refusal_decided=False)


def test_objection_closing_needs_marketing_stopped_or_a_balancing_test():
    o = RequestType.OBJECTION
    dm = RightsRecord(outcomes=(RightOutcome(o, Result.COMPLIED,
                                             basis=ObjectionBasis.DIRECT_MARKETING),))
    assert "marketing not yet recorded as stopped" in closing_problems((o,), dm)[0]
    dm = RightsRecord(actions=(act(1, o, ActionKind.MARKETING_STOPPED, system="Mailchimp"),),
                      outcomes=dm.outcomes)
    assert closing_problems((o,), dm) == []
    bal = RightsRecord(outcomes=(RightOutcome(o, Result.COMPLIED,
                                              basis=ObjectionBasis.BALANCING),))
    assert closing_problems((o,), bal) == [
        "objection: no balancing test recorded",
        "objection: the objection was upheld but no processing is recorded as stopped"]


def test_checklist_lists_actions_outcome_recipients_and_gaps():
    record = RightsRecord(
        actions=(act(1, E, ActionKind.ERASED, system="CRM"),
                 act(2, E, ActionKind.ERASED, system="Backups", done=False)),
        recipients=(RecipientTold(E, "our legal advisers", True, DAY, "email", recorded_by="Al"),))
    items = checklist((RequestType.ACCESS, E), record, RECIPIENTS)
    lines = [(i.state, i.label) for i in items if i.right == E]
    assert lines == [
        ("done", "Erased from CRM"),
        ("open", "Erased from Backups"),
        ("open", "Outcome not yet recorded"),
        ("open", "Recipient 1. our payroll bureau – not yet recorded whether told (Art. 19)"),
        ("done", "Recipient 2. our legal advisers – told by email"),
    ]
    assert items[0].right == RequestType.ACCESS and items[0].state == "info"


def test_parse_right_and_action_name_the_choices():
    assert parse_right(" Erasure ") == E
    with pytest.raises(InputError, match="rectification"):
        parse_right("forget-me")
    assert parse_action(RequestType.OBJECTION, "marketing-stopped") == \
        ActionKind.MARKETING_STOPPED
    with pytest.raises(InputError, match="corrected"):
        parse_action(RequestType.RECTIFICATION, "erased")
    with pytest.raises(InputError, match="no checklist actions"):
        parse_action(RequestType.ACCESS, "erased")


# --- the portability export ---------------------------------------------------------------


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_export_holds_exactly_the_files_given():
    orders = "order,item,price\r\n1,Café crème,2.50\r\n2,\"Tea, green\",1.80\r\n".encode()
    profile = json.dumps({"name": "Łucja Wójcik", "prefs": {"news": True},
                          "tags": ["a", "b"]}).encode()
    note = "Line one\nLine 二\n".encode()
    blob = bytes(range(256))
    files = [ProvidedFile(3, "orders.csv", "s1", orders), ProvidedFile(5, "profile.json", "s2",
                                                                       profile),
             ProvidedFile(6, "note.txt", "s3", note), ProvidedFile(7, "photo.bin", "s4", blob)]
    json_bytes, csv_bytes = build_export("SAR-2026-0009", "Łucja Wójcik", DAY, files)
    doc = json.loads(json_bytes)
    assert doc["reference"] == "SAR-2026-0009" and doc["created"] == "2026-06-01"
    got = {f["filename"]: f for f in doc["files"]}
    assert list(got) == ["orders.csv", "profile.json", "note.txt", "photo.bin"]
    assert got["orders.csv"]["records"] == [
        {"order": "1", "item": "Café crème", "price": "2.50"},
        {"order": "2", "item": "Tea, green", "price": "1.80"}]
    assert got["profile.json"]["data"] == json.loads(profile)
    assert got["note.txt"]["text"] == note.decode()
    import base64

    assert base64.b64decode(got["photo.bin"]["base64"]) == blob
    rows = _csv(csv_bytes)
    assert tuple(rows[0]) == CSV_HEADER
    assert ["3", "orders.csv", "2", "item", "Tea, green"] in rows
    assert ["5", "profile.json", "1", "prefs.news", "true"] in rows
    assert ["5", "profile.json", "1", "tags[1]", "b"] in rows
    assert ["6", "note.txt", "1", "text", note.decode()] in rows
    assert {r[1] for r in rows[1:]} == {"orders.csv", "profile.json", "note.txt", "photo.bin"}


_cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_cell, min_size=3, max_size=3), max_size=6))
def test_any_csv_comes_back_whole_in_both_files(rows):
    header = ["a", "b", "c"]
    out = io.StringIO(newline="")
    csv.writer(out).writerows([header, *rows])
    data = out.getvalue().encode("utf-8")
    json_bytes, csv_bytes = build_export("R", "S", DAY, [ProvidedFile(1, "x.csv", "h", data)])
    item = json.loads(json_bytes)["files"][0]
    assert [[r[h] for h in header] for r in item["records"]] == rows
    back = _csv(csv_bytes)[1:]
    # The CSV holds each value whole, except that a formula is kept from running.
    assert [r[4] for r in back] == [safe_cell(v) for row in rows for v in row]


def test_portability_csv_never_holds_a_formula():
    """The CSV a spreadsheet opens escapes formulas as the register export does; the JSON
    keeps the values exactly."""
    data = b"a,b\r\n=1+1,@b\r\n+2,-3\r\n\tx,plain\r\n"
    json_bytes, csv_bytes = build_export("R", "S", DAY, [ProvidedFile(1, "x.csv", "h", data)])
    values = [r[4] for r in _csv(csv_bytes)[1:]]
    assert values == ["'=1+1", "'@b", "'+2", "'-3", "'\tx", "plain"]
    records = json.loads(json_bytes)["files"][0]["records"]
    assert records[0] == {"a": "=1+1", "b": "@b"}
