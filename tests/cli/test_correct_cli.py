"""sar-desk case void|edit|detach, case exemption --withdraw, letter discard: correcting the
record from the command line, each with a reason."""

from __future__ import annotations

import json

import pytest

from sar_desk.cli import main

REF = "SAR-2026-0001"


@pytest.fixture
def ws(ws, capsys):
    """The command-line workspace with one case in it."""
    path = ws
    assert main(["case", "new", "--workspace", path, "--requester", "Zoë Brontë", "--email",
                 "zoe@example.org", "--received", "2026-06-01"]) == 0
    capsys.readouterr()
    return path


def run(capsys, ws, *args):
    code = main([*args, "--workspace", ws])
    out = capsys.readouterr()
    return code, out.out, out.err


def _due(capsys, ws) -> str:
    code, out, _ = run(capsys, ws, "case", "show", REF, "--json")
    return json.loads(out)["deadline"]["due"]


def test_show_numbers_events_and_void_strikes_one_and_restores_the_deadline(ws, capsys):
    never = _due(capsys, ws)
    assert run(capsys, ws, "case", "event", REF, "id_requested", "--date", "2026-06-02")[0] == 0
    code, out, _ = run(capsys, ws, "case", "show", REF)
    assert "#1 2026-06-02  id_requested" in out
    code, out, err = run(capsys, ws, "case", "void", REF, "1", "--reason", "wrong case")
    assert code == 0 and "event 1 voided" in out, err
    code, out, _ = run(capsys, ws, "case", "show", REF)
    assert "#1 2026-06-02  id_requested  [VOIDED by " in out and ": wrong case]" in out
    assert "event_voided" in out
    assert _due(capsys, ws) == never
    code, _, err = run(capsys, ws, "case", "void", REF, "1", "--reason", "again")
    assert code == 2 and "already voided" in err
    code, _, err = run(capsys, ws, "case", "void", REF, "1")
    assert code == 2 and "--reason" in err
    assert run(capsys, ws, "verify")[0] == 0


def test_edit_changes_the_received_date_and_show_explains_it(ws, capsys):
    code, out, err = run(capsys, ws, "case", "edit", REF, "--received", "2026-06-03",
                         "--requester-email", "zb@example.org", "--rights", "access,erasure",
                         "--reason", "typed from the wrong letter")
    assert code == 0 and "--received" in out, err
    code, out, _ = run(capsys, ws, "case", "show", REF)
    assert "Received 2026-06-03" in out and "zb@example.org" in out
    assert "The received date was corrected from 2026-06-01 to 2026-06-03" in out
    assert "received '2026-06-01' -> '2026-06-03' (typed from the wrong letter)" in out
    code, out, _ = run(capsys, ws, "case", "list")
    assert "due 2026-07-03" in out
    code, _, err = run(capsys, ws, "case", "edit", REF, "--requester-email", "nope",
                       "--reason", "x")
    assert code == 2 and "email" in err
    code, _, err = run(capsys, ws, "case", "edit", REF, "--reason", "x")
    assert code == 2 and "Say what to correct" in err


def test_withdraw_discard_and_detach(ws, capsys, tmp_path):
    assert run(capsys, ws, "case", "exemption", REF, "legal-privilege", "--note",
               "Counsel's advice")[0] == 0
    code, out, err = run(capsys, ws, "case", "exemption", REF, "--withdraw", "1", "--reason",
                         "disclosed already")
    assert code == 0 and "exemption 1 withdrawn" in out, err
    letter = tmp_path / "ack.pdf"
    assert run(capsys, ws, "letter", REF, "acknowledgement", "--out", str(letter))[0] == 0
    code, out, err = run(capsys, ws, "letter", "discard", REF, "1", "--reason", "wrong name")
    assert code == 0 and "letter 1 discarded" in out, err
    doc = tmp_path / "wrong.txt"
    doc.write_text("someone else's data", encoding="utf-8")
    assert run(capsys, ws, "case", "attach", REF, str(doc))[0] == 0
    code, out, err = run(capsys, ws, "case", "detach", REF, "1", "--reason", "not theirs",
                         "--json")
    assert code == 0 and json.loads(out)["removed_document"] == 1, err
    code, out, _ = run(capsys, ws, "case", "show", REF)
    assert "#1 legal-privilege: Counsel's advice  [WITHDRAWN by " in out
    assert "#1 acknowledgement (pdf)" in out and "[SUPERSEDED by " in out
    assert "#1 wrong.txt" in out and "[REMOVED by " in out and "not theirs] sha256 " in out
    code, _, err = run(capsys, ws, "letter", "discard", REF, "1", "--reason", "again")
    assert code == 2 and "already discarded" in err
    code, _, err = run(capsys, ws, "case", "detach", REF, "1", "--reason", "again")
    assert code == 2 and "already removed" in err
    assert run(capsys, ws, "verify")[0] == 0
