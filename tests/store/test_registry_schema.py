"""The registry's schema version: an older registry is upgraded on open (after a backup copy,
keeping every row), a newer one is refused with a clear message, a new one is current.

``tests/data/registry_v1/`` is a workspace made by the release before the registry had
versioned upgrades (tests/reliability/make_registry_fixture.py, with an ``expected.json``
of what its registry held).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from sar_desk.cli import main
from sar_desk.core.clock import FixedClock
from sar_desk.services import cases, retention
from sar_desk.services.workspace import open_workspace, verify_workspace
from sar_desk.store import keys
from sar_desk.store import users as store
from sar_desk.store.registry import Registry
from sar_desk.store.registry_rows import fts_query
from sar_desk.store.registry_schema import REGISTRY_VERSION, RegistryTooNew
from tests.reliability.make_registry_fixture import registry_view

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "registry_v1"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))


def _schema(registry: Registry) -> list[tuple]:
    """Every table and index as SQLite holds it, whitespace folded (FTS shadow tables too)."""
    rows = registry.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
    return [(t, n, tbl, re.sub(r"\s+", " ", sql or "")) for t, n, tbl, sql in rows]


@pytest.fixture
def old_workspace(tmp_path, monkeypatch):
    """A copy of the fixture workspace (opening it upgrades: never touch the fixture)."""
    monkeypatch.setenv("LOGNAME", EXPECTED["login"])
    monkeypatch.setenv("SAR_DESK_TODAY", EXPECTED["today"])
    root = tmp_path / "old"
    shutil.copytree(FIXTURE / "workspace", root)
    return root


def _passphrase() -> str:
    return (FIXTURE / "passphrase.txt").read_text(encoding="utf-8").splitlines()[0]


def _copy_of(ws, backup: Path) -> Registry:
    return Registry(backup, keys.derive(ws.master_key, "registry", ws.id))


def test_the_fixture_is_a_registry_of_the_release_before_versioned_upgrades():
    assert EXPECTED["registry_version"] == 1 < REGISTRY_VERSION


def test_a_registry_of_the_previous_release_opens_upgraded_with_every_row_kept(
        old_workspace, tmp_path):
    with open_workspace(old_workspace, passphrase=_passphrase()) as ws:
        assert ws.registry.version() == REGISTRY_VERSION
        got = registry_view(ws)
        old_audit, new_audit = EXPECTED["registry"]["workspace_audit"], got["workspace_audit"]
        assert {k: v for k, v in got.items() if k != "workspace_audit"} == \
            {k: v for k, v in EXPECTED["registry"].items() if k != "workspace_audit"}
        # The old chain is kept as it was, followed by one entry per upgrade step, then
        # the signing of the user list (the opener is an administrator).
        assert new_audit[:len(old_audit)] == old_audit
        *steps, signed = store.read_audit(ws.registry)[len(old_audit):]
        (backup,) = ws.backups_dir.glob("registry.v1.*.db.bak")
        assert [(s.actor, s.action, json.loads(s.details)) for s in steps] == [
            (EXPECTED["login"], "registry_upgraded", {"from": v, "to": v + 1,
                                                      "backup": backup.name})
            for v in range(1, REGISTRY_VERSION)]
        assert (signed.actor, signed.action) == (EXPECTED["login"], "users_signed")
        assert store.verify_audit(ws.registry) == []
        # Same tables and indexes as a registry made new today.
        with open_workspace(_new_workspace(tmp_path)) as fresh:
            assert _schema(ws.registry) == _schema(fresh.registry)
        # The backup copy is the registry as it was: version 1, every case key in it.
        copy = _copy_of(ws, backup)
        try:
            assert copy.version() == 1
            assert copy.references_with_keys() == EXPECTED["registry"]["case_keys"]
        finally:
            copy.close()
        # v4: every row has a deadline policy, the default ("") until the case is next
        # written or the index rebuilt (a row cannot read its case file).
        assert ws.registry.query("SELECT reference, deadline_policy FROM cases "
                                 "ORDER BY reference") == \
            [(c[0], "") for c in EXPECTED["registry"]["cases"]]
        # The cases still open with their keys, take changes, and everything verifies.
        ref = EXPECTED["registry"]["ready"][0]
        assert cases.get_case(ws, ref).requester.name == "Zoë Brontë-Hughes"
        cases.add_note(ws, ref, "written after the upgrade")
        assert ws.registry.get(ref)["deadline_policy"] == \
            cases.get_case(ws, ref).extra.get("deadline_policy", "")
        assert verify_workspace(ws) == []
    # A second open upgrades nothing and takes no second copy.
    with open_workspace(old_workspace, passphrase=_passphrase()) as ws:
        assert len(store.read_audit(ws.registry)) == len(new_audit)
        assert len(list(ws.backups_dir.glob("registry.*.bak"))) == 1


def test_a_case_purged_after_the_upgrade_is_gone_from_the_registry_copy_too(old_workspace):
    """Crypto-shredding holds for the upgrade's backup copy: it loses the key and the row."""
    ref = EXPECTED["registry"]["ready"][0]
    with open_workspace(old_workspace, passphrase=_passphrase()) as ws:
        cases.record_event(ws, ref, "closed", dt.date(2025, 6, 1),
            override="ended for this test's set-up")
        ws.clock = FixedClock(dt.date(2040, 1, 1))  # a purge destroys what is due today
        (done,) = retention.purge(ws, references=[ref], confirm=1,
                                  certificates_dir=old_workspace.parent / "certificates")
        assert done.tombstone.reference == ref
        (backup,) = ws.backups_dir.glob("registry.v1.*.db.bak")
        copy = _copy_of(ws, backup)
        try:
            assert copy.key_entry(ref) is None and copy.get(ref) is None
            # Not findable either (a copy keeps its old columns: asked of the search index).
            assert copy.query("SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?",
                              (fts_query("bronte"),)) == []
            assert copy.version() == 1  # otherwise left as it was
            others = [r for r in EXPECTED["registry"]["case_keys"] if r != ref]
            assert copy.references_with_keys() == others
        finally:
            copy.close()
    assert "Brontë".encode() not in backup.read_bytes()  # encrypted, and vacuumed


