"""The pure rules of importing a register: headers, date orders, and each row's problems."""

from __future__ import annotations

import datetime as dt

from sar_desk.core import import_rules as rules

TODAY = dt.date(2026, 6, 30)


def test_headers_named_like_the_fields_map_themselves_in_any_case():
    headers = ["REFERENCE", "Requester name", "E-mail address", "Date received:",
               "Responded", "Closed on", "Jurisdiction", "Assigned to", "Colour"]
    assert rules.auto_mapping(headers) == {
        0: "reference", 1: "requester", 2: "email", 3: "received", 4: "responded",
        5: "closed", 6: "jurisdiction", 7: "assignee"}
    assert rules.auto_mapping(headers, {"Colour": "request", "Responded": "ignore"}) == {
        0: "reference", 1: "requester", 2: "email", 3: "received", 5: "closed",
        6: "jurisdiction", 7: "assignee", 8: "request"}


def test_the_header_row_is_the_first_that_names_fields_below_a_title():
    rows = [("Our SAR register", None), (None, None), ("Name", "Received"), ("Ada", "x")]
    assert rules.header_row(rows) == 2
    assert rules.header_row([("Who", "When")]) is None
    assert rules.header_row([("Who", "When")], ["who", "when"]) == 0


def test_mapping_problems_name_a_missing_or_doubled_field():
    assert rules.mapping_problems({0: "requester"}, ["Name"]) == [
        "No column holds the Received field."]
    assert rules.mapping_problems({0: "requester", 1: "received", 2: "received"},
                                  ["Name", "In", "Got"]) == [
        "'In' and 'Got' both hold the Received field: choose one."]


def test_a_column_shows_its_date_order_by_a_date_that_reads_only_one_way():
    assert rules.date_order(["03/04/2026", "25/04/2026"]) == rules.DAY_FIRST
    assert rules.date_order(["03/04/2026", "12/25/2025"]) == rules.MONTH_FIRST
    assert rules.date_order(["03/04/2026", "2026-04-05"]) == ""
    assert rules.date_order(["25/04/2026", "12/25/2025"]) == ""  # mixed: nothing settles it
    assert rules.date_order(["03/04/2026"], fallback=rules.MONTH_FIRST) == rules.MONTH_FIRST
    assert rules.sheet_order([rules.DAY_FIRST, ""]) == rules.DAY_FIRST
    assert rules.sheet_order([rules.DAY_FIRST, rules.MONTH_FIRST]) == ""


def test_dates_are_read_from_text_in_several_formats_and_refused_by_name():
    day = dt.date(2026, 3, 2)
    for text in ("2026-03-02", "2 March 2026", "2nd March 2026", "Mar 2, 2026", "02-Mar-26",
                 "2026-03-02 00:00:00", "02/03/2026"):
        assert rules.read_date(text, rules.DAY_FIRST, "Received") == (day, None), text
    assert rules.read_date("03/02/2026", rules.MONTH_FIRST, "Received") == (day, None)
    assert rules.read_date(dt.datetime(2026, 3, 2, 9, 30), "", "Received") == (day, None)
    assert rules.read_date("", "", "Received") == (None, None)
    _none, why = rules.read_date("03/04/2026", "", "Closed")
    assert why.startswith("Closed '03/04/2026' is ambiguous: it could be 03 April 2026 (day "
                          "first) or 04 March 2026 (month first)")
    assert rules.read_date("30/02/2026", rules.DAY_FIRST, "Received") == (
        None, "Received '30/02/2026' is not a real date.")


def test_jurisdictions_are_read_from_codes_and_place_names():
    assert rules.jurisdiction_code("") == "uk-ew"
    assert rules.jurisdiction_code("UK-SCT") == "uk-sct"
    assert rules.jurisdiction_code("Northern Ireland") == "uk-ni"
    assert rules.jurisdiction_code("Greece") == "eu-gr"
    assert rules.jurisdiction_code("eu-el") == "eu-gr"
    assert rules.jurisdiction_code("Atlantis") is None


def row(line=5, **text):
    dates = {k: text.pop(k) for k in rules.DATE_FIELDS if k in text}
    return rules.RegisterRow(line, {"requester": "Łódź Kowalska", **text}, dates)


def test_row_problems_name_each_reason_a_row_cannot_become_a_case():
    received = dt.date(2026, 5, 10)
    assert rules.row_problems(row(received=received), TODAY) == []
    problems = rules.row_problems(row(requester="", received=None, email="nope",
                                      jurisdiction="Mars"), TODAY)
    assert problems == [
        "The requester's name is missing.",
        "An email address needs an @, like name@example.org.",
        "The received date is missing.",
        "The jurisdiction 'Mars' is unknown: use uk-ew, uk-sct, uk-ni, eu or eu-XX, or a "
        "place such as Scotland or Germany."]
    assert rules.row_problems(row(received=received, closed=dt.date(2026, 5, 1)), TODAY) == [
        "The closed date (01 May 2026) is before the received date (10 May 2026)."]
    assert "after today" in rules.row_problems(row(received=dt.date(2026, 7, 1)), TODAY)[0]


def test_a_row_repeating_an_earlier_one_is_named():
    day = dt.date(2026, 5, 10)
    rows = [row(4, received=day, requester="王芳"), row(5, received=day, requester=" 王芳 "),
            row(6, reference="SAR-2026-7", received=day),
            row(7, reference="sar 2026 0007", received=day)]
    assert rules.repeated_rows(rows) == {
        5: "It repeats row 4 (the same requester and received date).",
        7: "It repeats row 6 (the same reference)."}
