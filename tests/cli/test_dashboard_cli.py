"""``sar-desk overdue``, ``report`` and ``register`` on a demo workspace."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import openpyxl
import pypdf
import pytest

from sar_desk.cli import main
from tests.demo_workspace import demo_workspace, expected, snapshots


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return demo_workspace(tmp_path_factory)


@pytest.fixture(scope="module")
def want(demo):
    return expected(snapshots(demo), demo.as_of)


def overdue_json(demo, capsys) -> dict:
    capsys.readouterr()
    code = main(["overdue", *demo.args(), "--as-of", demo.as_of.isoformat(), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    return json.loads(out)


def test_overdue_json_matches_the_case_files(demo, want, capsys):
    data = overdue_json(demo, capsys)
    assert data["as_of"] == demo.as_of.isoformat()
    assert data["figures"] == want.figures
    got = sorted((r["assignee"], r["reference"], r["days_overdue"], r["due"])
                 for r in data["overdue"])
    assert got == [(a, ref, days, due.isoformat()) for a, ref, days, due in want.overdue]
    rates = {m["month"]: m["on_time_rate"] for m in data["months"]}
    assert rates.keys() == want.rates.keys()
    for month, rate in want.rates.items():
        assert rates[month] == (None if rate is None else pytest.approx(rate))


def test_overdue_csv_and_text(demo, want, capsys):
    assert main(["overdue", *demo.args(), "--as-of", demo.as_of.isoformat(), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted((r["assignee"], r["reference"], int(r["days_overdue"])) for r in rows) == [
        (a, ref, days) for a, ref, days, _due in want.overdue]
    assert main(["overdue", *demo.args(), "--as-of", demo.as_of.isoformat()]) == 0
    text = capsys.readouterr().out
    assert f"{want.figures['overdue']} overdue" in text
    for _a, ref, days, _due in want.overdue:
        assert ref in text
        assert f"{days} days overdue" in text or f"{days} day overdue" in text


def test_report_in_every_format(demo, tmp_path, capsys):
    for fmt in ("pdf", "xlsx", "csv"):
        out = tmp_path / f"report.{fmt}"
        code = main(["report", *demo.args(), "--from", "2025-10", "--to", "2026-03",
                     "--format", fmt, "--out", str(out), "--as-of", demo.as_of.isoformat()])
        assert code == 0, capsys.readouterr().err
        assert f"Wrote the {fmt.upper()} compliance report" in capsys.readouterr().out
    assert "Monthly volume" in pypdf.PdfReader(tmp_path / "report.pdf").pages[0].extract_text()
    assert openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames[:2] == ["Summary",
                                                                              "Months"]
    rows = list(csv.reader(io.StringIO((tmp_path / "report.csv").read_text("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02",
                                        "2026-03", "Total"]


def test_register_export_default_and_full(demo, tmp_path, capsys):
    basic, full = tmp_path / "reg.csv", tmp_path / "reg-full.csv"
    assert main(["register", *demo.args(), "--out", str(basic)]) == 0
    assert main(["register", *demo.args(), "--out", str(full), "--full"]) == 0
    out = capsys.readouterr().out
    assert "with full personal details" in out
    basic_header = next(csv.reader(io.StringIO(basic.read_text("utf-8-sig"))))
    full_header = next(csv.reader(io.StringIO(full.read_text("utf-8-sig"))))
    assert "Requester email" not in basic_header and "Requester email" in full_header
    assert "@" not in basic.read_text("utf-8-sig")
    assert "@" in full.read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "--from", "2026-03", "--to", "2025-10", "--out", "r.pdf"], "before it starts"),
        (["report", "--from", "2026-13", "--to", "2026-03", "--out", "r.pdf"], "YYYY-MM"),
        (["report", "--from", "2026-01", "--to", "2026-03", "--out", "r.docx"], "format"),
        (["overdue", "--as-of", "2026-02-30"], "not a real date"),
        (["register", "--out", "r.txt", "--format", "pdf"], "invalid choice"),
    ],
)
def test_bad_input_is_refused_clearly(demo, tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    try:
        code = main([*argv, *demo.args()])
    except SystemExit as exc:  # argparse refuses the option itself
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_missing_workspace_is_a_clear_error(tmp_path, capsys):
    code = main(["overdue", "--workspace", str(tmp_path / "nowhere")])
    err = capsys.readouterr().err
    assert code != 0 and err.startswith("sar-desk: ") and "Traceback" not in err


def test_overdue_json_in_a_fresh_process(demo, want):
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = subprocess.run(
        [sys.executable, "-m", "sar_desk", "overdue", *demo.args(), "--as-of",
         demo.as_of.isoformat(), "--json"],
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["figures"] == want.figures
