"""The demo workspace: every state, real case files, repeatable, nothing after as-of."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import DecisionKind, EventKind
from sar_desk.services import cases as C
from sar_desk.services.demo import build_demo, make_specs
from sar_desk.services.workspace import verify_workspace

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    import keyring

    from sar_desk.services.workspace import init_workspace
    from tests.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    ws, _ = init_workspace(tmp_path_factory.mktemp("demo") / "ws")
    build_demo(ws, cases=150, seed=4, as_of=AS_OF, workers=2)
    yield ws
    ws.close()
    keyring.set_keyring(previous)


def test_every_state_is_present(demo_ws):
    rows = C.list_cases(demo_ws, status="all")
    assert len(rows) == 150
    states = Counter(str(compute_deadline(r.received, r.jurisdiction, r.events, as_of=AS_OF).state)
                     for r in rows)
    for state in ("running", "paused", "awaiting_id", "awaiting_fee", "overdue", "closed",
                  "withdrawn"):
        assert states[state] > 0, (state, states)
    assert any(r.extended_due for r in rows)
    assert any(r.refusals for r in rows)
    assert any(r.possible_repeat_of for r in rows)
    assert len({r.assignee for r in rows}) >= 4
    # every handler is a privacy officer of the workspace, shown by their display name
    from sar_desk.services.access import case_workers

    assert {r.assignee for r in rows} <= {u.label for u in case_workers(demo_ws)}
    assert "Grace Okafor" in {u.label for u in case_workers(demo_ws)}
    on_time = late = 0
    for r in rows:
        result = compute_deadline(r.received, r.jurisdiction, r.events, as_of=AS_OF)
        if result.responded_on_time is True:
            on_time += 1
        elif result.responded_on_time is False:
            late += 1
    assert on_time and late


def test_names_in_several_scripts_and_nothing_after_as_of(demo_ws):
    rows = C.list_cases(demo_ws, status="all")
    names = " ".join(r.requester_name for r in rows)
    blocks = {"Polish": "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "Cyrillic": ("\u0400", "\u04ff"),
              "Greek": ("\u0370", "\u03ff"), "Arabic": ("\u0600", "\u06ff"),
              "CJK": ("\u4e00", "\u9fff")}
    for script, chars in blocks.items():
        if isinstance(chars, tuple):
            assert any(chars[0] <= ch <= chars[1] for ch in names), script
        else:
            assert any(ch in chars for ch in names), script
    latest = max([r.received for r in rows] + [d for r in rows for _k, d in r.events])
    assert latest <= AS_OF


def test_demo_cases_are_real_case_files_with_audit_chains(demo_ws):
    assert verify_workspace(demo_ws) == []
    refused = next(r for r in C.list_cases(demo_ws, status="all") if r.refusals)
    snap = C.get_case(demo_ws, refused.reference)
    assert snap.latest_decision(DecisionKind.REFUSE) is not None
    assert any(e.kind == EventKind.RESPONDED for e in snap.events)
    trail = C.audit_trail(demo_ws, refused.reference)
    assert trail[0].action == "case_created" and len(trail) >= 3
    assert trail[0].actor == snap.assignee


def test_same_seed_same_content():
    a = make_specs(40, 11, AS_OF)
    b = make_specs(40, 11, AS_OF)
    assert a == b
    assert make_specs(40, 12, AS_OF) != a


def test_a_few_demo_closures_were_overridden_and_the_report_counts_them(demo_ws):
    from sar_desk.core.closing_rules import override_for
    from sar_desk.services.reports import compliance_report

    closed = [r for r in C.list_cases(demo_ws, status="all") if r.status.value == "closed"]
    overridden = [r.reference for r in closed
                  if override_for(C.get_case(demo_ws, r.reference), EventKind.CLOSED)]
    assert 1 <= len(overridden) < len(closed)
    case = C.get_case(demo_ws, overridden[0])
    assert "ending_overridden" in [e.action for e in C.audit_trail(demo_ws, case.reference)]
    assert C.check_case(demo_ws, case.reference) == []
    first = min(r.received for r in closed)
    report = compliance_report(demo_ws, (first.year, first.month), (2026, 3), today=AS_OF)
    assert report.overridden_closures == len(overridden)
