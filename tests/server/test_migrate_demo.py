"""A folder workspace of the demo moves to a server, and every case reads the same there."""

from __future__ import annotations

import datetime as dt
import json

import pytest


@pytest.mark.slow
def test_demo_migrates_and_case_show_is_identical_for_every_case(
        tmp_path, pg_url, passfile, capsys, monkeypatch):
    from sar_desk.cli import main

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    folder = str(tmp_path / "demo")
    common = ["--passphrase-file", str(passfile)]

    def run(*argv: str) -> str:
        capsys.readouterr()
        code = main([*argv, *common])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    run("demo", "--workspace", folder, "--cases", "12")
    moved = json.loads(run("migrate-to-server", "--workspace", folder, "--server", pg_url,
                           "--json"))
    refs = moved["cases"]
    assert len(refs) >= 12
    assert (tmp_path / "demo" / "workspace.json").is_file()  # the folder is kept
    assert run("case", "list", "--json", "--status", "all", "--workspace", folder) == \
        run("case", "list", "--json", "--status", "all", "--server", pg_url)
    for ref in refs:
        assert run("case", "show", ref, "--json", "--workspace", folder) == \
            run("case", "show", ref, "--json", "--server", pg_url), ref
    assert run("overdue", "--json", "--workspace", folder) == \
        run("overdue", "--json", "--server", pg_url)
    from sar_desk.core.clock import FixedClock
    from sar_desk.services.dashboard import load_dashboard
    from sar_desk.services.team import open_team
    from sar_desk.services.workspace import open_workspace

    day = FixedClock(dt.date(2026, 6, 30))
    passphrase = passfile.read_text(encoding="utf-8").strip()
    with open_workspace(folder, passphrase=passphrase, clock=day) as here, \
            open_team(pg_url, passphrase=passphrase, clock=day) as there:
        assert load_dashboard(here) == load_dashboard(there)  # the dashboard's figures
    assert "intact" in run("verify", "--server", pg_url)
