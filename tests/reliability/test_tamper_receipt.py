"""Audit receipts: a rollback of the registry, or of the whole workspace, to a point before
a receipt passes a plain verify (everything in it is consistent) but not one against the
receipt, which names what went back."""

from __future__ import annotations

import json
import shutil

import pytest

from sar_desk.cli import main
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services.receipts import receipt_problems, write_receipt
from sar_desk.services.workspace import open_workspace, verify_workspace
from tests.store.conftest import make_case


@pytest.fixture
def history(tmp_path, clock):
    """A workspace with two cases, a copy of it taken then, and more written after."""
    from sar_desk.services.workspace import init_workspace

    root = tmp_path / "ws"
    ws, _recovery = init_workspace(root, clock=clock)
    with ws:
        refs = [make_case(ws), make_case(ws, name="Jan Kowalski", email="jan@example.pl")]
    shutil.copytree(root, tmp_path / "then")
    with open_workspace(root, clock=clock) as ws:
        C.add_note(ws, refs[0], "the requester phoned")
        C.add_note(ws, refs[1], "we refused the request")
        summary = write_receipt(ws, tmp_path / "receipt.json")
    assert summary.cases == 2 and summary.workspace_entries >= 2
    return root, tmp_path / "then", tmp_path / "receipt.json", refs


def _put_back(source, target, names):
    for name in names:
        for suffix in ("", "-wal", "-shm"):
            (target / (name + suffix)).unlink(missing_ok=True)
            if (source / (name + suffix)).exists():
                shutil.copy2(source / (name + suffix), target / (name + suffix))


def test_a_registry_rolled_back_to_before_a_receipt_is_named(history, clock):
    root, then, receipt, refs = history
    _put_back(then, root, ["registry.db"])
    with open_workspace(root, clock=clock) as ws:
        assert verify_workspace(ws) == []  # consistent in itself: only a receipt tells
        problems = receipt_problems(ws, receipt)
    assert any("workspace audit holds" in p and "registry was rolled back" in p
               for p in problems)
    for ref in refs:
        assert any(p.startswith(f"{ref}: the registry's record ends at audit entry 1")
                   for p in problems)


def test_a_whole_workspace_rolled_back_to_before_a_receipt_is_named(history, clock):
    root, then, receipt, refs = history
    shutil.rmtree(root)
    shutil.copytree(then, root)
    with open_workspace(root, clock=clock) as ws:
        assert verify_workspace(ws) == []
        problems = receipt_problems(ws, receipt)
        paths = [str(ws.case_path(ref)) for ref in refs]
    assert any("workspace audit holds" in p for p in problems)
    for path in paths:
        assert any(p.startswith(path) and "the case file was rolled back" in p
                   for p in problems)


def test_later_work_and_a_fresh_receipt_pass(history, clock):
    root, _then, receipt, refs = history
    with open_workspace(root, clock=clock) as ws:
        C.add_note(ws, refs[0], "one more note")
        make_case(ws, name="Anna Svensson", email="anna@example.se")
        assert receipt_problems(ws, receipt) == []


def test_a_case_gone_without_a_tombstone_is_named(history, clock):
    root, _then, receipt, refs = history
    with open_workspace(root, clock=clock) as ws:
        # Gone outside the app: no purge, so no tombstone.
        ws.registry.destroy_key(refs[1])
        ws.case_path(refs[1]).unlink()
        problems = receipt_problems(ws, receipt)
    assert problems == [f"{refs[1]}: the receipt of {json.loads(receipt.read_text())['made']} "
                        "recorded it with 2 audit entries; the workspace has no such case "
                        "and no record that it was purged"]


def test_an_edited_receipt_is_refused(history, clock):
    root, _then, receipt, refs = history
    body = json.loads(receipt.read_text(encoding="utf-8"))
    body["heads"][refs[0]] = "1:" + body["heads"][refs[0]].split(":")[1]
    receipt.write_text(json.dumps(body), encoding="utf-8")
    with open_workspace(root, clock=clock) as ws, pytest.raises(InputError,
                                                                 match="signature"):
        receipt_problems(ws, receipt)


def test_the_command_line_writes_and_checks_a_receipt(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    ws = str(tmp_path / "ws")
    out = str(tmp_path / "receipt.json")
    assert main(["init", "--workspace", ws]) == 0
    assert main(["case", "new", "--workspace", ws, "--requester", "Ελένη",
                 "--received", "2026-06-01"]) == 0
    capsys.readouterr()
    assert main(["receipt", "--workspace", ws, "--out", out]) == 0
    printed = capsys.readouterr().out
    assert "1 case holding 1 audit entries" in printed and "digest" in printed
    assert main(["verify", "--workspace", ws, "--receipt", out]) == 0
    assert "Nothing was rolled back" in capsys.readouterr().out
    assert main(["verify", "--workspace", ws, "--receipt", str(tmp_path / "none.json")]) == 2
    assert "Cannot read the audit receipt" in capsys.readouterr().err
