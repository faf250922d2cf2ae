"""sar-desk case ...: the commands a privacy officer types, and their errors."""

from __future__ import annotations

import json

import pytest

from sar_desk.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_new_event_show_list(ws, capsys, tmp_path):
    code, out, _ = run(capsys, "case", "new", "--workspace", ws, "--requester", "Жанна Иванова",
                       "--email", "zh@example.org", "--received", "2026-05-29", "--channel",
                       "post", "--jurisdiction", "uk-sct", "--subject", "Анна Иванова",
                       "--address", "1 Mill Road\\nYork")
    assert code == 0 and out.strip() == "SAR-2026-0001"
    assert run(capsys, "case", "event", "SAR-2026-0001", "clarification_requested", "--date",
               "2026-06-01", "--note", "which years?", "--workspace", ws)[0] == 0
    code, out, _ = run(capsys, "case", "show", "SAR-2026-0001", "--workspace", ws)
    assert code == 0
    assert "Requester: Жанна Иванова" in out and "Data subject: Анна Иванова" in out
    assert "clarification_requested  - which years?" in out
    assert "Due " in out and "case_created" in out and "event_recorded" in out
    code, out, _ = run(capsys, "case", "show", "sar-2026-1", "--workspace", ws, "--json")
    data = json.loads(out)
    assert data["deadline"]["state"] == "paused" and data["channel"] == "post"
    assert data["requester"]["address"] == "1 Mill Road\nYork"
    assert [a["action"] for a in data["audit"]] == ["case_created", "event_recorded"]
    code, out, _ = run(capsys, "case", "list", "--workspace", ws)
    assert "SAR-2026-0001" in out and "paused" in out
    code, out, _ = run(capsys, "case", "list", "--status", "closed", "--workspace", ws)
    assert out.strip() == "No cases."


@pytest.mark.parametrize("args, words", [
    (["case", "new", "--requester", " ", "--received", "2026-06-01"], "requester's name"),
    (["case", "new", "--requester", "A", "--received", "2026-07-01"], "after today"),
    (["case", "new", "--requester", "A", "--received", "2026-06-01", "--jurisdiction", "xx"],
     "unknown jurisdiction"),
    (["case", "event", "SAR-2026-0001", "id_received", "--date", "2026-06-10"], ""),
    (["case", "event", "SAR-2026-0001", "responded", "--date", "2026-07-02"], "after today"),
    (["case", "event", "SAR-2099-0001", "responded", "--date", "2026-06-02"], "no case"),
    (["case", "event", "SAR-2026-0001", "extended", "--date", "2026-06-02"], "--note"),
    (["case", "exemption", "SAR-2026-0001", "made-up", "--note", "x"], "Unknown exemption"),
    (["case", "decision", "SAR-2026-0001", "fee", "--ground", "excessive", "--reason", "r"],
     "amount"),
    (["case", "attach", "SAR-2026-0001", "/nonexistent/file.pdf"], "does not exist"),
])
def test_bad_input_exits_2_with_a_message_and_changes_nothing(ws, capsys, args, words):
    run(capsys, "case", "new", "--workspace", ws, "--requester", "Ana", "--received",
        "2026-06-01")
    _, before, _ = run(capsys, "case", "show", "SAR-2026-0001", "--workspace", ws, "--json")
    code, _out, err = run(capsys, *args, "--workspace", ws)
    assert code == 2
    assert err.startswith("sar-desk: ") and "Traceback" not in err
    assert words.lower() in err.lower()
    _, after, _ = run(capsys, "case", "show", "SAR-2026-0001", "--workspace", ws, "--json")
    assert json.loads(after)["audit"] == json.loads(before)["audit"]


def test_argparse_rejects_impossible_dates(ws, capsys):
    with pytest.raises(SystemExit) as info:
        main(["case", "new", "--workspace", ws, "--requester", "A", "--received", "2026-02-30"])
    assert info.value.code == 2
    assert "not a real date" in capsys.readouterr().err


