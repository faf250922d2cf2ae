"""Importing the register a team kept in a spreadsheet: a dry run names every row's problems
by its spreadsheet row; the import makes cases with their own dates; a second import of the
same file adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import CaseStatus, EventKind, Person
from sar_desk.errors import InputError
from sar_desk.services.cases import NewCase, create_case, deadline_for, get_case, list_cases
from sar_desk.services.register_import import plan_import, read_sheet, run_import
from tests.services import register_fixtures as reg


@pytest.fixture(params=["csv", "xlsx"])
def register(request, tmp_path):
    path = tmp_path / f"register.{request.param}"
    (reg.write_csv if request.param == "csv" else reg.write_xlsx)(path)
    return path


@pytest.fixture
def existing(ws):
    name, received = reg.EXISTING
    return create_case(ws, NewCase(Person(name), received)).reference


def problems_by_row(plan) -> dict[int, str]:
    return {r.line: " ".join(r.problems) for r in plan.rows if r.problems}


def test_the_dry_run_names_every_rows_problems_by_its_spreadsheet_row(ws, register, existing):
    plan = plan_import(ws, read_sheet(register))
    assert plan.header_line == 3  # below the title row and the blank row
    assert plan.orders == {"received": "day-first", "responded": "", "closed": "month-first"}
    found = problems_by_row(plan)
    assert sorted(found) == list(reg.BAD)
    assert "closed date (01 May 2026) is before the received date (10 May 2026)" in found[8]
    assert "jurisdiction 'Narnia' is unknown" in found[9]
    assert "Received '31/02/2026' is not a real date" in found[11]
    assert "requester's name is missing" in found[12]
    assert "Responded '04/05/2026' is ambiguous" in found[13]
    assert "04 May 2026 (day first) or 05 April 2026 (month first)" in found[13]
    assert [r.line for r in plan.already] == [10]
    assert plan.already[0].existing == existing
    assert plan.already[0].describe() == f"row 10: already imported as {existing}"
    assert [r.line for r in plan.to_import] == list(reg.GOOD)
    # A dry run writes nothing.
    assert [c.reference for c in list_cases(ws, status="all")] == [existing]


def test_nothing_is_imported_while_rows_have_problems(ws, register, existing):
    plan = plan_import(ws, read_sheet(register))
    with pytest.raises(InputError, match=r"rows 8, 9, 11, 12, 13\); nothing was imported"):
        run_import(ws, plan)
    assert len(list_cases(ws, status="all")) == 1


def test_the_import_makes_each_row_a_case_with_its_own_dates(ws, register, existing, today):
    plan = plan_import(ws, read_sheet(register))
    result = run_import(ws, plan, skip_bad_rows=True)
    assert sorted(result.created) == list(reg.GOOD)
    assert result.already == {10: existing}
    assert sorted(result.skipped) == list(reg.BAD)

    kept = get_case(ws, result.created[4])
    assert kept.reference == "SAR-2025-0101"  # its own reference
    assert kept.requester.name == "Zofia Łódź-Nowak"
    assert kept.requester.email == "zofia@example.org"
    assert kept.received == dt.date(2025, 11, 3)
    assert kept.status == CaseStatus.CLOSED
    events = {e.kind: e for e in kept.events}
    assert events[EventKind.RESPONDED].date == dt.date(2025, 11, 28)
    assert events[EventKind.CLOSED].date == dt.date(2025, 12, 15)  # US order in its column
    where = f"imported from the register {register.name} row 4"
    assert where in events[EventKind.RESPONDED].note
    assert where in kept.extra["override_closed"]  # the checklist override, with its reason
    assert deadline_for(kept, as_of=today).due == dt.date(2025, 12, 3)

    wang = get_case(ws, result.created[6])
    assert wang.requester.name == "王芳"
    assert wang.jurisdiction == "uk-sct"
    assert wang.received == dt.date(2026, 4, 25)
    assert wang.status == CaseStatus.OPEN
    assert wang.reference.startswith("SAR-2026-")

    aisha = get_case(ws, result.created[7])
    assert aisha.received == dt.date(2026, 4, 3)  # 03/04 read day-first, as its column is
    assert aisha.status == CaseStatus.RESPONDED
    assert aisha.jurisdiction == "uk-ni"


def test_a_second_import_of_the_same_file_adds_nothing(ws, register, existing):
    first = run_import(ws, plan_import(ws, read_sheet(register)), skip_bad_rows=True)
    count = len(list_cases(ws, status="all"))
    plan = plan_import(ws, read_sheet(register))
    assert {r.line: r.existing for r in plan.already} == {**first.created, 10: existing}
    assert plan.to_import == []
    again = run_import(ws, plan, skip_bad_rows=True)
    assert again.created == {}
    assert len(list_cases(ws, status="all")) == count


def test_a_reference_used_by_another_person_is_refused(ws, tmp_path, existing):
    path = tmp_path / "clash.csv"
    rows = {4: ["SAR-2026-0001", "Someone Else", "", "2026-03-01", "", "", "", ""],
            5: ["SAR-9", "Odd Reference", "", "2026-03-01", "", "", "", ""],
            6: ["SAR-2025-0050", "Grace Hopper", "", "2026-02-10", "", "", "", ""]}
    reg.write_csv(path, rows)
    found = problems_by_row(plan_import(ws, read_sheet(path)))
    assert "SAR-2026-0001 is already used by another case (a different requester)" in found[4]
    assert "The reference 'SAR-9' is not a case reference" in found[5]
    assert f"received that day is already {existing}" in found[6]  # under another reference


def test_columns_named_otherwise_are_mapped_by_hand(ws, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Who asked,When it came in,Country\nΕλένη Παπαδοπούλου,2026-05-10,Germany\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="no header row") as refused:
        plan_import(ws, read_sheet(path))
    assert refused.value.code == "import.no_header"
    plan = plan_import(ws, read_sheet(path), {"Who asked": "requester",
                                              "When it came in": "received"})
    assert plan.mapping == {0: "requester", 1: "received", 2: "jurisdiction"}
    ref = run_import(ws, plan).created[2]
    assert get_case(ws, ref).jurisdiction == "eu-de"
    with pytest.raises(InputError, match="'sender' is not a field"):
        plan_import(ws, read_sheet(path), {"Who asked": "sender", "When it came in": "received"})


def test_a_stopped_import_keeps_the_rows_done_and_a_new_import_carries_on(ws, tmp_path):
    path = tmp_path / "register.csv"
    reg.write_csv(path, {line: reg.ROWS[line] for line in reg.GOOD})
    seen = []
    result = run_import(ws, plan_import(ws, read_sheet(path)),
                        progress=lambda done, total: seen.append((done, total)),
                        cancelled=lambda: bool(seen))
    assert result.cancelled and list(result.created) == [4] and seen == [(1, 3)]
    again = run_import(ws, plan_import(ws, read_sheet(path)))
    assert sorted(again.created) == [6, 7] and again.already == {4: "SAR-2025-0101"}
    assert len(list_cases(ws, status="all")) == 3


def test_an_imported_reference_does_not_hold_back_new_references(ws, tmp_path):
    path = tmp_path / "register.csv"
    reg.write_csv(path, {4: ["SAR-2026-0007", "Ada Lovelace", "", "2026-03-01", "", "", "",
                             ""]})
    run_import(ws, plan_import(ws, read_sheet(path)))
    new = create_case(ws, NewCase(Person("Brand New"), dt.date(2026, 6, 1)))
    assert new.reference == "SAR-2026-0008"
