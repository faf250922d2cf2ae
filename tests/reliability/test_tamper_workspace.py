"""Tamper evidence for the workspace itself: its audit chain in the registry and the
recovery wrap in workspace.json."""

from __future__ import annotations

import json

from sar_desk.services.workspace import unlock_with_recovery_key, verify_workspace
from sar_desk.store import keys
from sar_desk.store.engine import connect
from sar_desk.store.workspace import MANIFEST


def _registry(ws):
    return connect(ws.registry.path, keys.derive(ws.master_key, "registry", ws.id))


def test_an_edited_workspace_audit_row_is_named(ws):
    assert verify_workspace(ws) == []
    conn = _registry(ws)
    conn.execute("UPDATE workspace_audit SET details = replace(details, 'administrator', "
                 "'staff') WHERE seq = 1")
    conn.close()
    problems = verify_workspace(ws)
    assert len(problems) == 1 and str(ws.registry.path) in problems[0]
    assert "workspace audit entry 1 (user_added) was altered" in problems[0]


def _replace_wrap(ws, wrapped):
    path = ws.path / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data["recovery"] = wrapped
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_recovery_wrap_replaced_with_garbage_is_named(ws):
    assert verify_workspace(ws) == []
    _replace_wrap(ws, "Z2FyYmFnZQ==")
    problems = verify_workspace(ws)
    assert len(problems) == 1 and "recovery would not work" in problems[0]
    assert str(ws.path / MANIFEST) in problems[0]


def test_a_well_formed_wrap_from_another_recovery_key_is_named(tmp_path, clock):
    """A wrap of the right shape made with some other recovery key would not open either."""
    from sar_desk.services.workspace import init_workspace

    ws, recovery = init_workspace(tmp_path / "ws", clock=clock)
    with ws:
        _text, other = keys.new_recovery_key()
        _replace_wrap(ws, keys.wrap_with_recovery(keys.new_key(), other, ws.id))
        problems = verify_workspace(ws)
        assert len(problems) == 1 and "recovery would not work" in problems[0]


def test_an_intact_recovery_wrap_verifies_and_still_unlocks(tmp_path, clock):
    from sar_desk.services.workspace import init_workspace

    ws, recovery = init_workspace(tmp_path / "ws", clock=clock)
    with ws:
        assert verify_workspace(ws) == []
    unlock_with_recovery_key(tmp_path / "ws", recovery)
