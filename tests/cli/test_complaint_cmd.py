"""``sar-desk complaint ...`` end to end, as the issue describes the commands."""

from __future__ import annotations

import json

import pytest

from sar_desk.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_complaint_commands(ws, capsys):
    W = ["--workspace", ws]
    assert run(capsys, "case", "new", *W, "--requester", "Ann Lee", "--received",
               "2026-04-02")[0] == 0
    code, out, _ = run(capsys, "complaint", "new", *W, "--complainant", "Ann Lee",
                       "--received", "2026-06-19", "--case", "SAR-2026-0001", "--channel",
                       "social", "--summary", "Nobody replied to my request")
    assert code == 0
    assert out.split()[:4] == ["CMP-2026-0001", "acknowledgement", "due", "2026-07-20"]

    code, out, _ = run(capsys, "complaint", "show", *W, "CMP-2026-0001", "--json")
    data = json.loads(out)
    assert data["ack_due"] == "2026-07-20"
    assert "Rolled over Sunday 19 July 2026: weekend." in data["explanation"]
    assert data["case"] == "SAR-2026-0001"
    assert data["channel"] == "social"

    # The case shows the complaint about it.
    code, out, _ = run(capsys, "case", "show", *W, "SAR-2026-0001", "--json")
    assert json.loads(out)["complaints"] == ["CMP-2026-0001"]

    assert run(capsys, "complaint", "issue", *W, "CMP-2026-0001", "--add",
               "The reply was late")[0] == 0
    assert run(capsys, "complaint", "issue", *W, "CMP-2026-0001", "--add",
               "Emails were left out")[0] == 0
    assert run(capsys, "complaint", "event", *W, "CMP-2026-0001", "acknowledged", "--date",
               "2026-06-22")[0] == 0
    assert run(capsys, "complaint", "outcome", *W, "CMP-2026-0001", "1", "upheld",
               "--reason", "It was late.", "--remedy", "An apology")[0] == 0

    code, _out, err = run(capsys, "complaint", "close", *W, "CMP-2026-0001")
    assert code == 2
    assert "issue 2 (Emails were left out)" in err
    assert "Traceback" not in err

    assert run(capsys, "complaint", "outcome", *W, "CMP-2026-0001", "2", "not-upheld",
               "--reason", "All emails were sent.")[0] == 0
    assert run(capsys, "complaint", "close", *W, "CMP-2026-0001")[0] == 0
    assert run(capsys, "complaint", "event", *W, "CMP-2026-0001", "ico_contacted", "--date",
               "2026-06-30")[0] == 0

    code, out, _ = run(capsys, "complaint", "list", *W, "--json")
    rows = json.loads(out)
    assert [(r["reference"], r["status"], r["outcomes"]) for r in rows] == [
        ("CMP-2026-0001", "closed", ["upheld", "not-upheld"])]


def test_unknown_complaint_and_bad_outcome(ws, capsys):
    code, _out, err = run(capsys, "complaint", "show", "--workspace", ws, "CMP-2026-0042")
    assert code == 2
    assert "no complaint 'CMP-2026-0042'" in err
    with pytest.raises(SystemExit) as exited:  # argparse names the choices
        main(["complaint", "outcome", "--workspace", ws, "CMP-2026-0001", "1", "maybe",
              "--reason", "x"])
    assert exited.value.code == 2
    assert "not-upheld" in capsys.readouterr().err
