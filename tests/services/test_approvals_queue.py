"""The approvals queue holds more than letters: a built bundle awaiting approval and a case's
verified redacted set awaiting its senior check, each only for whoever may approve it."""

from __future__ import annotations

import datetime as dt
import json

import pymupdf
import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import PermissionDenied
from sar_desk.services import bundle as B
from sar_desk.services import cases as C
from sar_desk.services import redaction, signoff
from tests.services.team import as_alice, signoff_team

PASS = "approvals queue passphrase"
THIRD = "Zbigniew Kowalczyk"


@pytest.fixture(scope="module")
def handles(tmp_path_factory):
    with signoff_team(tmp_path_factory.mktemp("queue") / "ws", PASS) as opened:
        yield opened


@pytest.fixture
def team(handles, monkeypatch):
    return as_alice(handles, monkeypatch)


def pdf(path, text: str):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), text)
    doc.save(path)
    return path


def waiting(ws, ref) -> list[tuple[str, str]]:
    return [(p.what, p.asked_by) for p in signoff.awaiting_my_approval(ws) if p.reference == ref]


def new_case(ws) -> str:
    return C.create_case(ws, C.NewCase(requester=Person("Ada Requester"),
                                       received=dt.date(2026, 6, 1))).reference


def test_a_built_bundle_waits_for_a_second_officer_and_leaves_once_approved(team, tmp_path):
    alice, bob, meg = team["alice"], team["bob"], team["meg"]
    ref = new_case(alice)
    C.attach_document(alice, ref, pdf(tmp_path / "minutes.pdf", "Minutes about Ada"))
    C.set_document_status(alice, ref, 1, "disclose")
    assert waiting(bob, ref) == []
    info = B.build(alice, ref)
    assert waiting(alice, ref) == []  # she built it: not hers to approve
    assert waiting(bob, ref) == [("bundle", "alice")]
    assert waiting(meg, ref) == [("bundle", "alice")]
    [item] = [p for p in signoff.awaiting_my_approval(meg) if p.reference == ref]
    assert item.bundle_id == info.id and item.letter_id is None
    assert item.label == f"bundle {info.id}"
    before = signoff.pending_count(meg)
    B.approve(bob, ref)
    assert waiting(meg, ref) == []
    assert signoff.pending_count(meg) == before - 1
    B.build(alice, ref)  # rebuilt after approval: it needs approving again
    assert waiting(bob, ref) == [("bundle", "alice")]


def test_a_verified_redacted_set_waits_for_its_senior_check(team, tmp_path):
    alice, bob, meg = team["alice"], team["bob"], team["meg"]
    ref = new_case(alice)
    C.attach_document(alice, ref, pdf(tmp_path / "report.pdf", f"Report naming {THIRD}"))
    C.set_document_status(alice, ref, 1, "partly", "third-party")
    redaction.propose(alice, ref, 1, term=THIRD, reason="third-party")
    redaction.decide(alice, ref, 1, None, "accepted")
    redaction.apply(alice, ref, 1)
    assert waiting(bob, ref) == []  # a copy not yet verified is not ready for the check
    redaction.verify(alice, ref, 1)
    assert waiting(alice, ref) == []  # she accepted and applied the marks
    assert waiting(bob, ref) == [("redactions", "alice")]
    with pytest.raises(PermissionDenied):
        redaction.approve(alice, ref)
    redaction.approve(meg, ref)
    assert waiting(bob, ref) == []


def test_the_command_lists_bundles_and_redacted_sets(team, tmp_path, capsys, monkeypatch):
    from sar_desk.cli import main

    alice = team["alice"]
    ref = new_case(alice)
    C.attach_document(alice, ref, pdf(tmp_path / "notes.pdf", "Notes about Ada"))
    C.set_document_status(alice, ref, 1, "disclose")
    B.build(alice, ref)
    monkeypatch.setenv("LOGNAME", "meg")
    (tmp_path / "pass").write_text(PASS)
    args = ["--workspace", str(alice.path), "--passphrase-file", str(tmp_path / "pass")]
    assert main(["approvals", *args, "--json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["reference"] == ref]
    assert [(r["what"], r["kind"], r["letter_id"]) for r in rows] == [
        ("bundle", "disclosure bundle", None)]
    assert main(["approvals", *args]) == 0
    out = capsys.readouterr().out
    assert f"{ref}  bundle" in out and "approve REF --bundle" in out
