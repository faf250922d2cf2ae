"""``--out`` on every command that writes a file: never over the workspace itself, never
replacing a device, a FIFO or a folder, no traceback for an existing file or a name that is
too long, and nothing stored in the case when the file cannot be written."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import run

PASSPHRASE_FILE = "handover.txt"
HANDOVER = "a long hand-over passphrase"


@pytest.fixture
def case(capsys, root, tmp_path):
    """A workspace holding one case with a document, a portability export and a hand-over
    passphrase file; returns (root, reference, tmp_path)."""
    code, out, err = run(capsys, root, "case", "new", "--requester", "Ada Lovelace",
                         "--received", "2026-06-01", "--type", "access", "--type",
                         "portability")
    assert code == 0, err
    ref = out.strip()
    given = tmp_path / "profile.json"
    given.write_text('{"name": "Ada", "plan": "=1+1"}', encoding="utf-8")
    assert run(capsys, root, "case", "attach", ref, str(given))[0] == 0
    assert run(capsys, root, "rights", "export", ref, "--documents", "1")[0] == 0
    (tmp_path / PASSPHRASE_FILE).write_text(HANDOVER + "\n", encoding="utf-8")
    return root, ref, tmp_path


# Each command with --out FILE, as argv with {ref}, {out} and {tmp} to fill in.
COMMANDS = {
    "letter": ["letter", "{ref}", "acknowledgement", "--format", "pdf", "--out", "{out}"],
    "register": ["register", "--format", "csv", "--out", "{out}"],
    "report": ["report", "--from", "2026-01", "--to", "2026-06", "--format", "csv",
               "--out", "{out}"],
    "case-export": ["case", "export", "{ref}", "--out", "{out}", "--export-passphrase-file",
                    "{tmp}/" + PASSPHRASE_FILE],
}


def argv_for(name: str, ref: str, out: Path | str, tmp: Path) -> list[str]:
    return [a.format(ref=ref, out=out, tmp=tmp) for a in COMMANDS[name]]


def one_clear_line(code: int, err: str) -> str:
    assert code != 0
    assert "Traceback" not in err and "unexpected error" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def letters_stored(capsys, root: str, ref: str) -> int:
    import json

    code, out, _ = run(capsys, root, "case", "show", ref, "--json")
    return len(json.loads(out)["letters"])


@pytest.mark.parametrize("target", ["workspace.json", "registry.db", "cases/{ref}.sarcase",
                                    "new-file.csv"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_out_never_writes_inside_the_workspace(name, target, case, capsys):
    root, ref, tmp = case
    out = Path(root) / target.format(ref=ref)
    before = {p: p.read_bytes() for p in Path(root).rglob("*") if p.is_file()}
    letters = letters_stored(capsys, root, ref)
    code, _out, err = run(capsys, root, *argv_for(name, ref, out, tmp))
    line = one_clear_line(code, err)
    assert code == 2 and "inside the workspace" in line, line
    after = {p: p.read_bytes() for p in Path(root).rglob("*") if p.is_file()
             and not p.name.endswith(("-wal", "-shm"))}
    assert {p: b for p, b in before.items() if not p.name.endswith(("-wal", "-shm"))} == after
    assert letters_stored(capsys, root, ref) == letters, "a letter was stored all the same"


def test_rights_export_never_writes_inside_the_workspace(case, capsys):
    root, ref, _tmp = case
    code, _out, err = run(capsys, root, "rights", "export", ref, "--id", "1", "--out",
                          str(Path(root) / "cases"))
    assert "inside the workspace" in one_clear_line(code, err)
    assert not list((Path(root) / "cases").glob("portability-*"))


def device(tmp: Path, name: str, minor: int) -> Path:
    """A character device like /dev/``name``: as root, a private one in ``tmp`` (a failing
    test must not replace the machine's own); otherwise the real one, which only root could
    replace."""
    if sys.platform == "win32" or not os.path.exists(f"/dev/{name}"):
        pytest.skip(f"needs /dev/{name}")
    if os.geteuid() != 0:
        return Path(f"/dev/{name}")
    path = tmp / name
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - {"case-export"}))
def test_out_onto_a_device_writes_in_place(name, case, capsys):
    root, ref, tmp = case
    null = device(tmp, "null", 3)
    code, _out, err = run(capsys, root, *argv_for(name, ref, null, tmp))
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(null).st_mode), "the device was replaced by a file"


def test_out_onto_dev_full_says_the_disk_is_full(case, capsys):
    root, ref, tmp = case
    full = device(tmp, "full", 7)
    code, _out, err = run(capsys, root, *argv_for("register", ref, full, tmp))
    assert "disk is full" in one_clear_line(code, err)
    assert stat.S_ISCHR(os.stat(full).st_mode)


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_out_onto_a_fifo_or_a_folder_is_refused(name, case, capsys):
    root, ref, tmp = case
    fifo = tmp / "pipe"
    os.mkfifo(fifo)
    folder = tmp / "folder"
    folder.mkdir()
    for target, kind in ((fifo, "pipe"), (folder, "folder")):
        code, _out, err = run(capsys, root, *argv_for(name, ref, target, tmp))
        line = one_clear_line(code, err)
        assert code == 2 and kind in line, line
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and folder.is_dir()
    assert list(folder.iterdir()) == [] and {p.name for p in tmp.glob(".*")} == set()


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - {"case-export"}))
def test_out_onto_an_existing_file_replaces_it_whole(name, case, capsys):
    root, ref, tmp = case
    out = tmp / "existing.out"
    out.write_bytes(b"old contents")
    code, _out, err = run(capsys, root, *argv_for(name, ref, out, tmp))
    assert code == 0, err
    assert out.read_bytes() != b"old contents" and out.stat().st_size > 0


def test_case_export_onto_an_existing_file_is_refused(case, capsys):
    root, ref, tmp = case
    out = tmp / "existing.db"
    out.write_bytes(b"old contents")
    code, _out, err = run(capsys, root, *argv_for("case-export", ref, out, tmp))
    assert "already exists" in one_clear_line(code, err)
    assert out.read_bytes() == b"old contents"


def test_rights_export_onto_an_existing_file_is_refused(case, capsys):
    root, ref, tmp = case
    out = tmp / "existing.txt"
    out.write_bytes(b"old contents")
    code, _out, err = run(capsys, root, "rights", "export", ref, "--id", "1", "--out",
                          str(out))
    line = one_clear_line(code, err)
    assert code == 2 and "not a folder" in line, line
    assert out.read_bytes() == b"old contents"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_out_name_too_long_is_a_clear_message(name, case, capsys):
    root, ref, tmp = case
    out = tmp / ("x" * 300 + ".out")
    code, _out, err = run(capsys, root, *argv_for(name, ref, out, tmp))
    line = one_clear_line(code, err)
    assert code == 2 and "longer than 255" in line, line


def test_hand_over_passphrase_needs_a_minimum_strength(case, capsys):
    root, ref, tmp = case
    weak = tmp / "weak.txt"
    for text in ("x", "short pass", "aaaaaaaaaaaaaaaa"):
        weak.write_text(text + "\n", encoding="utf-8")
        out = tmp / "copy.db"
        code, _out, err = run(capsys, root, "case", "export", ref, "--out", str(out),
                              "--export-passphrase-file", str(weak))
        assert "passphrase for the hand-over copy" in one_clear_line(code, err)
        assert not out.exists()


def test_portability_csv_written_out_escapes_formulas(case, capsys):
    root, ref, tmp = case
    code, _out, err = run(capsys, root, "rights", "export", ref, "--id", "1", "--out",
                          str(tmp / "export"))
    assert code == 0, err
    text = (tmp / "export" / "portability-export-1.csv").read_text(encoding="utf-8")
    assert "1,profile.json,1,plan,'=1+1" in text.splitlines()


def test_a_letter_with_another_profile_is_a_preview_never_stored(case, capsys):
    """A staff member's forged organisation profile never reaches a stored letter."""
    from tests.documents.helpers import docx_paragraphs

    root, ref, tmp = case
    default = Path(__file__).parents[2] / "sar_desk/resources/profiles/default.toml"
    evil = tmp / "evil.toml"
    evil.write_text(default.read_text(encoding="utf-8").replace(
        'name = "FluxSys Ltd"', 'name = "Evil Forgeries plc"', 1), encoding="utf-8")
    letters = letters_stored(capsys, root, ref)
    out = tmp / "preview.docx"
    code, text, err = run(capsys, root, "letter", ref, "acknowledgement", "--format", "docx",
                          "--profile", str(evil), "--out", str(out))
    assert code == 0, err
    assert "not stored" in text
    assert "Evil Forgeries plc" in docx_paragraphs(out.read_bytes())
    assert letters_stored(capsys, root, ref) == letters
    code, _text, err = run(capsys, root, "letter", ref, "acknowledgement", "--format", "docx",
                           "--out", str(tmp / "stored.docx"))
    assert code == 0, err
    assert letters_stored(capsys, root, ref) == letters + 1
    assert "Evil Forgeries plc" not in docx_paragraphs((tmp / "stored.docx").read_bytes())
