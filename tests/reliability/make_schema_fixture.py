"""Make ``tests/data/schema_v<N>/``: a small workspace whose case files use schema version N.

    python -m tests.reliability.make_schema_fixture N

The workspace is made as of 30 June 2025 with the public services of the code at hand
(passphrase in ``passphrase.txt``, no keyring), with three cases that use every part of a
case file (requester and representative, timeline with pauses and an extension, exemption,
fee decision, search log, attached document, stored letter and its dispatch, notes). For an
N older than the current schema, each case file is then taken back to version N by undoing
the migration steps (``DOWNGRADES``: the exact inverse of ``sar_desk.store.migrations``).
``expected.json`` records what every case must still read after it is opened (and upgraded)
by any later SAR Desk. Run it once, when a schema version is about to be superseded, and
commit the folder; tests/reliability/test_schema_fixtures.py opens every such folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from tests.reliability.fixture_tools import (
    check_version,
    downgrade,
    fresh_folder,
    record_version,
    remove_leftovers,
    settle,
)

DATA = Path(__file__).resolve().parents[1] / "data"
PASSPHRASE = "schema fixture passphrase"
TODAY = "2025-06-30"

# Undo the step that produced version N (N -> N-1), as plain SQL on the decrypted file.
DOWNGRADES: dict[int, list[str]] = {
    10: ["DROP TABLE rendition_chunk"] + [
        f"ALTER TABLE document DROP COLUMN {column}" for column in (
            "parent_id", "rendition_state", "rendition_note", "rendition_sha256", "page_count",
            "duplicate_of", "email_key", "body_hash", "thread_key", "dated")],
    9: ["DROP TABLE redaction_mark", "DROP TABLE redacted_copy", "DROP TABLE redaction_party"],
    8: ["DROP TABLE bundle"],
    7: ["DROP TABLE document_chunk"],
    6: [f"ALTER TABLE {table} DROP COLUMN {column}" for table, columns in (
            ("event", ("wording",)), ("exemption", ("wording",)), ("decision", ("wording",)),
            ("document", ("note", "wording"))) for column in columns],
    5: ["DROP TABLE complaint", "DROP TABLE complaint_issue", "DROP TABLE complaint_event",
        "DROP TABLE complaint_note"],
    4: ["DROP TABLE correction"] + [
        f"ALTER TABLE {table} DROP COLUMN {column}" for table, columns in (
            ("event", ("voided_at", "voided_by", "void_reason")),
            ("exemption", ("withdrawn_at", "withdrawn_by", "withdraw_reason")),
            ("document", ("removed_at", "removed_by", "remove_reason")),
            ("letter", ("superseded_at", "superseded_by", "supersede_reason")))
        for column in columns],
    3: ["DROP TABLE right_action", "DROP TABLE right_outcome", "DROP TABLE right_recipient",
        "DROP TABLE portability_export"],
    2: ["DROP TABLE extra", "ALTER TABLE request DROP COLUMN deadline_policy"],
}


def build_cases(ws) -> list[str]:
    from sar_desk.core.entities import Decision, DecisionGround, DecisionKind, Person
    from sar_desk.services import access, cases

    D = dt.date
    refs = []
    access.add_colleagues(ws, [("tom.evans", "Tom Evans", "privacy_officer"),
                               ("aoife.byrne", "Aoife Byrne", "privacy_officer")])
    a = cases.create_case(ws, cases.NewCase(
        requester=Person("Zoë Brontë-Hughes", "zoe@example.org", "1 Mill Road\nYork\nYO1 7LM"),
        received=D(2025, 5, 1), jurisdiction="uk-ew", request_text="All my HR records",
        assignee="Tom Evans"), actor="fixture")
    refs.append(a.reference)
    cases.record_event(ws, a.reference, "id_requested", D(2025, 5, 2), "passport copy",
                       actor="fixture")
    cases.record_event(ws, a.reference, "id_received", D(2025, 5, 9), "", actor="fixture")
    cases.apply_exemption(ws, a.reference, "legal-privilege",
                          "Advice from counsel on the grievance", "two emails", actor="fixture")
    cases.add_search_log(ws, a.reference, "Exchange mailboxes", "Zoë, Bronte, ZBH",
                         "HR team", on=D(2025, 5, 12), actor="fixture")
    doc = DATA / "schema_fixture_document.txt"
    doc.write_text("Grievance outcome letter, 3 March 2025 (Łódź office)\n", encoding="utf-8")
    try:
        cases.attach_document(ws, a.reference, doc, actor="fixture")
    finally:
        doc.unlink()
    letter = cases.store_letter(ws, a.reference, "acknowledgement", "pdf",
                                b"%PDF-1.4 fixture letter", actor="fixture")
    cases.record_dispatch(ws, a.reference, letter.id, D(2025, 5, 3), "post", "RR123456785GB",
                          actor="fixture")
    cases.add_note(ws, a.reference, "Data owner contacted", actor="fixture")

    b = cases.create_case(ws, cases.NewCase(
        requester=Person("王芳", "wang.fang@example.cn"), subject=Person("李娜"),
        authority_evidence="Signed authority dated 2 June 2025", received=D(2025, 6, 2),
        jurisdiction="uk-sct", assignee="Aoife Byrne"), actor="fixture")
    refs.append(b.reference)
    cases.record_event(ws, b.reference, "clarification_requested", D(2025, 6, 4),
                       "Which years?", actor="fixture")
    cases.record_event(ws, b.reference, "clarification_received", D(2025, 6, 10),
                       "2019 to 2023", actor="fixture")
    cases.record_event(ws, b.reference, "extended", D(2025, 6, 20),
                       "Complex: many systems and third parties", actor="fixture")

    c = cases.create_case(ws, cases.NewCase(
        requester=Person("عائشة الحسن", "aisha@example.org"), received=D(2025, 4, 14),
        jurisdiction="eu-ie"), actor="fixture")
    refs.append(c.reference)
    cases.record_decision(ws, c.reference, Decision(
        kind=DecisionKind.FEE, ground=DecisionGround.EXCESSIVE, reasons="Fourth copy this year",
        factors="repeat copies", amount=__import__("decimal").Decimal("25.00"),
        working="2 hours at £12.50", decided_on=D(2025, 4, 16)), actor="fixture")
    cases.record_event(ws, c.reference, "responded", D(2025, 5, 12), "", actor="fixture",
        override="ended for this test's set-up")
    return refs


def case_view(snap, trail) -> dict:
    """One case as ``expected.json`` holds it: people, timeline, documents, audit entries."""
    return {
        "requester": snap.requester.name, "email": snap.requester.email,
        "subject": snap.subject.name if snap.subject else None,
        "received": snap.received.isoformat(), "jurisdiction": snap.jurisdiction,
        "status": snap.status.value,
        "events": [[e.kind.value, e.date.isoformat(), e.note] for e in snap.events],
        "exemptions": [x.code for x in snap.exemptions],
        "decisions": [[d.kind.value, d.ground.value, str(d.amount or "")]
                      for d in snap.decisions],
        "documents": [[d.filename, d.sha256] for d in snap.documents],
        "letters": [[x.kind, x.sha256] for x in snap.letters],
        "notes": [n.text for n in snap.notes],
        "audit": [[e.seq, e.action, e.hash] for e in trail],
    }


def expected_view(ws, refs: list[str]) -> dict:
    """What a later SAR Desk must still read of each case (see :func:`case_view`)."""
    from sar_desk.services import cases

    return {ref: case_view(cases.get_case(ws, ref), cases.audit_trail(ws, ref)) for ref in refs}


def make(version: int) -> Path:
    from sar_desk.core.clock import FixedClock
    from sar_desk.services.cases import open_case_file
    from sar_desk.services.workspace import init_workspace
    from sar_desk.store import keys
    from sar_desk.store.case_schema import SCHEMA_VERSION

    check_version(version, SCHEMA_VERSION, DOWNGRADES, "schema")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    target = fresh_folder(DATA / f"schema_v{version}")
    ws, _recovery = init_workspace(target / "workspace", passphrase=PASSPHRASE,
                                   clock=FixedClock(dt.date.fromisoformat(TODAY)))
    with ws:
        refs = build_cases(ws)
        expected = expected_view(ws, refs)
        case_keys = {}
        for ref in refs:
            with open_case_file(ws, ref) as case:
                case.checkpoint()
            wrapped, _salt = ws.registry.key_entry(ref)
            case_keys[ref] = keys.unwrap_case_key(ws.master_key, ws.id, ref, wrapped)
    for ref, key in case_keys.items():
        path = target / "workspace" / "cases" / f"{ref}.sarcase"
        if version < SCHEMA_VERSION:
            downgrade(path, key, DOWNGRADES, SCHEMA_VERSION, version, extra=[(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),))])
            settle(path, key)
    record_version(target / "workspace" / "workspace.json", "case_schema_version", version)
    remove_leftovers(target / "workspace")
    (target / "passphrase.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    (target / "expected.json").write_text(json.dumps(
        {"schema_version": version, "made_by_schema": SCHEMA_VERSION, "today": TODAY,
         "cases": expected}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (target / "README.txt").write_text(
        f"A SAR Desk workspace whose case files use schema version {version} (made with "
        f"schema {SCHEMA_VERSION} code, then taken back, as of {TODAY}).\nMade by: "
        f"python -m tests.reliability.make_schema_fixture {version}\nPassphrase: "
        "passphrase.txt. Test: tests/reliability/test_schema_fixtures.py\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1"]:
        print("wrote", make(int(arg)))
