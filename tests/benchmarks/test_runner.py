"""benchmarks/run.py gathers every benchmark's RESULT lines into results.json, one table
and the README's performance table."""

from __future__ import annotations

import importlib
import json
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
        {"figure": "case open (median)", "value": 12.35, "unit": "ms", "target": "< 30 ms",
         "met": True},
        {"figure": "computations per second", "value": 81990.0, "unit": "/s",
         "target": ">= 50,000/s", "met": False},
        {"figure": "context only", "value": 0.0001234, "unit": "s", "target": "",
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
    assert {"casefiles", "deadlines", "letters", "dashboard", "gui_startup", "scale",
            "verify"} <= names
    assert not {"run", "_common", "_workspace", "_gui_child"} & names
    with pytest.raises(SystemExit, match="no benchmark named nope"):
        run.discover(["nope"])


INFO = {"cpu": "Test CPU", "cores": "2", "memory": "24 GiB", "os": "Linux",
        "python": "CPython 3.11.7"}
SAMPLE = {
    "generated": "2026-12-04T12:00:00+00:00",
    "machine": INFO,
    "benchmarks": [
        {"name": "dashboard", "date": "2026-12-04", "seconds": 80.0, "load_average": 3.2,
         "exit_code": 1, "problem": "", "machine": INFO, "results": [
             {"figure": "dashboard after one case changes, 100,000 cases (median of 5)",
              "value": 420.0, "unit": "ms", "target": "< 300 ms", "met": False},
             {"figure": "overdue --json, process wall time (median of 3)", "value": 1234.5,
              "unit": "ms", "target": "< 1,500 ms", "met": True}]},
        {"name": "deadlines", "date": "2026-12-03", "seconds": 9.0, "load_average": 0.4,
         "exit_code": 0, "problem": "", "machine": INFO, "results": [
             {"figure": "deadline computations, warm caches (median of 5)", "value": 98765.4,
              "unit": "/s", "target": ">= 50,000/s", "met": True}]},
        {"name": "letters", "date": "2026-12-04", "seconds": 30.0, "load_average": 1.7,
         "exit_code": 0, "problem": "", "machine": INFO, "results": [
             {"figure": "final response PDF (median of 30 warm runs)", "value": 29.2,
              "unit": "ms", "target": "< 100 ms", "met": True}]},
    ],
}


def test_the_readme_table_is_rendered_from_results(runner):
    run, _ = runner
    text = f"# Title\n\nBefore.\n\n{run.START}\nold table\n{run.END}\n\nAfter.\n"
    out = run.render_readme(text, SAMPLE)
    assert out.startswith("# Title\n\nBefore.\n\n" + run.START + "\n")
    assert out.endswith(run.END + "\n\nAfter.\n") and "old table" not in out
    table = out[out.index(run.START):out.index(run.END)].splitlines()
    assert table[1] == "Machine: Test CPU, 2 cores, 24 GiB RAM, Linux, CPython 3.11.7  "
    assert table[2] == "Run: 2026-12-03 (load average 0.4); 2026-12-04 (load average 1.7-3.2)"
    assert ("| dashboard | dashboard after one case changes, 100,000 cases (median of 5) | "
            "420 ms | < 300 ms | NO (+40%) |") in table
    assert ("| dashboard | overdue --json, process wall time (median of 3) | 1,234.5 ms | "
            "< 1,500 ms | yes |") in table
    assert ("| deadlines | deadline computations, warm caches (median of 5) | 98,765.4 /s | "
            ">= 50,000/s | yes |") in table
    assert run.render_readme(out, SAMPLE) == out  # rendering again changes nothing
    with pytest.raises(SystemExit, match="no benchmark table markers"):
        run.render_readme("# no markers here\n", SAMPLE)


def test_the_readme_has_the_table_markers_and_a_generated_table(runner):
    run, _ = runner
    text = run.README.read_text(encoding="utf-8")
    assert text.count(run.START) == 1 and text.count(run.END) == 1
    table = text[text.index(run.START):text.index(run.END)]
    assert "| benchmark | figure (what was measured) | value | target | met |" in table


def test_results_json_keeps_other_benchmarks_when_one_runs_again(runner, tmp_path):
    run, _ = runner
    path = tmp_path / "results.json"
    path.write_text(json.dumps(SAMPLE), encoding="utf-8")
    again = run.Outcome("deadlines", [{"figure": "deadline computations, cold (1 run)",
                                       "value": 60000.0, "unit": "/s",
                                       "target": ">= 50,000/s", "met": True}],
                        exit_code=0, seconds=8.0, date="2026-12-05", load_average=1.0)
    data = run.save([again], INFO, path)
    assert json.loads(path.read_text(encoding="utf-8")) == data
    by_name = {b["name"]: b for b in data["benchmarks"]}
    assert by_name["dashboard"] == SAMPLE["benchmarks"][0]
    assert by_name["deadlines"]["date"] == "2026-12-05"
    assert [r["value"] for r in by_name["deadlines"]["results"]] == [60000.0]
    assert [o.name for o in run.outcomes_from(data)] == ["dashboard", "deadlines", "letters"]


def test_shortfall_reads_the_target(runner):
    run, _ = runner
    assert run.shortfall(450, "< 300 ms") == "+50%"
    assert run.shortfall(40_000, ">= 50,000/s") == "-20%"
    assert run.shortfall(2.0, "≤ 1.5 x") == "+33%"
    assert run.shortfall(3.0, "reported") == ""


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
    for o in outcomes:
        o.date, o.load_average = "2026-12-04", 1.5
    text = run.render(outcomes, INFO, markdown=False)
    assert text.splitlines()[:2] == ["Machine: Test CPU, 2 cores, 24 GiB RAM, Linux, "
                                     "CPython 3.11.7", "Run: 2026-12-04 (load average 1.5)"]
    assert len(text.splitlines()) == 5 + 6
    table = run.render(outcomes, INFO, markdown=True)
    assert "| fast | case open (median) | 12.5 ms | < 30 ms | yes |" in table
    assert "| slow | list 10,000 | 180 ms | < 150 ms | NO (+20%) |" in table
    assert "| fast | search | 3 ms | - | - |" in table
    assert "| broken | (reported no figures (exit code 1)) | - | - | NO |" in table


def test_machine_description(runner):
    run, _ = runner
    info = run.machine()
    assert int(info["cores"]) >= 1 and info["memory"].endswith("GiB")
    assert info["python"].split()[-1] == ".".join(map(str, sys.version_info[:3]))
