"""One clock: only the clock module reads the computer's date and time, and only start-up
reads the SAR_DESK_TODAY support switch; everything else is given the day."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sar_desk"
CLOCK_MODULE = "sar_desk/core/clock.py"
SWITCH_MODULE = "sar_desk/cli/common.py"  # where the command line and the window start
SYSTEM_TIME = {"today", "now", "utcnow", "fromtimestamp"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).as_posix(), ast.parse(path.read_text("utf-8"))


def reads_of_system_time(tree: ast.AST) -> list[str]:
    """``date.today``, ``datetime.now`` and the like, called or passed on, however imported."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in SYSTEM_TIME:
            owner = ast.unparse(node.value).split(".")[-1]
            if owner in {"date", "datetime"}:
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.ImportFrom) and node.module == "datetime":
            found += [f"line {node.lineno}: from datetime import {a.name}"
                      for a in node.names if a.name in SYSTEM_TIME]
    return found


def test_only_the_clock_module_reads_the_computers_date_or_time():
    offenders = {name: hits for name, tree in modules()
                 if name != CLOCK_MODULE and (hits := reads_of_system_time(tree))}
    assert offenders == {}


def test_only_start_up_reads_the_today_switch():
    readers = sorted(name for name, tree in modules()
                     if any(isinstance(n, ast.Constant) and n.value == "SAR_DESK_TODAY"
                            for n in ast.walk(tree)))
    assert readers == [SWITCH_MODULE]


def test_the_scan_sees_a_direct_read():
    tree = ast.parse("import datetime as dt\nday = dt.date.today()\nnow = dt.datetime.now\n")
    assert sorted(reads_of_system_time(tree)) == ["line 2: dt.date.today",
                                                  "line 3: dt.datetime.now"]


def test_the_support_switch_pins_today_for_a_command(monkeypatch, capsys):
    from sar_desk.cli import main

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    assert main(["deadline", "--received", "2026-06-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "2026-06-30"


def test_a_malformed_switch_is_named_not_ignored(monkeypatch, capsys):
    from sar_desk.cli import main

    monkeypatch.setenv("SAR_DESK_TODAY", "30/06/2026")
    assert main(["deadline", "--received", "2026-06-01"]) == 2
    assert "SAR_DESK_TODAY='30/06/2026' is not a date" in capsys.readouterr().err


@pytest.mark.parametrize("pinned", ["", None])
def test_without_the_switch_a_command_runs_on_the_computers_date(monkeypatch, pinned):
    from sar_desk.cli.common import startup_clock
    from sar_desk.core.clock import SystemClock

    if pinned is None:
        monkeypatch.delenv("SAR_DESK_TODAY", raising=False)
    else:
        monkeypatch.setenv("SAR_DESK_TODAY", pinned)
    assert isinstance(startup_clock(), SystemClock)


def test_services_ask_the_workspaces_clock(ws, today):
    from sar_desk.core.clock import FixedClock
    from sar_desk.core.entities import Person
    from sar_desk.errors import InputError
    from sar_desk.services import cases

    new = cases.NewCase(requester=Person("Zoë Ó Briain"), received=today)
    ref = cases.create_case(ws, new).reference
    assert cases.get_case(ws, ref).logged == today
    ws.clock = FixedClock(today - dt.timedelta(days=1))  # the same request, a day earlier
    with pytest.raises(InputError, match="after today"):
        cases.create_case(ws, new)
