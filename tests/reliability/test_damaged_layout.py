"""A damaged workspace layout gives a clear message naming the path, never a traceback; a
rebuild of the index keeps a damaged case listed, marked damaged, and says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sar_desk.cli import main
from tests.reliability.conftest import TODAY, make_workspace


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("layout"), cases=3)


@pytest.fixture
def wk(base, tmp_path, monkeypatch, memory_keyring):
    """A fresh copy of the base workspace, its key in the (in-memory) keyring."""
    from sar_desk.services.workspace import unlock_with_recovery_key

    monkeypatch.setenv("SAR_DESK_TODAY", TODAY)
    path = tmp_path / "ws"
    shutil.copytree(base.path, path)
    unlock_with_recovery_key(path, base.recovery)
    return path, base.refs


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0xFF
    path.write_bytes(bytes(data))


def damage(layout: str, ws: Path, ref: str) -> Path:
    """Damage the workspace as ``layout`` says; returns the path the message must name."""
    if layout == "case-file-is-a-folder":
        target = ws / "cases" / f"{ref}.sarcase"
        target.unlink()
        target.mkdir()
        return target
    if layout == "cases-is-a-file":
        target = ws / "cases"
        shutil.rmtree(target)
        target.write_text("not a folder", encoding="utf-8")
        return target
    target = ws / "registry.db"
    offset = {"registry-header-flipped": 100, "registry-middle-flipped": 0.5,
              "registry-last-page-flipped": -3000}[layout]
    flip(target, int(offset * target.stat().st_size) if isinstance(offset, float) else offset)
    return target


LAYOUTS = ["case-file-is-a-folder", "cases-is-a-file", "registry-header-flipped",
           "registry-middle-flipped", "registry-last-page-flipped"]
COMMANDS = {
    "case-list": ["case", "list", "--status", "all"],
    "case-show": ["case", "show", "{ref}"],
    "note": ["case", "note", "{ref}", "a note on a damaged workspace"],
    "verify": ["verify"],
    "reindex": ["reindex"],
    "backup": ["backup", "--out", "{tmp}/backup.sdbk"],
}
# Where the damage is certain to stop the command (elsewhere it may still work).
MUST_FAIL = {
    "case-file-is-a-folder": {"case-show", "note", "verify", "reindex"},
    "cases-is-a-file": set(COMMANDS) - {"backup"},
    "registry-header-flipped": set(COMMANDS),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_damaged_layout_is_named_never_a_traceback(layout, command, wk, tmp_path, capsys):
    ws, refs = wk
    named = damage(layout, ws, refs[0])
    argv = [a.format(ref=refs[0], tmp=tmp_path) for a in COMMANDS[command]]
    capsys.readouterr()
    code = main([*argv, "--workspace", str(ws)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "unexpected error" not in err, err
    if command in MUST_FAIL.get(layout, ()):
        assert code != 0, out + err
    if code != 0:
        assert str(named) in out + err, out + err


def test_reindex_keeps_a_damaged_case_marked_and_names_it(wk, capsys):
    ws, refs = wk
    case_file = ws / "cases" / f"{refs[1]}.sarcase"
    whole = case_file.read_bytes()
    case_file.write_bytes(whole[:len(whole) // 2 + 100])  # cut short
    capsys.readouterr()
    code = main(["reindex", "--workspace", str(ws)])
    err = capsys.readouterr().err
    assert code != 0 and refs[1] in err and "damaged" in err, err
    assert "Traceback" not in err
    assert main(["case", "list", "--status", "all", "--json", "--workspace", str(ws)]) == 0
    listed = {row["reference"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(listed) == set(refs), "the damaged case disappeared from the list"
    assert listed[refs[1]]["damaged"] is True and listed[refs[1]]["requester_name"]
    assert not listed[refs[0]]["damaged"]
    assert main(["case", "list", "--workspace", str(ws)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(refs[1]))
    assert "DAMAGED" in line
    # Once the file is back, a rebuild clears the mark.
    case_file.write_bytes(whole)
    assert main(["reindex", "--workspace", str(ws)]) == 0
    assert main(["case", "list", "--status", "all", "--json", "--workspace", str(ws)]) == 0
    capsys.readouterr()
    assert main(["case", "list", "--status", "all", "--json", "--workspace", str(ws)]) == 0
    assert not any(row["damaged"] for row in json.loads(capsys.readouterr().out))
