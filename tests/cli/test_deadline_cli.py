"""``sar-desk deadline``: the shared vectors, the human answer, and clear one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sar_desk.cli import main
from tests.core.deadline_vectors import vector_params
from tests.core.issue_cases import case_params


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["deadline", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("vector", vector_params())
def test_vector_through_cli(capsys, vector):
    args = ["--received", vector["received"], "--jurisdiction", vector["jurisdiction"]]
    for event in vector["events"]:
        args += ["--event", f"{event['type']}={event['date']}"]
    code, out, err = run_cli(capsys, *args, "--as-of", "2030-01-01", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["due"] == vector["expected_due"], vector["source"]
    if "expected_extended_due" in vector:
        assert data["extended_due"] == vector["expected_extended_due"], vector["source"]
    for key in ("relevant_date", "paused_days", "extension_notice_by", "state", "explanation"):
        assert key in data
    assert all(isinstance(line, str) for line in data["explanation"])


@pytest.mark.parametrize(
    ("name", "jurisdiction", "received", "events", "options", "due", "paused"), case_params()
)
def test_worked_case_through_cli(capsys, name, jurisdiction, received, events, options, due,
                                 paused):
    args = ["--received", received, "--jurisdiction", jurisdiction, *options]
    for kind, day in events:
        args += ["--event", f"{kind}={day}"]
    code, out, err = run_cli(capsys, *args, "--as-of", "2030-01-01", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["due"], data["paused_days"]) == (due, paused), data["explanation"]


def test_exam_marks_flags(capsys):
    code, out, _ = run_cli(capsys, "--received", "2026-06-01", "--exam-marks",
                           "--as-of", "2026-06-02")
    assert code == 0
    assert out.splitlines()[0] == (
        "Due: Monday 2 November 2026, or 40 days after the results, if earlier")
    assert "Extension: not possible (exam-marks time limit)" in out
    code, out, _ = run_cli(capsys, "--received", "2026-06-01", "--exam-results", "2026-08-13",
                           "--as-of", "2026-06-02", "--json")
    data = json.loads(out)
    assert (data["due"], data["due_note"], data["exam_marks"], data["exam_results"]) == (
        "2026-09-21", "", True, "2026-08-13")


def test_bad_exam_results_date_is_one_line(capsys):
    code, out, err = run_cli(capsys, "--received", "2026-06-01", "--exam-results", "13/08/2026")
    assert code == 2 and out == ""
    assert "--exam-results" in err and "13/08/2026" in err
    assert len(err.strip().splitlines()) == 1


def test_json_fields(capsys):
    code, out, _ = run_cli(
        capsys,
        "--received", "2025-03-03",
        "--event", "clarification_requested=2025-03-05",
        "--event", "clarification_received=2025-03-12",
        "--as-of", "2025-04-14",
        "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert data["relevant_date"] == "2025-03-03"
    assert data["due"] == "2025-04-11"
    assert data["paused_days"] == 8
    assert data["extension_notice_by"] == "2025-04-11"
    assert data["extended_due"] is None
    assert data["state"] == "overdue"
    assert data["days_left"] == -3
    assert data["policy"]["pause_count"] == "inclusive"


def test_human_answer_and_explanation(capsys):
    code, out, _ = run_cli(capsys, "--received", "2026-01-31", "--as-of", "2026-02-25")
    assert code == 0
    first = out.splitlines()[0]
    assert first == "Due: Monday 2 March 2026"
    assert "State on 25 February 2026: due in 5 days" in out
    assert "Rolled over Saturday 28 February 2026: weekend." in out
    assert "month-end clamp" in out


def test_extension_shown(capsys):
    code, out, _ = run_cli(
        capsys,
        "--received",
        "2019-09-26",
        "--event",
        "extended=2019-10-01",
        "--as-of",
        "2019-11-01",
    )
    assert code == 0
    assert "Extended due: Friday 27 December 2019" in out
    assert "Boxing Day" in out


def test_closure_and_policy_options(capsys):
    code, out, _ = run_cli(
        capsys,
        "--received", "2025-09-03",
        "--closure", "2025-10-03",
        "--policy", "show_internal_target=true",
        "--as-of", "2025-09-03",
        "--json",
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert data["due"] == "2025-10-06"  # Fri 3 Oct closed, then the weekend
    assert data["internal_target"] == "2025-10-01"
    assert any("organisation closure day" in line for line in data["explanation"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--received", "2025-02-30"], "'2025-02-30' is not a real date"),
        (["--received", "yesterday"], "--received"),
        (["--received", "2025-02-03", "--as-of", "2025-13-01"], "--as-of"),
        (["--received", "2025-02-03", "--jurisdiction", "mars"], "unknown jurisdiction 'mars'"),
        (["--received", "2025-02-03", "--event", "id_received"], "KIND=YYYY-MM-DD"),
        (["--received", "2025-02-03", "--event", "id_received=2025-02-31"], "--event id_received"),
        (["--received", "2025-02-03", "--event", "teleported=2025-02-04"], "unknown event kind"),
        (["--received", "2025-02-03", "--event", "id_received=2025-02-04"], "never asked for"),
        (["--received", "2025-02-03", "--policy", "pause_count=maybe"], "pause_count"),
    ],
)
def test_bad_input_is_one_line_exit_2(capsys, args, needle):
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert needle in lines[0]
    assert "Traceback" not in err


def test_unknown_jurisdiction_lists_valid_ones(capsys):
    _, _, err = run_cli(capsys, "--received", "2025-02-03", "--jurisdiction", "uk-wales")
    for code in ("uk-ew", "uk-sct", "uk-ni", "eu", "eu-ie", "eu-de"):
        assert code in err


def test_bad_date_in_a_real_process():
    """The installed command: exit status 2, one line on stderr, no traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "sar_desk", "deadline", "--received", "2025-02-29"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "sar-desk: --received: '2025-02-29' is not a real date in the form YYYY-MM-DD "
        "(for example 2025-09-03)"
    ]
