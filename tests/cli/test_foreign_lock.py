"""A lock left by a program on another computer: the message says who holds it, since when,
and that it is not recovered automatically; an administrator releases it, audited."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from sar_desk.cli import main
from tests.cli.helpers import run

SINCE = "2026-06-02T09:15:00+00:00"


@pytest.fixture
def locked(capsys, root):
    """A case whose lock names a program on another computer; returns (root, ref, lock)."""
    code, out, err = run(capsys, root, "case", "new", "--requester", "Ada Lovelace",
                         "--received", "2026-06-01")
    assert code == 0, err
    ref = out.strip()
    lock = Path(root) / "locks" / f"{ref}.lock"
    lock.write_text(json.dumps({"user": "olu", "host": "desk-7.example", "pid": 4242,
                                "since": SINCE}), encoding="utf-8")
    return root, ref, lock


def test_a_foreign_lock_names_its_holder_and_is_not_said_to_recover(locked, capsys):
    root, ref, lock = locked
    code, _out, err = run(capsys, root, "case", "note", ref, "called the requester")
    assert code == 4 and "Traceback" not in err
    assert "olu on desk-7.example (process 4242)" in err and SINCE in err
    assert "another computer" in err and "recovered automatically" not in err
    assert f"sar-desk unlock-case {ref} --force --reason" in err
    assert lock.exists()


def test_a_foreign_lock_does_not_block_a_backup_and_the_case_is_in_it(locked, capsys,
                                                                       tmp_path):
    """A backup copies each file through SQLite's own snapshot, so it needs no case lock: a
    lock left by another computer neither blocks it nor leaves the case out."""
    root, ref, _lock = locked
    out = tmp_path / "backup.sdbk"
    code, _out, err = run(capsys, root, "backup", "--out", str(out))
    assert code == 0 and "Traceback" not in err, err
    restored = tmp_path / "restored"
    code = main(["restore", str(out), "--workspace", str(restored)])
    assert code == 0, capsys.readouterr().err
    code, out_text, err = run(capsys, str(restored), "case", "show", ref)
    assert code == 0 and "Ada Lovelace" in out_text, err


def test_unlock_case_needs_force_and_a_reason(locked, capsys):
    root, ref, lock = locked
    code, _out, err = run(capsys, root, "unlock-case", ref, "--reason", "switched off")
    assert code == 2 and "must be forced" in err
    code, _out, err = run(capsys, root, "unlock-case", ref, "--force")
    assert code == 2 and "reason" in err
    assert lock.exists()


def test_unlock_case_releases_the_lock_and_is_audited(locked, capsys):
    root, ref, lock = locked
    code, out, err = run(capsys, root, "unlock-case", ref, "--force", "--reason",
                         "desk-7 was re-imaged")
    assert code == 0, err
    assert "olu on desk-7.example" in out and not lock.exists()
    code, out, err = run(capsys, root, "user", "audit", "--json")
    assert code == 0, err
    entries = [e for e in json.loads(out)["entries"] if e["action"] == "unlock_case"]
    assert len(entries) == 1 and "desk-7 was re-imaged" in json.dumps(entries[0])
    assert run(capsys, root, "case", "note", ref, "called the requester")[0] == 0


def test_unlock_case_never_releases_a_program_running_here(locked, capsys):
    root, ref, lock = locked
    lock.write_text(json.dumps({"user": "olu", "host": socket.gethostname(),
                                "pid": os.getppid(), "since": SINCE}), encoding="utf-8")
    code, _out, err = run(capsys, root, "unlock-case", ref, "--force", "--reason", "x")
    assert code == 2 and "still running on this computer" in err
    assert lock.exists()


def test_a_lock_left_here_by_a_process_that_has_gone_is_recovered(locked, capsys):
    root, ref, lock = locked
    lock.write_text(json.dumps({"user": "olu", "host": socket.gethostname(),
                                "pid": 2**22 + 12345, "since": SINCE}), encoding="utf-8")
    assert run(capsys, root, "case", "note", ref, "called the requester")[0] == 0
    assert not lock.exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_lock_whose_process_number_was_reused_is_recovered(locked, capsys):
    """Same computer, the process number now runs another program (started later)."""
    root, ref, lock = locked
    lock.write_text(json.dumps({"user": "olu", "host": socket.gethostname(),
                                "pid": os.getppid(), "since": SINCE,
                                "started": "an-earlier-boot:12345"}), encoding="utf-8")
    assert run(capsys, root, "case", "note", ref, "called the requester")[0] == 0
    assert not lock.exists()


@pytest.mark.parametrize("pid", [0, -1, 2**70])
def test_a_lock_with_an_impossible_process_number_is_recovered(locked, capsys, pid):
    root, ref, lock = locked
    lock.write_text(json.dumps({"user": "olu", "host": socket.gethostname(), "pid": pid,
                                "since": SINCE}), encoding="utf-8")
    code, _out, err = run(capsys, root, "case", "note", ref, "called the requester")
    assert code == 0, err
