"""Attachments are streamed into the case file in 1 MiB chunks, never loaded whole.

A large file attaches with memory far below its size and reads back with its sha256;
``verify`` hashes the chunks as stored and names a damaged or missing one; removing a
document deletes its chunks; a document stored whole by an earlier schema still reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sar_desk.services import cases as C
from sar_desk.services.case_base import check_case
from sar_desk.services.corrections import remove_document
from sar_desk.services.workspace import verify_workspace
from tests.reliability.conftest import ROOT, subprocess_env
from tests.store.conftest import make_case, raw_case

MIB = 1024 * 1024
DATA = Path(__file__).resolve().parents[1] / "data"


def _chunks(ws, ref, document_id) -> list[tuple[int, int]]:
    conn = raw_case(ws, ref)
    try:
        return conn.execute("SELECT seq, length(data) FROM document_chunk WHERE document_id = ?"
                            " ORDER BY seq", (document_id,)).fetchall()
    finally:
        conn.close()


def _attached(ws, tmp_path, size: int) -> tuple[str, int, bytes]:
    ref = make_case(ws)
    body = os.urandom(size)
    path = tmp_path / "scan.bin"
    path.write_bytes(body)
    return ref, C.attach_document(ws, ref, path).id, body


def test_a_document_is_stored_in_chunks_and_reads_back_whole(ws, tmp_path):
    ref, ident, body = _attached(ws, tmp_path, 2 * MIB + 5)
    info = C.case_documents(ws, ref)[0]
    assert (info.size, info.sha256) == (len(body), hashlib.sha256(body).hexdigest())
    assert C.get_document_bytes(ws, ref, ident) == body
    assert _chunks(ws, ref, ident) == [(0, MIB), (1, MIB), (2, 5)]
    assert verify_workspace(ws) == []


def test_an_empty_file_attaches_and_reads_back(ws, tmp_path):
    ref = make_case(ws)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    info = C.attach_document(ws, ref, empty)
    assert (info.size, info.sha256) == (0, hashlib.sha256(b"").hexdigest())
    assert C.get_document_bytes(ws, ref, info.id) == b""
    assert verify_workspace(ws) == []


@pytest.mark.parametrize(("sql", "words"), [
    ("UPDATE document_chunk SET data = zeroblob(length(data)) WHERE seq = 1",
     "chunk 1 was altered"),
    ("DELETE FROM document_chunk WHERE seq = 1", "chunk 1 is missing"),
], ids=["altered", "missing"])
def test_verify_names_a_damaged_chunk(ws, tmp_path, sql, words):
    ref, ident, _body = _attached(ws, tmp_path, 3 * MIB)
    conn = raw_case(ws, ref)
    conn.execute(sql)
    conn.close()
    problems = check_case(ws, ref)
    assert any(f"document {ident} was altered" in p and words in p for p in problems), problems


def test_a_failed_read_attaches_nothing(ws, tmp_path, monkeypatch):
    from sar_desk.errors import InputError
    from sar_desk.services import file_input

    ref = make_case(ws)
    path = tmp_path / "grows.bin"
    path.write_bytes(b"x" * (3 * MIB))
    calls = []
    real = file_input.LimitedReader.read

    def failing(self, size=file_input.CHUNK, /):
        calls.append(size)
        if len(calls) == 3:  # two chunks already written into the transaction
            raise InputError("the file could not be read")
        return real(self, size)

    monkeypatch.setattr(file_input.LimitedReader, "read", failing)
    with pytest.raises(InputError):
        C.attach_document(ws, ref, path)
    assert C.case_documents(ws, ref) == ()
    assert _chunks(ws, ref, 1) == []
    assert verify_workspace(ws) == []


def test_removing_a_document_deletes_its_chunks(ws, tmp_path):
    ref, ident, _body = _attached(ws, tmp_path, MIB + 1)
    remove_document(ws, ref, ident, "Attached to the wrong case")
    assert _chunks(ws, ref, ident) == []
    assert C.case_documents(ws, ref) == ()
    assert verify_workspace(ws) == []
    # Chunks put back under a removed document are named.
    conn = raw_case(ws, ref)
    conn.execute("INSERT INTO document_chunk VALUES (?, 0, 'x', x'00')", (ident,))
    conn.close()
    assert any(f"document {ident} is damaged: 1 of its chunks are still stored" in p
               for p in check_case(ws, ref))


def test_a_document_stored_whole_by_schema_v6_still_reads_verifies_and_is_removed(tmp_path):
    from sar_desk.core.clock import FixedClock
    from sar_desk.services.workspace import open_workspace

    fixture = DATA / "schema_v6"
    expected = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))
    shutil.copytree(fixture / "workspace", tmp_path / "workspace")
    passphrase = (fixture / "passphrase.txt").read_text(encoding="utf-8").splitlines()[0]
    clock = FixedClock(dt.date.fromisoformat(expected["today"]))
    with open_workspace(tmp_path / "workspace", passphrase=passphrase, clock=clock) as ws:
        ref = next(r for r, facts in expected["cases"].items() if facts["documents"])
        filename, sha = expected["cases"][ref]["documents"][0]
        doc = C.case_documents(ws, ref)[0]
        data = C.get_document_bytes(ws, ref, doc.id)
        assert hashlib.sha256(data).hexdigest() == sha == doc.sha256
        assert data.startswith(b"Grievance outcome letter") and _chunks(ws, ref, doc.id) == []
        assert verify_workspace(ws) == []
        # The old blob is checked too: damaging it is named.
        conn = raw_case(ws, ref)
        conn.execute("UPDATE document SET data = zeroblob(length(data))")
        conn.close()
        assert any(f"document {doc.id} was altered" in p for p in check_case(ws, ref))


def test_a_hand_over_copy_holds_the_chunks(ws, tmp_path):
    import sqlcipher3

    ref, ident, body = _attached(ws, tmp_path, MIB + MIB // 2)
    out = C.export_case(ws, ref, tmp_path / "handover.db", "a long hand-over passphrase")
    conn = sqlcipher3.connect(str(out))
    try:
        conn.execute("PRAGMA key = 'a long hand-over passphrase'")
        head = conn.execute("SELECT data FROM document WHERE id = ?", (ident,)).fetchone()[0]
        rows = conn.execute("SELECT data FROM document_chunk WHERE document_id = ? "
                            "ORDER BY seq", (ident,)).fetchall()
    finally:
        conn.close()
    assert bytes(head or b"") + b"".join(r[0] for r in rows) == body


MEASURE = """
import datetime as dt, json, sys, tracemalloc
from pathlib import Path
from sar_desk.core.clock import FixedClock
from sar_desk.services import cases
from sar_desk.services.case_base import check_case
from sar_desk.services.workspace import open_workspace

