"""``sar-desk case show`` for staff: the letter-printing view, never the case's content."""

from __future__ import annotations

import json

from sar_desk.cli import main


def test_staff_case_show_is_refused_they_hold_only_the_staff_key(with_staff, monkeypatch,
                                                                 capsys):
    ws, secret = with_staff
    assert main(["case", "new", "--requester", "Kwame Mensah", "--received", "2026-06-01",
                 "--text", "Every e-mail about my dismissal", *ws]) == 0
    ref = capsys.readouterr().out.split()[-1].rstrip(".")
    assert main(["case", "note", ref, "Suspect a tribunal claim", *ws]) == 0
    assert main(["ready", ref, *ws]) == 0
    capsys.readouterr()

    monkeypatch.setenv("LOGNAME", "sid")
    as_sid = [*ws, "--passphrase-file", str(secret)]
    assert main(["case", "show", ref, *as_sid]) == 3
    captured = capsys.readouterr()
    assert "only the staff key" in captured.err and "ready-letters" in captured.err
    assert "dismissal" not in captured.out + captured.err
    assert main(["ready-letters", *as_sid]) == 0
    out = capsys.readouterr().out
    assert "Kwame Mensah" in out and ref in out
    assert "dismissal" not in out and "tribunal" not in out

    monkeypatch.setenv("LOGNAME", "ada")
    assert main(["case", "show", ref, *ws]) == 0
    out = capsys.readouterr().out
    assert "tribunal" in out and "Audit trail" in out and "Staff view" not in out


def test_staff_list_and_save_the_ready_letters(with_staff, monkeypatch, capsys, tmp_path):
    ws, secret = with_staff
    assert main(["case", "new", "--requester", "Kwame Mensah", "--address",
                 "4 Mill Lane\\nLeeds", "--received", "2026-06-01", *ws]) == 0
    ref = capsys.readouterr().out.split()[-1].rstrip(".")
    assert main(["letter", ref, "acknowledgement", "--out", str(tmp_path / "a.pdf"), *ws]) == 0
    assert main(["ready", ref, *ws]) == 0
    capsys.readouterr()

    monkeypatch.setenv("LOGNAME", "sid")
    as_sid = [*ws, "--passphrase-file", str(secret)]
    assert main(["ready-letters", "--json", *as_sid]) == 0
    [case] = json.loads(capsys.readouterr().out)
    assert case["reference"] == ref and case["name"] == "Kwame Mensah"
    assert case["address_lines"] == ["4 Mill Lane", "Leeds"]
    [letter] = case["letters"]
    out = tmp_path / "to-print.pdf"
    assert main(["ready-letters", "save", ref, str(letter["letter_id"]), "--out", str(out),
                 *as_sid]) == 0
    assert out.read_bytes() == (tmp_path / "a.pdf").read_bytes()
    assert main(["ready-letters", "save", ref, "99", "--out", str(tmp_path / "x.pdf"),
                 *as_sid]) == 2
    assert "among the letters marked ready" in capsys.readouterr().err