def test_exemption_decision_attach_note_search_log(ws, capsys, tmp_path):
    run(capsys, "case", "new", "--workspace", ws, "--requester", "王芳", "--received",
        "2026-06-01")
    doc = tmp_path / "emails.txt"
    doc.write_text("emails", encoding="utf-8")
    assert run(capsys, "case", "exemption", "SAR-2026-0001", "third-party", "--note",
               "names colleagues", "--scope", "emails", "--workspace", ws)[0] == 0
    assert run(capsys, "case", "decision", "SAR-2026-0001", "refuse", "--ground", "unfounded",
               "--reason", "offered to withdraw for payment", "--workspace", ws)[0] == 0
    code, out, _ = run(capsys, "case", "attach", "SAR-2026-0001", str(doc), "--status",
                       "withhold", "--exemption", "third-party", "--workspace", ws)
    assert code == 0 and "Attached emails.txt as document 1" in out
    assert run(capsys, "case", "note", "SAR-2026-0001", "called back", "--workspace", ws)[0] == 0
    assert run(capsys, "case", "search-log", "SAR-2026-0001", "--system", "HR system",
               "--terms", "王芳", "--workspace", ws)[0] == 0
    _, out, _ = run(capsys, "case", "show", "SAR-2026-0001", "--workspace", ws)
    for text in ("third-party: names colleagues (scope: emails)", "refuse (unfounded)",
                 "#1 emails.txt", "withhold [third-party]", "called back", "HR system: 王芳"):
        assert text in out
    code, out, _ = run(capsys, "case", "exemption", "--list", "--workspace", ws)
    assert "legal-privilege" in out and "DPA 2018 Sch 2 para 16" in out


def test_repeat_flag_is_printed(ws, capsys):
    run(capsys, "case", "new", "--workspace", ws, "--requester", "Zoë Brontë", "--email",
        "zoe@example.org", "--received", "2026-01-05")
    _, out, _ = run(capsys, "case", "new", "--workspace", ws, "--requester", "Zoe Bronte",
                    "--received", "2026-06-05")
    assert "SAR-2026-0002" in out and "Possible repeat request" in out and "SAR-2026-0001" in out


def test_export_for_hand_over(ws, capsys, tmp_path):
    import sqlcipher3

    run(capsys, "case", "new", "--workspace", ws, "--requester", "Ελένη", "--received",
        "2026-06-01")
    pp = tmp_path / "solicitor.txt"
    pp.write_text("for the solicitor only\n", encoding="utf-8")
    out_file = tmp_path / "SAR-2026-0001-handover.db"
    code, out, _ = run(capsys, "case", "export", "SAR-2026-0001", "--out", str(out_file),
                       "--passphrase-file", str(pp), "--workspace", ws)
    assert code == 0 and str(out_file) in out
    conn = sqlcipher3.connect(str(out_file))
    conn.execute("PRAGMA key = 'for the solicitor only'")
    assert conn.execute("SELECT reference FROM request").fetchone() == ("SAR-2026-0001",)
    conn.close()


@pytest.mark.parametrize("damage, words", [
    (lambda p: p.write_bytes(b""), "truncated"),
    (lambda p: p.write_bytes(p.read_bytes()[:6000]), "truncated"),
    (lambda p: p.write_text("not a case " * 500, encoding="utf-8"), "not a SAR Desk case file"),
    (lambda p: p.unlink(), "missing"),
])
def test_damaged_case_files_are_named_without_a_traceback(ws, capsys, damage, words):
    import pathlib

    run(capsys, "case", "new", "--workspace", ws, "--requester", "Ana", "--received",
        "2026-06-01")
    path = pathlib.Path(ws) / "cases" / "SAR-2026-0001.sarcase"
    damage(path)
    code, _out, err = run(capsys, "case", "show", "SAR-2026-0001", "--workspace", ws)
    assert code == 1 and words in err and str(path) in err
    assert "Traceback" not in err and "unexpected error" not in err


def test_exam_marks_case_and_results_day_later(ws, capsys):
    code, out, err = run(capsys, "case", "new", "--workspace", ws, "--requester", "Siân Jones",
                         "--received", "2026-06-01", "--exam-marks")
    assert code == 0, err
    code, out, _ = run(capsys, "case", "show", "SAR-2026-0001", "--workspace", ws)
    assert "Due 2026-11-02, or 40 days after the results, if earlier" in out
    code, out, _ = run(capsys, "case", "exam-results", "SAR-2026-0001", "--date", "2026-08-13",
                       "--workspace", ws)
    assert code == 0 and "exam results announced on 2026-08-13" in out
    code, out, _ = run(capsys, "case", "show", "SAR-2026-0001", "--workspace", ws, "--json")
    data = json.loads(out)
    assert data["deadline"]["due"] == "2026-09-21" and data["deadline"]["due_note"] == ""
    code, _, err = run(capsys, "case", "exam-results", "SAR-2026-0001", "--date", "2026-08-20",
                       "--workspace", ws)
    assert code == 2 and "already recorded" in err


def test_exam_results_given_when_the_case_is_created(ws, capsys):
    code, _, err = run(capsys, "case", "new", "--workspace", ws, "--requester", "Siân Jones",
                       "--received", "2026-03-30", "--jurisdiction", "uk-sct",
                       "--exam-marks", "--exam-results", "2026-08-04")
    assert code == 0, err
    code, out, _ = run(capsys, "case", "list", "--workspace", ws)
    assert "due 2026-08-31" in out
