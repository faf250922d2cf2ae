"""The redaction commands in their exact forms, the senior check and what a redacted copy
blocks (dispatch of the final response) until it is verified and approved."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import openpyxl
import pymupdf
import pytest

from sar_desk.cli import main
from sar_desk.core.entities import Person
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import cases as C
from sar_desk.services import redaction, signoff
from tests.redaction import pdfs
from tests.services.team import as_alice, signoff_team

PASS = "redaction team passphrase"
NAME = pdfs.NAME


@pytest.fixture(scope="module")
def handles(tmp_path_factory):
    with signoff_team(tmp_path_factory.mktemp("redaction") / "ws", PASS) as opened:
        yield opened


@pytest.fixture
def team(handles, monkeypatch):
    return as_alice(handles, monkeypatch)


@pytest.fixture
def cli(team, tmp_path, capsys):
    secret = tmp_path / "p.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")

    def run(*args: str) -> tuple[int, str, str]:
        code = main([*args, "--workspace", str(team["alice"].path), "--passphrase-file",
                     str(secret)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _case(ws, tmp_path, data: bytes) -> str:
    ref = C.create_case(ws, C.NewCase(requester=Person("Ada Requester"),
                                      received=dt.date(2026, 6, 1))).reference
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    C.attach_document(ws, ref, path, status="partly", exemption_code="third-party")
    return ref


def test_the_commands_find_review_apply_verify_and_export(team, cli, tmp_path):
    text = f"{NAME} (NHS 943 476 5919, 943 476 5910) rang 020 7946 0018 about the rota."
    ref = _case(team["alice"], tmp_path, pdfs.plain(text))
    code, out, _ = cli("case", "show", ref, "--json")
    assert json.loads(out)["documents"][0]["number"] == 1
    assert cli("redact", "propose", ref, "1", "--pattern", "nhs-number", "--reason",
               "third-party")[0] == 0
    assert cli("redact", "propose", ref, "1", "--term", NAME, "--reason", "third-party")[0] == 0
    assert cli("redact", "propose", ref, "1", "--regex", r"(a+)+", "--reason",
               "third-party")[0] == 2
    assert cli("redact", "propose", ref, "1", "--pattern", "uk-phone", "--reason",
               "no-such-code")[0] == 2
    assert cli("redact", "mark", ref, "1", "--page", "1", "--rect", "72,130,300,150",
               "--reason", "third-party")[0] == 0
    code, out, _ = cli("redact", "list", ref, "1", "--json")
    marks = json.loads(out)["marks"]
    assert [(m["number"], m["source"], m["text"]) for m in marks] == [
        (1, "pattern", "943 476 5919"), (2, "term", NAME), (3, "drawn", "The requester attended.")]
    assert cli("redact", "accept", ref, "1", "1", "2")[0] == 0
    assert cli("redact", "accept", ref, "1", "9")[0] == 2
    code, out, _ = cli("redact", "reject", ref, "1", "--all")
    assert "1 mark(s) of document 1 rejected" in out
    assert cli("case", "export-document", ref, "1", "--redacted", "--out",
               str(tmp_path / "r.pdf"))[0] == 2  # nothing applied yet
    assert cli("redact", "apply", ref, "1")[0] == 0
    code, out, _ = cli("redact", "verify", ref, "1")
    assert code == 0 and "Verified" in out
    assert cli("case", "export-document", ref, "1", "--redacted", "--out",
               str(tmp_path / "r.pdf"))[0] == 0
    redacted = pymupdf.open(tmp_path / "r.pdf")[0].get_text()
    assert NAME not in redacted and "943 476 5919" not in redacted
    assert "943 476 5910" in redacted and "The requester attended." in redacted
    assert cli("case", "export-document", ref, "1", "--out", str(tmp_path / "o.pdf"))[0] == 0
    assert NAME in pymupdf.open(tmp_path / "o.pdf")[0].get_text()

    for fmt in ("csv", "xlsx", "pdf"):
        assert cli("redact", "log", ref, "--format", fmt, "--out",
                   str(tmp_path / f"log.{fmt}"))[0] == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "log.csv").read_text("utf-8-sig"))))
    assert rows[0][:7] == ["Document", "Mark", "Page", "Reason", "Source", "State",
                           "Proposed by"]
    assert [(r[0], r[1], r[2], r[3], r[5], r[6], r[8]) for r in rows[1:]] == [
        ("1. minutes.pdf", "1", "1", "third-party", "accepted", "alice", "alice"),
        ("1. minutes.pdf", "2", "1", "third-party", "accepted", "alice", "alice"),
        ("1. minutes.pdf", "3", "1", "third-party", "rejected", "alice", "alice")]
    sheet = openpyxl.load_workbook(tmp_path / "log.xlsx").active
    assert sheet.max_row == 4 and sheet["A1"].value == "Document" and sheet["B2"].value == 1
    assert "minutes.pdf" in pymupdf.open(tmp_path / "log.pdf")[0].get_text()
    assert cli("redact", "log", ref, "--format", "pdf", "--out",
               str(team["alice"].path / "log.pdf"))[0] == 2  # never inside the workspace


def test_a_failed_verification_exits_non_zero_and_lists_what_is_left(team, cli, tmp_path,
                                                                     monkeypatch):
    from sar_desk.documents import redaction_apply

    ref = _case(team["alice"], tmp_path, pdfs.metadata_and_annotation())
    cli("redact", "propose", ref, "1", "--term", NAME, "--reason", "third-party")
    cli("redact", "accept", ref, "1", "--all")
    monkeypatch.setattr(redaction_apply, "strip", lambda doc: None)
    cli("redact", "apply", ref, "1")
    code, out, _ = cli("redact", "verify", ref, "1")
    assert code == 1 and "FAILED" in out and "metadata" in out


def test_third_parties_and_the_staff_directory_propose_marks(team, cli, tmp_path):
    text = f"{NAME} and Priya Patel met Tom Evans."
    ref = _case(team["alice"], tmp_path, pdfs.plain(text))
    assert cli("redact", "propose", ref, "1", "--parties", "--reason", "third-party")[0] == 2
    directory = tmp_path / "staff.csv"
    directory.write_text("name,email\nPriya Patel,pp@example.org\n", encoding="utf-8")
    assert cli("redact", "parties", ref, "--add", NAME, "--directory", str(directory))[0] == 0
    assert cli("redact", "propose", ref, "1", "--parties", "--reason", "third-party")[0] == 0
    marks = redaction.marks_of(team["alice"], ref, 1)
    assert [(m.source, m.text) for m in marks] == [("party", NAME), ("directory", "Priya Patel")]


def _redacted_case(team, tmp_path) -> str:
    alice = team["alice"]
    ref = _case(alice, tmp_path, pdfs.plain())
    redaction.propose(alice, ref, 1, term=NAME, reason="third-party")
    redaction.decide(alice, ref, 1, None, "accepted")
    redaction.apply(alice, ref, 1)
    return ref


def test_the_redacted_set_is_approved_by_a_second_officer_and_again_after_a_change(
        team, tmp_path):
    alice, bob, meg, sam = team["alice"], team["bob"], team["meg"], team["sam"]
    ref = _redacted_case(team, tmp_path)
    with pytest.raises(InputError, match="not been verified"):
        redaction.approve(bob, ref)
    redaction.verify(alice, ref, 1)
    with pytest.raises(PermissionDenied, match="cannot approve"):
        redaction.approve(alice, ref)
    with pytest.raises(PermissionDenied):
        redaction.approve(sam, ref)
    assert redaction.verified_redacted_pdf(alice, ref, 1) is None  # not approved yet
    approved = redaction.approve(bob, ref)
    data = redaction.verified_redacted_pdf(alice, ref, 1)
    assert data is not None and approved == {"1": C.audit_trail(alice, ref)[-1]
                                             .details["copies"]["1"]}
    redaction.draw(alice, ref, 1, 1, (72, 130, 300, 150), "third-party")
    redaction.decide(alice, ref, 1, [2], "accepted")
    assert redaction.verified_redacted_pdf(alice, ref, 1) is None  # out of date
    redaction.apply(alice, ref, 1)
    redaction.verify(alice, ref, 1)
    assert redaction.verified_redacted_pdf(alice, ref, 1) is None  # needs approving again
    redaction.approve(meg, ref)  # a manager may
    assert redaction.verified_redacted_pdf(alice, ref, 1) is not None


def test_the_final_response_is_not_dispatched_until_the_redactions_are_approved(
        team, tmp_path):
    alice, bob = team["alice"], team["bob"]
    ref = _redacted_case(team, tmp_path)
    letter = C.store_letter(alice, ref, "final-response", "pdf", b"%PDF final", actor="alice").id
    signoff.request_approval(alice, ref, letter)
    signoff.approve_letter(bob, ref, letter)
    with pytest.raises(InputError, match="not been verified"):
        C.record_dispatch(alice, ref, letter, dt.date(2026, 6, 20), "post")
    redaction.verify(alice, ref, 1)
    with pytest.raises(InputError, match="not been approved"):
        C.record_dispatch(alice, ref, letter, dt.date(2026, 6, 20), "post")
    redaction.approve(bob, ref)
    C.record_dispatch(alice, ref, letter, dt.date(2026, 6, 20), "post")
    assert len(C.get_case(alice, ref).dispatches) == 1


def test_a_withheld_document_s_marks_do_not_hold_up_the_response(team, tmp_path):
    alice, bob = team["alice"], team["bob"]
    ref = _redacted_case(team, tmp_path)  # applied, never verified
    C.set_document_status(alice, ref, 1, "withhold", "third-party")
    letter = C.store_letter(alice, ref, "final-response", "pdf", b"%PDF final", actor="alice").id
    signoff.request_approval(alice, ref, letter)
    signoff.approve_letter(bob, ref, letter)
    C.record_dispatch(alice, ref, letter, dt.date(2026, 6, 20), "post")
