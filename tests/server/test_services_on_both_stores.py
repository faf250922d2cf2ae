"""The service test suite on both stores. tests/services runs on folder workspaces (the
normal run); tests/server/services runs every module of it again with ``ws`` a team
workspace on PostgreSQL (its conftest), one file per module. This file names the modules
that cannot run on the server, each with the reason, and checks that every module of
tests/services is in one place or the other."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
SERVICES = HERE.parent / "services"

# The one module that works on a folder's own files: it truncates a case file on disk and
# leaves an abandoned creation in the folder for ``verify`` to find, and drives the CLI
# with ``--workspace FOLDER``. Its checks on a team workspace are in tests/server
# (test_team_cli.py: verify and reindex on the server; test_team_workspace.py).
NOT_ON_SERVER = {
    "test_maintenance_roles": "damages and abandons case files in a folder workspace, and "
                              "opens that folder from the command line",
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
