"""Real processes: SIGKILL in the middle of writing, and one writer per case."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from sar_desk.services import cases as C
from sar_desk.services.workspace import init_workspace, open_workspace
from sar_desk.store.errors import CaseLocked

PASS = "kill test passphrase"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")


def _spawn(code: str, ws_path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=ROOT, SAR_DESK_TODAY="2026-06-30")
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(ws_path), PASS],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _wait_for(proc: subprocess.Popen, word: str, timeout: float = 60) -> list[str]:
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if word in line:
            return lines
    raise AssertionError(f"child never said {word!r}: {lines} {proc.stderr.read()[-2000:]}")


@pytest.fixture
def pass_ws(tmp_path, clock):
    ws, _ = init_workspace(tmp_path / "ws", passphrase=PASS, clock=clock)
    from sar_desk.core.entities import Person

    ref = C.create_case(ws, C.NewCase(requester=Person("Жанна Иванова"),
                                      received=dt.date(2026, 3, 2))).reference
    yield ws, ref
    ws.close()


WRITER = """
    import sys, os
    from sar_desk.services.workspace import open_workspace
    from sar_desk.services import cases as C
    ws = open_workspace(sys.argv[1], passphrase=sys.argv[2])
    blob = os.urandom(400_000)
    n = 0
    while True:
        path = os.path.join(sys.argv[1], "..", "doc.bin")
        with open(path, "wb") as fh:
            fh.write(blob + n.to_bytes(4, "big"))
        C.attach_document(ws, "SAR-2026-0001", path)
        n += 1
        print("committed", n, flush=True)
"""


def test_sigkill_during_writes_loses_at_most_the_change_in_flight(pass_ws):
    ws, ref = pass_ws
    proc = _spawn(WRITER, ws.path)
    try:
        lines = _wait_for(proc, "committed 5")
        time.sleep(0.05 + (os.getpid() % 7) / 100)  # land somewhere inside a later write
        proc.send_signal(signal.SIGKILL)
        out, _err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    committed = [int(x.split()[1]) for x in lines + out.split("\n") if x.startswith("committed")]
    reported = max(committed)
    assert proc.returncode == -signal.SIGKILL
    # The dead writer's lock is recovered; the file is whole and its audit chain holds.
    snap = C.get_case(ws, ref)
    assert reported <= len(snap.documents) <= reported + 1
    assert C.check_case(ws, ref) == []
    from tests.store.conftest import raw_case

    conn = raw_case(ws, ref)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    C.add_note(ws, ref, "still writable after the crash")
    assert C.list_cases(ws)[0].reference == ref


HOLDER = """
    import sys, time
    from sar_desk.services.workspace import open_workspace
    from sar_desk.services import cases as C
    ws = open_workspace(sys.argv[1], passphrase=sys.argv[2])
    opened = C.open_case(ws, "SAR-2026-0001")
    print("holding", opened.read_only, flush=True)
    time.sleep(120)
"""


def test_second_writer_gets_read_only_and_a_crashed_lock_is_recovered(pass_ws):
    ws, ref = pass_ws
    proc = _spawn(HOLDER, ws.path)
    try:
        assert _wait_for(proc, "holding")[-1] == "holding False"
        with open_workspace(ws.path, passphrase=PASS) as second:
            opened = C.open_case(second, ref)
            assert opened.read_only
            assert opened.held_by.pid == proc.pid
            assert opened.snapshot.requester.name == "Жанна Иванова"
            with pytest.raises(CaseLocked) as info:
                C.add_note(second, ref, "should not be written")
            assert str(proc.pid) in str(info.value) and "since" in str(info.value)
            assert C.get_case(second, ref).notes == ()
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            # The holder crashed: its lock is recovered and writing works again.
            again = C.open_case(second, ref)
            assert not again.read_only
            C.add_note(second, ref, "written after recovery")
            C.close_case(second, ref)
        assert not (ws.locks_dir / f"{ref}.lock").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
