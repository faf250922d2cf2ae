"""SIGKILL in the middle of writing: nothing committed is lost, every file passes the
integrity check, and after ``reindex`` the registry and the case files agree.

Each test runs a real writer process (tests/reliability/writer.py) that reports every change
as soon as it is committed, kills it with SIGKILL at a random moment while it is busy
writing, and then checks the workspace with the public services and the CLI.
"""

from __future__ import annotations

import datetime as dt
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.reliability.conftest import ROOT, make_workspace, run_cli, subprocess_env
from tests.reliability.writer import KILL_POINTS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def start_writer(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", *args],
                            cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("ready"), line + proc.stderr.read()
    return proc


def kill_while_writing(proc: subprocess.Popen, min_done: int, rng: random.Random) -> list[str]:
    """Let the writer commit at least ``min_done`` changes, then SIGKILL it mid-loop.

    Returns the lines it printed: every ``ok`` line is a change that was committed.
    """
    assert proc.stdout is not None
    lines = []
    while len(lines) < min_done:
        line = proc.stdout.readline()
        assert line, "the writer stopped early: " + proc.stderr.read()
        lines.append(line.strip())
    time.sleep(rng.uniform(0, 0.05))  # somewhere inside a later change
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    lines += [line.strip() for line in rest.splitlines() if line.strip()]
    return [line for line in lines if line.startswith("ok ")]


def check_workspace_after_crash(wk) -> None:
    """reindex, then verify: every case file opens, passes integrity and its chain holds."""
    done = run_cli("reindex", "--workspace", str(wk.path), "--passphrase-file", str(wk.passfile))
    assert done.returncode == 0, done.stderr
    done = run_cli("verify", "--workspace", str(wk.path), "--passphrase-file", str(wk.passfile))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def registry_agrees_with_case_files(ws) -> None:
    from sar_desk.services import cases

    listed = {row.reference: row for row in cases.list_cases(ws, status="all")}
    on_disk = {p.stem for p in ws.cases_dir.glob("*.sarcase")}
    assert set(listed) == on_disk
    for ref in on_disk:
        snap = cases.get_case(ws, ref)
        row = ws.registry.get(ref)
        trail = cases.audit_trail(ws, ref)
        assert (row["requester_name"], row["status"]) == (snap.requester.name, snap.status.value)
        assert (row["audit_seq"], row["audit_head"]) == (trail[-1].seq, trail[-1].hash)


@pytest.fixture
def wk(tmp_path, today):
    return make_workspace(tmp_path, cases=3)


def test_kill_while_writing_a_case(wk):
    rng = random.Random(1)
    ref = wk.refs[0]
    committed: list[str] = []
    for _round in range(3):
        proc = start_writer("notes", str(wk.path), str(wk.passfile), ref)
        committed += [f"writer {proc.pid} note {line.split()[1]}"
                      for line in kill_while_writing(proc, 15, rng)]
    check_workspace_after_crash(wk)
    with wk.open() as ws:
        from sar_desk.services import cases

        notes = [n.text for n in cases.get_case(ws, ref).notes]
        missing = [text for text in committed if text not in notes]
        assert not missing, f"committed notes lost after SIGKILL: {missing[:3]}"
        # At most the change in flight of each killed writer got in besides those reported.
        extra = [n for n in notes if n.startswith("writer ") and n not in committed]
        assert len(extra) <= 3
        registry_agrees_with_case_files(ws)
        # The killed writers' locks were recovered: this process can write again.
        cases.add_note(ws, ref, "after the crash")


def test_kill_while_creating_cases_and_writing_the_registry(wk):
    rng = random.Random(2)
    created: list[str] = []
    for _round in range(3):
        proc = start_writer("create", str(wk.path), str(wk.passfile))
        created += [line.split()[2] for line in kill_while_writing(proc, 6, rng)]
    assert len(set(created)) == len(created)
    # A creation cut off by the kill is cleaned up by reindex (and tested on its own in
    # test_creation_cut_off_by_a_kill_is_cleaned_up); everything else verifies.
    check_workspace_after_crash(wk)
    committed = set(created) | set(wk.refs)
    with wk.open() as ws:
        from sar_desk.services import cases

        listed = {row.reference for row in cases.list_cases(ws, status="all")}
        assert committed <= listed, "a committed case vanished from the registry"
        # Besides those, only the creation in flight at each kill (it may have finished).
        assert len(listed - committed) <= 3
        for ref in committed:
            row = ws.registry.get(ref)
            trail = cases.audit_trail(ws, ref)
            assert (row["audit_seq"], row["audit_head"]) == (trail[-1].seq, trail[-1].hash)
        snap = cases.create_case(ws, cases.NewCase(
            requester=cases.Person("After Crash", ""), received=dt.date(2026, 11, 3)))
        assert snap.reference not in committed


@pytest.mark.parametrize("point", ["reserved", "file"])
def test_creation_cut_off_by_a_kill_is_cleaned_up(wk, point):
    proc = subprocess.run([sys.executable, "-m", "tests.reliability.writer", "create-killed-at",
                           point, str(wk.path), str(wk.passfile)],
                          cwd=ROOT, env=subprocess_env(), capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL and "ok " not in proc.stdout
    check_workspace_after_crash(wk)
    with wk.open() as ws:
        registry_agrees_with_case_files(ws)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_verify_passes_after_a_kill_at_any_step_of_case_new(wk, point):
    """No reindex: verify itself settles the creation (forward or back) and passes, and the
    registry and the case files agree afterwards."""
    proc = subprocess.run([sys.executable, "-m", "tests.reliability.writer", "create-killed-at",
                           point, str(wk.path), str(wk.passfile)],
                          cwd=ROOT, env=subprocess_env(), capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL and "ok " not in proc.stdout, proc.stderr
    for _ in range(2):
        done = run_cli("verify", "--workspace", str(wk.path), "--passphrase-file",
                       str(wk.passfile))
        assert done.returncode == 0, done.stdout + done.stderr
    with wk.open() as ws:
        registry_agrees_with_case_files(ws)
        made = set(ws.registry.references_with_keys()) - set(wk.refs)
        # The case was kept whole once its file was committed, dropped before.
        assert len(made) == (point in ("committed", "salted", "indexed"))


def test_kill_during_reindex(tmp_path, today):
    wk = make_workspace(tmp_path, cases=120)
    before = None
    with wk.open() as ws:
        from sar_desk.services import cases

        before = {r.reference: (r.status, r.due) for r in cases.list_cases(ws, status="all")}
    rng = random.Random(3)
    for _round in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "sar_desk", "reindex", "--workspace", str(wk.path),
             "--passphrase-file", str(wk.passfile)],
            cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.8, 2.0))  # start-up, unlock, then part-way through the files
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        with wk.open() as ws:
            # The registry is rebuilt in one transaction: killed, it keeps the old rows.
            rows = {r.reference: (r.status, r.due) for r in cases.list_cases(ws, status="all")}
            assert rows == before
    check_workspace_after_crash(wk)
    with wk.open() as ws:
        after = {r.reference: (r.status, r.due) for r in cases.list_cases(ws, status="all")}
        assert after == before
        registry_agrees_with_case_files(ws)