def test_an_upgrade_that_cannot_take_its_backup_copy_changes_nothing(old_workspace):
    from sar_desk.store.errors import StoreError

    shutil.rmtree(old_workspace / "backups", ignore_errors=True)
    (old_workspace / "backups").write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="no backup copy .* was left as it was"):
        open_workspace(old_workspace, passphrase=_passphrase())
    (old_workspace / "backups").unlink()
    with open_workspace(old_workspace, passphrase=_passphrase()) as ws:  # then it upgrades
        # one entry per upgrade step, and one for the signing of the user list
        assert len(store.read_audit(ws.registry)) == \
            len(EXPECTED["registry"]["workspace_audit"]) + REGISTRY_VERSION
        assert len(list(ws.backups_dir.glob("registry.v1.*.db.bak"))) == 1


def _new_workspace(tmp_path) -> Path:
    from sar_desk.services.workspace import init_workspace

    ws, _recovery = init_workspace(tmp_path / "new")
    ws.close()
    return tmp_path / "new"


def test_a_new_registry_is_made_at_the_current_version(tmp_path):
    with open_workspace(_new_workspace(tmp_path)) as ws:
        assert ws.registry.version() == REGISTRY_VERSION
        assert ws.registry.query("SELECT key FROM meta WHERE key = 'users_version'") == []
        assert [r.action for r in store.read_audit(ws.registry)] == ["user_added"]
        assert not list(ws.backups_dir.glob("registry.*"))


def test_a_registry_from_a_newer_sar_desk_is_refused_and_left_alone(tmp_path, capsys):
    root = _new_workspace(tmp_path)
    with open_workspace(root) as ws:
        with ws.registry.writing() as conn:
            conn.exec_driver_sql(f"PRAGMA user_version = {REGISTRY_VERSION + 1}")
        ws.registry.checkpoint()
    before = (root / "registry.db").read_bytes()
    with pytest.raises(RegistryTooNew) as refused:
        open_workspace(root)
    message = str(refused.value)
    assert "newer SAR Desk" in message and str(root / "registry.db") in message
    assert f"version {REGISTRY_VERSION + 1}" in message
    assert "sar-desk" not in message and "--" not in message  # fit for the window too
    assert (root / "registry.db").read_bytes() == before
    assert not list((root / "backups").glob("registry.*"))
    # The command line says the same, without a traceback.
    assert main(["case", "list", "--workspace", str(root)]) == 1
    err = capsys.readouterr().err
    assert "newer SAR Desk" in err and "Traceback" not in err


def test_an_upgraded_registry_indexes_what_the_cases_say_at_the_first_search(old_workspace):
    from sar_desk.services.case_search import search_cases
    from sar_desk.store.case_text import UNINDEXED

    with open_workspace(old_workspace, passphrase=_passphrase()) as ws:
        assert ws.registry.meta_value(UNINDEXED) == "1"  # v9 cannot read the case files
        hits = search_cases(ws, "王芳")
        assert ("SAR-2025-0002", "requester") in {(h.reference, h.where) for h in hits}
        assert ws.registry.meta_value(UNINDEXED) == ""
