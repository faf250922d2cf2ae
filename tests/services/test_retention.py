"""Retention with fixed dates: what is listed, purged and held, the tombstone, the certificate,
and that nothing of a purged case's personal data is left under the workspace."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess

import pytest

from sar_desk.cli import main
from sar_desk.core.entities import Person
from sar_desk.errors import InputError
from sar_desk.services import access, retention
from sar_desk.services import cases as C
from sar_desk.store import users as store
from sar_desk.store.errors import UnknownCase

D = dt.date
SECRETS = ("Zoë Purgeable-Ξανθή", "zoe.purgeable@example.org", "quartz-note-4412",
           "payroll-zebra-7731")


@pytest.fixture
def ws(tmp_path, clock):
    from sar_desk.services.workspace import init_workspace

    workspace, _ = init_workspace(tmp_path / "ws", clock=clock)
    yield workspace
    workspace.close()


def closed_case(ws, tmp_path, name, received, ended, kind="closed", secret=False):
    person = Person(SECRETS[0], SECRETS[1]) if secret else Person(name, "")
    ref = C.create_case(ws, C.NewCase(requester=person, received=received)).reference
    if secret:
        C.add_note(ws, ref, f"phoned about {SECRETS[2]}")
        doc = tmp_path / "extract.txt"
        doc.write_text(f"salary record {SECRETS[3]}", encoding="utf-8")
        C.attach_document(ws, ref, doc)
    if kind == "closed":
        C.record_event(ws, ref, "responded", ended, override="ended for this test's set-up")
    if kind:
        C.record_event(ws, ref, kind, ended, override="ended for this test's set-up")
    return ref


@pytest.fixture
def cases(ws, tmp_path):
    return {
        "old": closed_case(ws, tmp_path, "", D(2019, 1, 10), D(2019, 2, 5), secret=True),
        "edge": closed_case(ws, tmp_path, "Jan Nowak", D(2020, 6, 1), D(2020, 7, 1)),
        "held": closed_case(ws, tmp_path, "Aiko Tanaka", D(2019, 3, 1), D(2019, 4, 1)),
        "open": closed_case(ws, tmp_path, "Omar Haddad", D(2019, 5, 1), None, kind=None),
        "withdrawn": closed_case(ws, tmp_path, "Eva Berg", D(2019, 4, 2), D(2019, 5, 1),
                                 kind="withdrawn"),
    }


def test_six_years_after_closing_from_the_profile(ws, cases):
    assert retention.retention_years(ws) == 6
    due = {i.reference: i for i in retention.due_for_purge(ws, D(2026, 6, 30))}
    assert set(due) == {cases["old"], cases["held"], cases["withdrawn"]}
    assert due[cases["old"]].retain_until == D(2025, 2, 5)
    assert due[cases["withdrawn"]].closed == D(2019, 5, 1)
    # the edge case becomes due on the day six years after it closed, not before
    assert cases["edge"] not in {i.reference for i in retention.due_for_purge(ws, D(2026, 6, 30))}
    assert cases["edge"] in {i.reference for i in retention.due_for_purge(ws, D(2026, 7, 1))}


def test_purge_destroys_past_retention_keeps_held_and_leaves_a_tombstone(ws, cases, tmp_path):
    retention.set_hold(ws, cases["held"], "employment tribunal claim 2401")
    with pytest.raises(InputError, match="reason"):
        retention.set_hold(ws, cases["edge"], "  ")
    with pytest.raises(InputError, match="legal hold"):
        retention.purge(ws, as_of=D(2026, 6, 30), references=[cases["held"]], confirm=1)
    with pytest.raises(InputError, match="not a closed case past"):
        retention.purge(ws, as_of=D(2026, 6, 30), references=[cases["open"]], confirm=1)
    heads = {ref: C.audit_trail(ws, ref)[-1].hash for ref in (cases["old"], cases["withdrawn"])}
    copy = tmp_path / "stolen-copy.sarcase"
    shutil.copy(ws.case_path(cases["old"]), copy)

    done = retention.purge(ws, as_of=D(2026, 6, 30), certificates_dir=tmp_path / "certs",
                           confirm=2)
    assert sorted(p.tombstone.reference for p in done) == sorted([cases["old"],
                                                                  cases["withdrawn"]])
    for ref in (cases["old"], cases["withdrawn"]):
        with pytest.raises(UnknownCase):
            C.get_case(ws, ref)
        assert ws.registry.key_entry(ref) is None  # the copy above can never be opened
        assert not list(ws.path.rglob(f"{ref}*"))
    for ref in (cases["held"], cases["edge"], cases["open"]):
        assert C.get_case(ws, ref).reference == ref
    stones = {t.reference: t for t in retention.tombstones(ws)}
    old = stones[cases["old"]]
    assert (old.received, old.closed, old.retain_until) == ("2019-01-10", "2019-02-05",
                                                            "2025-02-05")
    assert old.audit_head == heads[cases["old"]] and old.reason == "retention period ended"
    assert old.purged_by == access.current_user(ws).login
    pdf = (tmp_path / "certs" / f"{cases['old']}-destruction.pdf").read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == old.certificate_sha256
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    for fact in (cases["old"], "2019-01-10", "2019-02-05", old.audit_head[:40],
                 old.purged_by):
        assert fact in text.replace("\n", "")
    assert SECRETS[0] not in text
    purged = [r for r in access.workspace_audit(ws) if r.action == "purged"]
    assert {r.reference for r in purged} == {cases["old"], cases["withdrawn"]}
    assert store.verify_audit(ws.registry) == []
    # a released hold lets the case go
    retention.set_hold(ws, cases["held"], release=True)
    assert [p.tombstone.reference for p in retention.purge(
        ws, certificates_dir=tmp_path / "certs", confirm=1)] == [cases["held"]]


def test_no_byte_of_a_purged_case_remains_under_the_workspace(ws, cases, tmp_path):
    retention.purge(ws, as_of=D(2026, 6, 30), confirm=3)
    needles = [s.encode(enc) for s in SECRETS for enc in ("utf-8", "utf-16-le")]
    for path in ws.path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path
    # and inside the decrypted registry: no live row, no FTS term, no free page left behind
    with ws.registry.engine.connect() as conn:
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table'").all()]
        dump = repr([conn.exec_driver_sql(f'SELECT * FROM "{t}"').all() for t in tables])
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar_one() == 0
    assert not any(s in dump for s in SECRETS)
    assert "Purgeable" not in dump and "purgeable" not in dump
    assert C.list_cases(ws, status="all", search="Purgeable") == []


def test_retention_cli_lists_and_purges(ws, cases, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    args = ["--workspace", str(ws.path)]
    assert main(["retention", "--as-of", "2026-06-30", *args]) == 0
    out = capsys.readouterr().out
    assert cases["old"] in out and cases["edge"] not in out
    assert main(["hold", cases["held"], "--reason", "litigation", *args]) == 0
    assert "Legal hold placed" in capsys.readouterr().out
    assert main(["retention", "--as-of", "2026-06-30", "--json", *args]) == 0
    listed = {i["reference"]: i for i in json.loads(capsys.readouterr().out)}
    assert listed[cases["held"]]["held"] and listed[cases["held"]]["hold_reason"] == "litigation"
    assert not listed[cases["old"]]["held"]
    assert main(["retention", "--purge", "--confirm", "2", "--certificates",
                 str(tmp_path / "c"), *args]) == 0
    out = capsys.readouterr().out
    assert cases["old"] in out and cases["held"] not in out
    assert (tmp_path / "c" / f"{cases['old']}-destruction.pdf").exists()
    assert main(["hold", cases["held"], "--release", *args]) == 0
