"""Disk full during a write: a clear one-line error, and no half-written file.

Two ways in:
- a real full disk: a small tmpfs mounted in a private mount namespace (``unshare``; no
  effect on the machine), holding a copy of a workspace, and a document too big for it;
- a simulated one: ``OSError(ENOSPC)`` raised half-way through the files SAR Desk writes
  itself (letters, reports, the register, the workspace manifest).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sar_desk.cli import main
from tests.reliability.conftest import PASSPHRASE, ROOT, TODAY, make_workspace, subprocess_env


def one_clear_line(code: int, err: str) -> str:
    assert code != 0
    assert "Traceback" not in err and "unexpected error" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


# --- a real full disk ------------------------------------------------------------------

SCRIPT = r"""
set -u
mount -t tmpfs -o size="$SIZE" tmpfs "$MNT" || exit 97
cp -a "$WS" "$MNT/ws"
"$PY" -m sar_desk case attach "$REF" "$BIG" --workspace "$MNT/ws" --passphrase-file "$PASS" \
    >"$OUT/attach.out" 2>"$OUT/attach.err"
echo $? >"$OUT/attach.rc"
df -k "$MNT" | tail -1 >"$OUT/df.txt"
cp -a "$MNT/ws" "$OUT/after"
"""


def unshare_command() -> list[str] | None:
    if sys.platform != "linux" or not shutil.which("unshare"):
        return None
    # As root a plain mount namespace will do; otherwise a user namespace maps us to root.
    return ["unshare", "-m", "--propagation", "private"] if os.geteuid() == 0 else \
        ["unshare", "-r", "-m", "--propagation", "private"]


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def filled_disk(tmp_path_factory):
    """Attach a 3 MB document to a case on a tmpfs with 512 kB free; returns what happened."""
    return _fill(tmp_path_factory.mktemp("filled"))


def _fill(tmp_path: Path) -> dict:
    from sar_desk.services import cases

    command = unshare_command()
    if command is None:
        pytest.skip("needs Linux mount namespaces (unshare)")
    wk = make_workspace(tmp_path / "src", cases=2)
    ref = wk.refs[0]
    with wk.open() as ws:
        docs_before = len(cases.get_case(ws, ref).documents)
        trail_before = len(cases.audit_trail(ws, ref))
    big = tmp_path / "scan.pdf"
    big.write_bytes(os.urandom(3 * 1024 * 1024))  # random: no compression can save it
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    size = folder_size(wk.path) + 512 * 1024
    env = subprocess_env(SIZE=str(size), MNT=str(mnt), WS=str(wk.path), PY=sys.executable,
                         REF=ref, BIG=str(big), PASS=str(wk.passfile), OUT=str(out))
    done = subprocess.run([*command, "bash", "-c", SCRIPT], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    if done.returncode == 97 or "unshare" in done.stderr and not (out / "attach.rc").exists():
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    assert (out / "attach.rc").exists(), done.stderr
    code = int((out / "attach.rc").read_text())
    err = (out / "attach.err").read_text(encoding="utf-8")
    return {"code": code, "err": err, "after": out / "after", "ref": ref,
            "docs": docs_before, "trail": trail_before}


def test_document_too_big_for_the_disk_changes_nothing(filled_disk, memory_keyring):
    from sar_desk.services import cases
    from sar_desk.services.workspace import open_workspace, verify_workspace

    assert filled_disk["code"] != 0, "the attachment cannot have fitted"
    after, ref = filled_disk["after"], filled_disk["ref"]
    # Nothing half-written: only the case files and their WAL/SHM companions are there...
    names = {p.name for p in (after / "cases").iterdir()}
    assert all(n.endswith((".sarcase", ".sarcase-wal", ".sarcase-shm")) for n in names), names
    # ...and the workspace that was on the full disk is intact, the case unchanged.
    with open_workspace(after, passphrase=PASSPHRASE) as ws:
        assert verify_workspace(ws) == []
        assert len(cases.get_case(ws, ref).documents) == filled_disk["docs"]
        assert len(cases.audit_trail(ws, ref)) == filled_disk["trail"]
        cases.add_note(ws, ref, "space was freed; writing works again")


def test_document_too_big_for_the_disk_says_so_in_one_line(filled_disk):
    line = one_clear_line(filled_disk["code"], filled_disk["err"])
    assert "space" in line.lower() or "full" in line.lower(), line


READS_SCRIPT = r"""
set -u
mount -t tmpfs -o size="$SIZE" tmpfs "$MNT" || exit 97
cp -a "$WS" "$MNT/ws"
dd if=/dev/zero of="$MNT/filler" bs=4096 >/dev/null 2>&1
run() {
    name=$1; shift
    "$PY" -m sar_desk "$@" --workspace "$MNT/ws" --passphrase-file "$PASS" \
        >"$OUT/$name.out" 2>"$OUT/$name.err"
    echo $? >"$OUT/$name.rc"
}
run list case list
run verify verify
run show case show "$REF"
run note case note "$REF" "written on a full disk"
run new case new --requester "Nobody New" --received 2026-11-02
df -k "$MNT" | tail -1 >"$OUT/df.txt"
cp -a "$MNT/ws" "$OUT/after"
"""


@pytest.fixture(scope="module")
def full_disk_commands(tmp_path_factory):
    """Reads and writes on a workspace whose disk has 0 bytes free; what each did."""
    command = unshare_command()
    if command is None:
        pytest.skip("needs Linux mount namespaces (unshare)")
    tmp_path = tmp_path_factory.mktemp("zero-free")
    wk = make_workspace(tmp_path / "src", cases=2)
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    env = subprocess_env(SIZE=str(folder_size(wk.path) + 256 * 1024), MNT=str(mnt),
                         WS=str(wk.path), PY=sys.executable, REF=wk.refs[0],
                         PASS=str(wk.passfile), OUT=str(out))
    done = subprocess.run([*command, "bash", "-c", READS_SCRIPT], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    if done.returncode == 97:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    assert (out / "new.rc").exists(), done.stderr
    assert (out / "df.txt").read_text().split()[3] == "0", "the disk was not full"
    results = {name: (int((out / f"{name}.rc").read_text()),
                      (out / f"{name}.out").read_text(encoding="utf-8"),
                      (out / f"{name}.err").read_text(encoding="utf-8"))
               for name in ("list", "verify", "show", "note", "new")}
    with wk.open() as ws:
        from sar_desk.services import cases

        notes = len(cases.get_case(ws, wk.refs[0]).notes)
    return {"results": results, "after": out / "after", "refs": wk.refs, "notes": notes}


@pytest.mark.parametrize("name", ["list", "verify", "show"])
def test_reads_work_on_a_full_disk(name, full_disk_commands):
    code, out, err = full_disk_commands["results"][name]
    assert code == 0, err
    assert "Traceback" not in err
    refs = full_disk_commands["refs"]
    if name == "list":
        assert all(ref in out for ref in refs), out
    elif name == "show":
        assert refs[0] in out
    else:
        assert "All 2 case files" in out, out


@pytest.mark.parametrize("name", ["note", "new"])
def test_writes_on_a_full_disk_say_so_and_lose_nothing(name, full_disk_commands,
                                                       memory_keyring):
    from sar_desk.services import cases
    from sar_desk.services.workspace import open_workspace, verify_workspace

    code, _out, err = full_disk_commands["results"][name]
    line = one_clear_line(code, err)
    assert "disk is full" in line.lower(), line
    after = full_disk_commands["after"]
    names = {p.name for p in (after / "cases").iterdir()}
    assert names <= {f"{r}.sarcase{s}" for r in full_disk_commands["refs"]
                     for s in ("", "-wal", "-shm")}, names
    assert list((after / "locks").iterdir()) == [], "a lock was left behind"
    assert [p.name for p in after.rglob(".*")] == [], "a temporary file was left behind"
    with open_workspace(after, passphrase=PASSPHRASE) as ws:
        assert verify_workspace(ws) == []
        assert [c.reference for c in cases.list_cases(ws, status="all")] == \
            full_disk_commands["refs"]
        assert len(cases.get_case(ws, full_disk_commands["refs"][0]).notes) == \
            full_disk_commands["notes"]


NEARLY_SCRIPT = r"""
set -u
for left in $LEFTS; do
    mount -t tmpfs -o size="$SIZE" tmpfs "$MNT" || exit 97
    cp -a "$WS" "$MNT/ws"
    free=$(df -k "$MNT" | tail -1 | awk '{print $4}')
    dd if=/dev/zero of="$MNT/filler" bs=1024 count=$((free - left)) >/dev/null 2>&1
    for what in note new; do
        if [ $what = note ]; then set -- case note "$REF" "written on a nearly full disk"
        else set -- case new --requester "Nobody New" --received 2026-11-02; fi
        "$PY" -m sar_desk "$@" --workspace "$MNT/ws" --passphrase-file "$PASS" \
            >"$OUT/$what-$left.out" 2>"$OUT/$what-$left.err"
        echo $? >"$OUT/$what-$left.rc"
    done
    cp -a "$MNT/ws" "$OUT/after-$left"
    umount "$MNT"
