"""Backups taken while other processes write: each archive is one consistent point in time
(every SQLite file goes in as a snapshot SQLite takes), so each restores and verifies."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.reliability.conftest import ROOT, make_workspace, run_cli, subprocess_env

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes")]


def test_archives_taken_during_writes_restore_and_verify(tmp_path):
    wk = make_workspace(tmp_path / "w", cases=2)
    writers = [subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", *args],
                                cwd=ROOT, env=subprocess_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for args in (["notes", str(wk.path), str(wk.passfile), wk.refs[0], "20"],
                            ["create", str(wk.path), str(wk.passfile), "20"])]
    try:
        for proc in writers:
            assert proc.stdout.readline().startswith("ready")
        archives = []
        for i in range(3):
            out = tmp_path / f"during-{i}.sdbk"
            done = run_cli("backup", "--out", str(out), "--workspace", str(wk.path),
                           "--passphrase-file", str(wk.passfile))
            assert done.returncode == 0, done.stderr
            archives.append(out)
    finally:
        for proc in writers:
            proc.terminate()
            proc.communicate(timeout=60)
    for i, archive in enumerate(archives):
        target = tmp_path / f"restored-{i}"
        done = run_cli("restore", str(archive), "--workspace", str(target),
                       "--passphrase-file", str(wk.passfile), "--original", str(wk.path))
        assert done.returncode == 0, done.stderr
        checked = run_cli("verify", "--workspace", str(target), "--passphrase-file",
                          str(wk.passfile))
        assert checked.returncode == 0, checked.stdout + checked.stderr
