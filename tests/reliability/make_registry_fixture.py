"""Make ``tests/data/registry_v<N>/``: a small workspace whose registry is at version N.

    python -m tests.reliability.make_registry_fixture N

The workspace is made with the public services of the code at hand (login ``LOGIN``,
passphrase in ``passphrase.txt``, no keyring): three cases (one marked ready for staff, one
under legal hold, one closed and purged, which leaves a tombstone), a second user and the
workspace audit entries all of that writes. For an N older than the current registry
version, the registry is then taken back to version N by undoing the upgrade steps
(``DOWNGRADES``: the exact inverse of ``sar_desk.store.registry_schema``).
``expected.json`` records what the registry must still hold after it is opened (and
upgraded) by any later SAR Desk. Run it once, when a registry version is about to be
superseded, and commit the folder; tests/store/test_registry_schema.py opens it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from tests.reliability.fixture_tools import (
    check_version,
    downgrade,
    fresh_folder,
    record_version,
    remove_leftovers,
    settle,
)

DATA = Path(__file__).resolve().parents[1] / "data"
PASSPHRASE = "registry fixture passphrase"
CLERK_PASSPHRASE = "clerk fixture passphrase"
LOGIN = "fixture-admin"
TODAY = "2025-06-30"

# Undo the step that produced version N (N -> N-1), as plain SQL on the decrypted registry.
DOWNGRADES: dict[int, list[str]] = {
    2: ["INSERT INTO meta (key, value) VALUES ('users_version', '1')"],
    3: ["ALTER TABLE users DROP COLUMN name"],
    4: ["ALTER TABLE cases DROP COLUMN deadline_policy"],
    5: ["DROP TABLE approval_waits", "DELETE FROM meta WHERE key = 'approvals_unscanned'"],
    6: ["DROP TABLE complaints"],
    7: ["DROP TABLE purges_pending"],
    8: ["DROP TABLE damaged_cases"],
    9: ["DROP TABLE case_text", "DROP TABLE case_text_fts",
        "DELETE FROM meta WHERE key = 'case_text_unindexed'"],
    10: ["ALTER TABLE complaints DROP COLUMN handler"],
}


def build(ws, certificates: Path) -> None:
    """Cases, flags, a tombstone and a second user, through the public services."""
    from sar_desk.core.entities import Person
    from sar_desk.services import access, cases, retention, signoff

    D = dt.date
    access.add_colleagues(ws, [("tom.evans", "Tom Evans", "privacy_officer")])
    ready = cases.create_case(ws, cases.NewCase(
        requester=Person("Zoë Brontë-Hughes", "zoe@example.org"), received=D(2025, 5, 1),
        jurisdiction="uk-ew", assignee="Tom Evans"), actor=LOGIN)
    held = cases.create_case(ws, cases.NewCase(
        requester=Person("王芳", "wang.fang@example.cn"), received=D(2025, 6, 2),
        jurisdiction="uk-sct"), actor=LOGIN)
    gone = cases.create_case(ws, cases.NewCase(
        requester=Person("Dafydd ap Rhys", "dafydd@example.org"), received=D(2025, 3, 3),
        jurisdiction="uk-ew"), actor=LOGIN)
    cases.record_event(ws, ready.reference, "id_requested", D(2025, 5, 2), "passport copy",
                       actor=LOGIN)
    cases.record_event(ws, gone.reference, "responded", D(2025, 3, 20), "", actor=LOGIN,
        override="ended for this test's set-up")
    cases.record_event(ws, gone.reference, "closed", D(2025, 3, 21), "", actor=LOGIN,
        override="ended for this test's set-up")
    signoff.mark_ready(ws, ready.reference)
    retention.set_hold(ws, held.reference, "Employment tribunal claim")
    from sar_desk.core.clock import FixedClock

    clock, ws.clock = ws.clock, FixedClock(D(2040, 1, 1))  # the purge destroys what is due today
    retention.purge(ws, references=[gone.reference], confirm=1, certificates_dir=certificates)
    ws.clock = clock
    access.add_user(ws, "clerk", "staff", passphrase=CLERK_PASSPHRASE)


def registry_view(ws) -> dict:
    """What a later SAR Desk must still find in the registry."""
    from sar_desk.services import access, retention

    return {
        "cases": [[s.reference, s.requester_name, s.status.value, s.received.isoformat(),
                   s.due.isoformat() if s.due else None, s.assignee,
                   [[k.value, d.isoformat()] for k, d in s.events]]
                  for s in ws.registry.list(status="all")],
        "found_by_name": [s.reference for s in ws.registry.list(search="bronte")],
        "case_keys": ws.registry.references_with_keys(),
        "users": [[u.login, [r.value for r in u.roles]] for u in access.list_users(ws)],
        "ready": sorted(access.ready_references(ws)),
        "holds": retention.holds(ws),
        "tombstones": [[t.reference, t.closed, t.reason, t.certificate_sha256]
                       for t in retention.tombstones(ws)],
        "workspace_audit": [[r.seq, r.action, r.reference, r.hash]
                            for r in access.workspace_audit(ws)],
    }


def make(version: int) -> Path:
    from sar_desk.services.workspace import init_workspace
    from sar_desk.store import keys
    from sar_desk.store.registry_schema import REGISTRY_VERSION as current

    check_version(version, current, DOWNGRADES, "registry")
    os.environ["SAR_DESK_TODAY"] = TODAY
    os.environ["LOGNAME"] = LOGIN
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    target = fresh_folder(DATA / f"registry_v{version}")
    root = target / "workspace"
    ws, _recovery = init_workspace(root, passphrase=PASSPHRASE)
    with ws, tempfile.TemporaryDirectory() as certificates:
        build(ws, Path(certificates))
        expected = registry_view(ws)
        registry_key = keys.derive(ws.master_key, "registry", ws.id)
    registry = root / "registry.db"
    settle(registry, registry_key)
    if version < current:
        downgrade(registry, registry_key, DOWNGRADES, current, version)
    record_version(root / "workspace.json", "registry_version", version)
    remove_leftovers(root)
    (target / "passphrase.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    (target / "expected.json").write_text(json.dumps(
        {"registry_version": version, "made_by_version": current, "login": LOGIN,
         "today": TODAY, "registry": expected}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    (target / "README.txt").write_text(
        f"A SAR Desk workspace whose registry is at version {version} (made with registry "
        f"version {current} code).\nMade by: python -m tests.reliability.make_registry_fixture "
        f"{version}\nLogin: {LOGIN}; passphrase: passphrase.txt. "
        "Test: tests/store/test_registry_schema.py\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1"]:
        print("wrote", make(int(arg)))