done
"""
LEFTS = (8, 40, 120)  # kB left: the lock, the registry, the case file each hit the limit


@pytest.fixture(scope="module")
def nearly_full(tmp_path_factory):
    """``case note`` and ``case new`` with a few kB left on the disk; what each did."""
    command = unshare_command()
    if command is None:
        pytest.skip("needs Linux mount namespaces (unshare)")
    tmp_path = tmp_path_factory.mktemp("nearly-full")
    wk = make_workspace(tmp_path / "src", cases=2)
    mnt, out = tmp_path / "mnt", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    env = subprocess_env(SIZE=str(folder_size(wk.path) + 1024 * 1024), MNT=str(mnt),
                         WS=str(wk.path), PY=sys.executable, REF=wk.refs[0],
                         PASS=str(wk.passfile), OUT=str(out),
                         LEFTS=" ".join(str(n) for n in LEFTS))
    done = subprocess.run([*command, "bash", "-c", NEARLY_SCRIPT], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    if done.returncode == 97:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    assert (out / f"new-{LEFTS[-1]}.rc").exists(), done.stderr
    return out, wk.refs


@pytest.mark.parametrize("left", LEFTS)
def test_a_nearly_full_disk_says_so_and_leaves_the_workspace_whole(left, nearly_full,
                                                                  memory_keyring):
    from sar_desk.services import cases
    from sar_desk.services.workspace import open_workspace, verify_workspace

    out, refs = nearly_full
    for what in ("note", "new"):
        code = int((out / f"{what}-{left}.rc").read_text())
        err = (out / f"{what}-{left}.err").read_text(encoding="utf-8")
        if code != 0:
            line = one_clear_line(code, err)
            assert "disk is full" in line.lower(), line
    after = out / f"after-{left}"
    assert list((after / "locks").iterdir()) == [], "a lock was left behind"
    assert [p.name for p in after.rglob(".*")] == [], "a temporary file was left behind"
    with open_workspace(after, passphrase=PASSPHRASE) as ws:
        assert verify_workspace(ws) == []
        listed = [c.reference for c in cases.list_cases(ws, status="all")]
        made = int((out / f"new-{left}.rc").read_text()) == 0
        assert listed[:2] == refs and len(listed) == 2 + made
        assert sorted(p.stem for p in ws.cases_dir.glob("*.sarcase")) == listed


# --- a simulated full disk -------------------------------------------------------------


class FullDisk:
    """A file object that takes half of what it is given, then reports ENOSPC."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


