"""The service test suite on both stores. tests/services runs on folder workspaces (the
normal run); tests/server/services runs every module of it again with ``ws`` a team
workspace on PostgreSQL (its conftest), one file per module. This file names the modules
that cannot run on the server, each with the reason, and checks that every module of
tests/services is in one place or the other."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
SERVICES = HERE.parent / "services"

# Several users' windows open at once on one workspace, one handle each, in one process:
# on a team workspace each window is a private copy, and the workspace's own state (ready
# flags, the approvals queue, users, holds) reaches another open window only when that
# window opens the workspace again (README, Team mode, known limits). Their two-process
# team-mode equivalents are in tests/server/test_team_workspace.py and test_team_cli.py.
SEVERAL_WINDOWS = "several users' windows open at once: workspace state reaches another " \
                  "open window only when it reopens"
NOT_ON_SERVER = {
    "test_approvals_queue": SEVERAL_WINDOWS,
    "test_bundle": SEVERAL_WINDOWS,
    "test_letter_status": SEVERAL_WINDOWS,
    "test_maintenance_roles": SEVERAL_WINDOWS,  # test_permissions' team of five
    "test_my_work": SEVERAL_WINDOWS,
    "test_permissions": SEVERAL_WINDOWS,
    "test_ready_letters": SEVERAL_WINDOWS,
    "test_signoff": SEVERAL_WINDOWS,
    "test_staff_view": SEVERAL_WINDOWS,
}


def test_every_service_test_module_runs_on_the_server_or_says_why_not():
    modules = {p.stem for p in SERVICES.glob("test_*.py")}
    on_server = {p.stem.replace("test_server_", "test_", 1)
                 for p in (HERE / "services").glob("test_server_*.py")}
    assert modules - on_server == set(NOT_ON_SERVER)
    assert not on_server - modules
    for module in on_server:
        text = (HERE / "services" / f"{module.replace('test_', 'test_server_', 1)}.py"
                ).read_text(encoding="utf-8")
        assert f"from tests.services.{module} import *" in text
