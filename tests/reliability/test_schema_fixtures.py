"""Case files from every earlier schema version still open, upgrade and keep every fact.

Each ``tests/data/schema_v<N>/`` folder is a workspace whose case files use schema N (made
by tests/reliability/make_schema_fixture.py, with an ``expected.json`` of what they hold).
Every folder found there is tested; a schema version without a fixture fails the suite.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from sar_desk.core.clock import FixedClock
from sar_desk.store.case_schema import SCHEMA_VERSION
from tests.reliability.make_schema_fixture import case_view

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = sorted((p for p in DATA.glob("schema_v*") if (p / "workspace").is_dir()),
                  key=lambda p: int(p.name.removeprefix("schema_v")))


def test_every_earlier_schema_version_has_a_fixture():
    versions = {json.loads((p / "expected.json").read_text(encoding="utf-8"))["schema_version"]
                for p in FIXTURES}
    missing = set(range(1, SCHEMA_VERSION)) - versions
    assert not missing, (f"no fixture for case-file schema {sorted(missing)}: run "
                         "tests/reliability/make_schema_fixture.py before the schema moves on")


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.name for p in FIXTURES])
def test_old_case_files_open_upgrade_and_keep_everything(fixture, tmp_path, monkeypatch):
    from sar_desk.services import cases
    from sar_desk.services.workspace import open_workspace, verify_workspace

    expected = json.loads((fixture / "expected.json").read_text(encoding="utf-8"))
    version = expected["schema_version"]
    root = tmp_path / "workspace"
    shutil.copytree(fixture / "workspace", root)  # opening upgrades: never touch the fixture
    passphrase = (fixture / "passphrase.txt").read_text(encoding="utf-8").splitlines()[0]

    clock = FixedClock(dt.date.fromisoformat(expected["today"]))
    with open_workspace(root, passphrase=passphrase, clock=clock) as ws:
        # What a user runs after installing a new version: everything checks out.
        assert verify_workspace(ws) == []
        for ref, facts in expected["cases"].items():
            snap = cases.get_case(ws, ref)
            trail = cases.audit_trail(ws, ref)
            got = case_view(snap, trail)
            old_audit, new_audit = got.pop("audit"), facts.pop("audit")
            assert got == facts, ref
            # The old chain is kept as it was, followed by one entry per upgrade step.
            assert old_audit[:len(new_audit)] == new_audit
            steps = [json.loads(json.dumps(e.details)) for e in trail[len(new_audit):]]
            assert [e.action for e in trail[len(new_audit):]] == \
                ["schema_migrated"] * (SCHEMA_VERSION - version)
            assert [(s["from"], s["to"]) for s in steps] == \
                [(v, v + 1) for v in range(version, SCHEMA_VERSION)]
            if version < SCHEMA_VERSION:  # a backup copy was taken first
                assert list(ws.backups_dir.glob(f"{ref}.v{version}.*.bak"))
        # The upgraded files take new changes, and a second open does not migrate again.
        first = next(iter(expected["cases"]))
        before = len(cases.audit_trail(ws, first))
        cases.add_note(ws, first, "written after the upgrade")
        assert len(cases.audit_trail(ws, first)) == before + 1
        assert verify_workspace(ws) == []