def fill_disk(monkeypatch, folder: Path) -> None:
    """Every file SAR Desk opens for writing under ``folder`` hits a full disk."""
    real = os.fdopen
    folder = folder.resolve()

    def fdopen(fd, *args, **kwargs):
        handle = real(fd, *args, **kwargs)
        where = Path(os.readlink(f"/proc/self/fd/{fd}"))
        return FullDisk(handle) if folder in where.parents else handle

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("disk-full"), cases=3)


@pytest.fixture
def ws_args(shared, monkeypatch):
    from sar_desk.services.workspace import unlock_with_recovery_key

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file a write goes to")
    monkeypatch.setenv("SAR_DESK_TODAY", TODAY)
    unlock_with_recovery_key(shared.path, shared.recovery)
    return ["--workspace", str(shared.path)]


def run(argv, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["letter", "{ref}", "acknowledgement", "--format", "pdf", "--out", "{out}/letter.pdf"],
    ["letter", "{ref}", "acknowledgement", "--format", "docx", "--out", "{out}/letter.docx"],
    ["register", "--out", "{out}/register.csv"],
    ["register", "--format", "xlsx", "--out", "{out}/register.xlsx"],
    ["report", "--from", "2026-01", "--to", "2026-10", "--format", "csv", "--out",
     "{out}/report.csv"],
], ids=["letter-pdf", "letter-docx", "register-csv", "register-xlsx", "report-csv"])
def test_output_file_on_a_full_disk(argv, shared, ws_args, monkeypatch, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    fill_disk(monkeypatch, out)
    argv = [a.format(ref=shared.refs[0], out=out) for a in argv]
    code, err = run([*argv, *ws_args], capsys)
    line = one_clear_line(code, err)
    assert code == 2 and "No space left on device" in line, line
    assert list(out.iterdir()) == [], "a half-written file was left behind"


def test_case_change_on_a_full_disk(shared, ws_args, monkeypatch, capsys):
    from sar_desk.services import cases

    ref = shared.refs[1]
    with shared.open() as ws:
        notes_before = len(cases.get_case(ws, ref).notes)
    fill_disk(monkeypatch, shared.path)
    code, err = run(["case", "note", ref, "written on a full disk", *ws_args], capsys)
    monkeypatch.undo()
    assert not list((shared.path / "locks").iterdir()), "a half-written lock was left"
    with shared.open() as ws:
        assert len(cases.get_case(ws, ref).notes) == notes_before
    line = one_clear_line(code, err)
    assert "No space left on device" in line


def test_workspace_manifest_on_a_full_disk(shared, ws_args, monkeypatch, tmp_path, capsys):
    """Setting a new passphrase rewrites the manifest: a full disk must not damage it."""
    manifest = shared.path / "workspace.json"
    before = manifest.read_bytes()
    passfile = tmp_path / "new-passphrase.txt"
    passfile.write_text("a brand new passphrase\n", encoding="utf-8")
    fill_disk(monkeypatch, shared.path)
    code, err = run(["unlock", "--recovery-key", shared.recovery, "--passphrase-file",
                     str(passfile), *ws_args], capsys)
    assert manifest.read_bytes() == before
    assert [p.name for p in shared.path.iterdir() if p.name.startswith(".")] == []
    one_clear_line(code, err)