def reset():  # the peak resident size starts again from now (Linux 4.0 and later)
    Path("/proc/self/clear_refs").write_text("5")
    tracemalloc.reset_peak()

def status(field):
    lines = Path("/proc/self/status").read_text().splitlines()
    return int(next(l for l in lines if l.startswith(field + ":")).split()[1]) * 1024

def base():
    return status("VmRSS"), tracemalloc.get_traced_memory()[0]

def grown(since):  # (resident, Python) peak growth since reset(), in bytes
    return status("VmHWM") - since[0], tracemalloc.get_traced_memory()[1] - since[1]

root, passphrase, ref, path = sys.argv[1:5]
tracemalloc.start()
with open_workspace(Path(root), passphrase=passphrase,
                    clock=FixedClock(dt.date(2026, 11, 24))) as ws:
    warm = Path(path).with_name("warm-up.txt")
    warm.write_text("warm-up")
    cases.attach_document(ws, ref, warm)  # every module used is imported before measuring
    check_case(ws, ref)
    reset()
    since = base()
    info = cases.attach_document(ws, ref, path)
    attach = grown(since)
    reset()
    since = base()
    problems = check_case(ws, ref)
    verify = grown(since)
print(json.dumps({"attach": attach, "verify": verify, "sha256": info.sha256,
                  "size": info.size, "problems": problems}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_a_large_file_attaches_and_verifies_in_bounded_memory(tmp_path):
    from tests.reliability.conftest import PASSPHRASE, make_workspace

    wksp = make_workspace(tmp_path / "w", cases=1)
    size = 200 * MIB
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:  # sparse: 200 MB of zeros on paper
        handle.truncate(size)
    result = subprocess.run([sys.executable, "-c", MEASURE, str(wksp.path), PASSPHRASE,
                             wksp.refs[0], str(big)], capture_output=True, text=True,
                            env=subprocess_env(), cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    zeros = hashlib.sha256()
    for _ in range(size // MIB):
        zeros.update(bytes(MIB))
    assert (got["size"], got["sha256"]) == (size, zeros.hexdigest())
    assert got["problems"] == [], got
    # Holding the file whole would grow the process by its size (and more, for the copy
    # handed to SQLite); streamed, it grows by a few chunks and SQLite's page cache.
    for step in ("attach", "verify"):
        resident, python = got[step]
        assert resident < 32 * MIB and python < 8 * MIB, (step, got)
