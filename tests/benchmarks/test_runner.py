"""benchmarks/run.py gathers every benchmark's RESULT lines into one table."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def runner():
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("run"), importlib.import_module("_common")
    finally:
        sys.path.remove(str(BENCH))


def test_report_prints_a_human_line_and_a_result_line(runner, capsys):
    _, common = runner
    common.report("case open (median)", 12.345, "ms", "< 30 ms", True)
    common.report("computations\tper second", 81_990.0, "/s", ">= 50,000/s", False)
    common.report("context only", 0.00012345, "s")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "  case open (median): 12.3 ms (target < 30 ms)  OK"
    parsed = [common.parse(line) for line in lines if line.startswith("RESULT")]
    assert parsed == [
        {"figure": "case open (median)", "median": 12.35, "unit": "ms", "target": "< 30 ms",
         "met": True},
        {"figure": "computations per second", "median": 81990.0, "unit": "/s",
         "target": ">= 50,000/s", "met": False},
        {"figure": "context only", "median": 0.0001234, "unit": "s", "target": "",
         "met": None},
    ]
    assert common.parse("  cold caches: 39,294/s") is None


def test_report_refuses_what_is_not_a_number(runner):
    _, common = runner
    for bad in (float("nan"), float("inf"), "12", True):
        with pytest.raises(ValueError):
            common.report("x", bad, "ms")


def test_every_benchmark_script_is_found(runner):
    run, _ = runner
    names = {p.stem for p in run.discover()}
    assert {"casefiles", "deadlines", "letters", "dashboard", "gui_startup"} <= names
    assert not {"run", "_common"} & names
    with pytest.raises(SystemExit, match="no benchmark named nope"):
        run.discover(["nope"])


def test_one_table_from_every_outcome(runner, tmp_path, monkeypatch):
    run, _ = runner
    scripts = {
        "fast": "print('warming up')\n"
                "print('RESULT\\tcase open (median)\\t12.5\\tms\\t< 30 ms\\tyes')\n"
                "print('RESULT\\tsearch\\t3\\tms\\t\\t-')\n",
        "slow": "print('RESULT\\tlist 10,000\\t180\\tms\\t< 150 ms\\tno')\n"
                "raise SystemExit(1)\n",
        "broken": "raise RuntimeError('boom')\n",
        "sleepy": "import time\nprint('RESULT\\tfirst\\t1\\ts\\t\\t-', flush=True)\n"
                  "time.sleep(30)\n",
    }
    for name, body in scripts.items():
        (tmp_path / f"{name}.py").write_text(body, encoding="utf-8")
    monkeypatch.setattr(run, "HERE", tmp_path)
    outcomes = [run.run_one(script, timeout=5) for script in run.discover()]
    by_name = {o.name: o for o in outcomes}
    assert [r["figure"] for r in by_name["fast"].results] == ["case open (median)", "search"]
    assert by_name["fast"].problem == "" and by_name["slow"].problem == ""
    assert by_name["broken"].problem == "reported no figures (exit code 1)"
    assert by_name["sleepy"].problem == "stopped after 5 s"
    info = {"cpu": "Test CPU", "cores": "2", "memory": "24 GiB", "os": "Linux",
            "python": "CPython 3.11.7"}
    text = run.render(outcomes, info, markdown=False)
    assert text.splitlines()[0] == ("Machine: Test CPU, 2 cores, 24 GiB RAM, Linux, "
                                    "CPython 3.11.7")
    rows = {line.split("  ")[0]: line for line in text.splitlines()[4:]}
    assert len(text.splitlines()) == 4 + 6
    table = run.render(outcomes, info, markdown=True)
    assert "| fast | case open (median) | 12.5 ms | < 30 ms | yes |" in table
    assert "| slow | list 10,000 | 180 ms | < 150 ms | NO |" in table
    assert "| fast | search | 3 ms | - | - |" in table
    assert "| broken | (reported no figures (exit code 1)) | - | - | NO |" in table
    assert rows


def test_machine_description(runner):
    run, _ = runner
    info = run.machine()
    assert int(info["cores"]) >= 1 and info["memory"].endswith("GiB")
    assert info["python"].split()[-1] == ".".join(map(str, sys.version_info[:3]))
