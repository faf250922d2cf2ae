"""sar-desk init / unlock / verify / reindex / demo."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from sar_desk.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")


def test_init_prints_the_recovery_key_once_and_unlock_restores_the_keyring(
        tmp_path, capsys, memory_keyring):
    ws = str(tmp_path / "ws")
    assert main(["init", "--workspace", ws]) == 0
    out = capsys.readouterr().out
    recovery = re.search(r"Recovery key: (\S+)", out).group(1)
    assert recovery not in "".join(p.read_text(errors="ignore") for p in
                                   (tmp_path / "ws").rglob("*") if p.is_file())
    assert main(["case", "new", "--workspace", ws, "--requester", "Ελένη",
                 "--received", "2026-06-01"]) == 0
    memory_keyring.store.clear()  # a new computer: no key in its keyring
    assert main(["case", "list", "--workspace", ws]) == 1
    assert "unlock --recovery-key" in capsys.readouterr().err
    assert main(["unlock", "--workspace", ws, "--recovery-key", "AAAA-BBBB"]) == 2
    assert "not a SAR Desk recovery key" in capsys.readouterr().err
    assert main(["unlock", "--workspace", ws, "--recovery-key", recovery.lower()]) == 0
    assert main(["case", "list", "--workspace", ws, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert [r["requester_name"] for r in rows] == ["Ελένη"]


def test_init_refuses_a_used_folder(tmp_path, capsys):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "thesis.docx").write_text("x")
    assert main(["init", "--workspace", str(tmp_path / "ws")]) == 1
    assert "already holds" in capsys.readouterr().err


def test_workspace_from_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SAR_DESK_WORKSPACE", str(tmp_path / "env-ws"))
    assert main(["init"]) == 0
    assert (tmp_path / "env-ws" / "workspace.json").exists()
    capsys.readouterr()
    assert main(["case", "list"]) == 0
    assert "No cases." in capsys.readouterr().out


def test_verify_and_reindex(tmp_path, capsys):
    ws = str(tmp_path / "ws")
    main(["init", "--workspace", ws])
    for name in ("王芳", "عائشة الحسن"):
        main(["case", "new", "--workspace", ws, "--requester", name, "--received", "2026-06-01"])
    capsys.readouterr()
    assert main(["verify", "--workspace", ws]) == 0
    assert "All 2 case files" in capsys.readouterr().out
    (tmp_path / "ws" / "registry.db").exists()
    assert main(["reindex", "--workspace", ws]) == 0
    assert "Re-indexed 2 cases" in capsys.readouterr().out
    target = tmp_path / "ws" / "cases" / "SAR-2026-0002.sarcase"
    target.write_bytes(target.read_bytes()[:5000])
    assert main(["verify", "--workspace", ws]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "truncated" in lines[0]


def test_verify_shows_progress_on_stderr_when_asked(tmp_path, capsys):
    from sar_desk.services.demo_bulk import build_bulk_demo
    from sar_desk.services.workspace import open_workspace

    ws = str(tmp_path / "ws")
    main(["init", "--workspace", ws])
    with open_workspace(ws) as w:
        build_bulk_demo(w, cases=120, seed=2, templates=10, workers=1)
    capsys.readouterr()
    assert main(["verify", "--workspace", ws]) == 0
    quiet = capsys.readouterr()
    assert quiet.err == "" and "All 120 case files" in quiet.out  # not a terminal
    assert main(["verify", "--workspace", ws, "--progress"]) == 0
    shown = capsys.readouterr()
    assert "All 120 case files" in shown.out and "Checked" not in shown.out
    assert shown.err.splitlines() == ["Checked 50 of 120 case files",
                                      "Checked 100 of 120 case files",
                                      "Checked 120 of 120 case files"]


def test_demo_is_reproducible_and_never_after_as_of(tmp_path, capsys):
    from sar_desk.services.cases import get_case, list_cases
    from sar_desk.services.workspace import open_workspace

    contents = []
    for name in ("a", "b"):
        ws = str(tmp_path / name)
        assert main(["demo", "--workspace", ws, "--cases", "40", "--seed", "9",
                     "--as-of", "2026-03-31"]) == 0
        assert "Added 40 demo cases" in capsys.readouterr().out
        with open_workspace(ws) as w:
            rows = list_cases(w, status="all")
            snaps = [get_case(w, r.reference) for r in rows]
        contents.append([(s.reference, s.requester, s.received, s.events[:1] and
                          (s.events[0].kind, s.events[0].date, s.events[0].note),
                          s.assignee, s.status) for s in snaps])
        latest = max([s.received for s in snaps] + [e.date for s in snaps for e in s.events])
        assert latest <= __import__("datetime").date(2026, 3, 31)
    assert contents[0] == contents[1]


def test_subprocess_without_keyring_uses_the_passphrase_file(tmp_path):
    pp = tmp_path / "pass.txt"
    pp.write_text("a sturdy passphrase\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=ROOT, SAR_DESK_TODAY="2026-06-30")
    ws = str(tmp_path / "ws")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "sar_desk", *args], capture_output=True,
                              text=True, env=env, timeout=120)

    first = run("init", "--workspace", ws)
    assert first.returncode == 1 and "passphrase" in first.stderr
    assert "Traceback" not in first.stderr
    assert run("init", "--workspace", ws, "--passphrase-file", str(pp)).returncode == 0
    made = run("case", "new", "--workspace", ws, "--passphrase-file", str(pp),
               "--requester", "Łucja Wójcik", "--received", "2026-05-05")
    assert made.returncode == 0 and made.stdout.strip() == "SAR-2026-0001"
    locked = run("case", "list", "--workspace", ws)
    assert locked.returncode == 1 and "--passphrase-file" in locked.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("wrong passphrase here", encoding="utf-8")
    wrong = run("case", "list", "--workspace", ws, "--passphrase-file", str(bad))
    assert wrong.returncode == 1 and "passphrase does not" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_default_workspace_lives_in_the_user_data_folder(tmp_path, capsys, monkeypatch):
    import pathlib

    data_home = pathlib.Path(os.environ["XDG_DATA_HOME"])
    assert main(["init"]) == 0
    assert (data_home / "sar-desk" / "workspace" / "workspace.json").exists()
    assert main(["case", "new", "--requester", "Ana", "--received", "2026-06-01"]) == 0
    other = str(tmp_path / "other")
    assert main(["--workspace", other, "init"]) == 0  # the option before the command works too
    assert (tmp_path / "other" / "workspace.json").exists()
