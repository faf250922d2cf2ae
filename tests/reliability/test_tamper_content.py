"""Tamper evidence for content: a row changed with the case key, the audit left untouched.

Each attack opens the case file with its own key (as anyone holding the workspace key can)
and edits a content table only; ``verify`` must name the case and say its content differs
from the last audited state.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Decision, DecisionGround, DecisionKind
from sar_desk.services import cases as C
from sar_desk.services.workspace import verify_workspace
from tests.store.conftest import make_case, raw_case

ATTACKS = {
    "note": "UPDATE note SET text = 'nothing was said'",
    "received date": "UPDATE request SET received = '2026-04-20'",
    "event date": "UPDATE event SET date = '2026-05-01' WHERE kind = 'id_requested'",
    "requester": "UPDATE person SET name = 'Someone Else' WHERE role = 'requester'",
    "refusal decision deleted": "DELETE FROM decision",
}


def _case(ws) -> str:
    ref = make_case(ws)
    C.record_event(ws, ref, "id_requested", dt.date(2026, 3, 3), "passport")
    C.record_decision(ws, ref, Decision(DecisionKind.REFUSE, DecisionGround.EXCESSIVE,
                                        "Fifth identical request this month."))
    C.add_note(ws, ref, "phoned the requester")
    return ref


@pytest.mark.parametrize("sql", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_content_edit_without_an_audit_entry_is_named(ws, sql):
    ref = _case(ws)
    assert verify_workspace(ws) == []
    conn = raw_case(ws, ref)
    conn.execute(sql)
    conn.close()
    problems = verify_workspace(ws)
    assert len(problems) == 1
    assert str(ws.case_path(ref)) in problems[0]
    assert "content differs from the last audited state" in problems[0]


def test_changes_made_through_the_services_keep_verifying(ws):
    ref = _case(ws)
    C.add_note(ws, ref, "second note")
    C.record_event(ws, ref, "id_received", dt.date(2026, 3, 9))
    C.add_search_log(ws, ref, "HR system", "name, staff number")
    assert verify_workspace(ws) == []
    trail = C.audit_trail(ws, ref)
    assert all(entry.content for entry in trail)  # each change commits to the content
    assert all("content_sha256" not in entry.details for entry in trail)


def _as_written_by_an_earlier_version(ws, ref):
    """Strip the content digests from the chain and re-hash it, as files made before them."""
    import json

    from sar_desk.store.audit_chain import GENESIS, canonical, entry_hash

    conn = raw_case(ws, ref)
    prev = GENESIS
    rows = conn.execute("SELECT id, seq, at, actor, action, details FROM audit ORDER BY seq")
    for ident, seq, at, actor, action, details in rows.fetchall():
        body = {k: v for k, v in json.loads(details).items() if k != "content_sha256"}
        prev = entry_hash(prev, seq, at, actor, action, canonical(body))
        conn.execute("UPDATE audit SET details = ?, hash = ? WHERE id = ?",
                     (canonical(body), prev, ident))
    conn.close()
    with ws.registry.writing() as registry:
        registry.exec_driver_sql("UPDATE cases SET audit_head = ? WHERE reference = ?",
                                 (prev, ref))


def test_a_file_from_before_content_digests_verifies_and_is_covered_from_its_next_write(ws):
    ref = _case(ws)
    _as_written_by_an_earlier_version(ws, ref)
    assert verify_workspace(ws) == []
    conn = raw_case(ws, ref)
    conn.execute(ATTACKS["note"])  # not caught: nothing recorded the content yet
    conn.close()
    assert verify_workspace(ws) == []
    C.add_note(ws, ref, "first note after the upgrade")
    assert C.audit_trail(ws, ref)[-1].content
    conn = raw_case(ws, ref)
    conn.execute(ATTACKS["received date"])
    conn.close()
    assert "content differs from the last audited state" in verify_workspace(ws)[0]
