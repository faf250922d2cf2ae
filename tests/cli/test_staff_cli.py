"""``sar-desk case show`` for staff: the letter-printing view, never the case's content."""

from __future__ import annotations

import json

from sar_desk.cli import main


def test_staff_case_show_leaves_out_the_request_notes_and_audit(with_staff, monkeypatch, capsys):
    ws, secret = with_staff
    assert main(["case", "new", "--requester", "Kwame Mensah", "--received", "2026-06-01",
                 "--text", "Every e-mail about my dismissal", *ws]) == 0
    ref = capsys.readouterr().out.split()[-1].rstrip(".")
    assert main(["case", "note", ref, "Suspect a tribunal claim", *ws]) == 0
    assert main(["ready", ref, *ws]) == 0
    capsys.readouterr()

    monkeypatch.setenv("LOGNAME", "sid")
    as_sid = [*ws, "--passphrase-file", str(secret)]
    assert main(["case", "show", ref, *as_sid]) == 0
    out = capsys.readouterr().out
    assert "Kwame Mensah" in out and ref in out and "Staff view" in out
    assert "dismissal" not in out and "tribunal" not in out and "Audit trail" not in out
    assert main(["case", "show", ref, "--json", *as_sid]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["redacted"] is True and data["notes"] == [] and data["audit"] == []
    assert data["request_text"] == ""

    monkeypatch.setenv("LOGNAME", "ada")
    assert main(["case", "show", ref, *ws]) == 0
    out = capsys.readouterr().out
    assert "tribunal" in out and "Audit trail" in out and "Staff view" not in out
