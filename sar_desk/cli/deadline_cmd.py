"""``sar-desk deadline``: work out a request's deadline from its dates, showing the working."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from sar_desk.cli.common import iso_date, print_json
from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.core.policy import Policy

EPILOG = """\
event kinds: id_requested, id_received, fee_requested, fee_received,
clarification_requested, clarification_received, extended (the day the extension
notice was sent), responded, withdrawn, closed, exam_marks_requested,
exam_results_announced.

EU calendars (eu, eu-XX): a clarification does not pause the clock unless
--policy eu_clarification_pause=true.

examples:
  sar-desk deadline --received 2025-09-03
  sar-desk deadline --received 2025-03-03 --event clarification_requested=2025-03-05 \\
      --event clarification_received=2025-03-12 --as-of 2025-03-20 --json
  sar-desk deadline --received 2026-06-01 --exam-results 2026-08-13
"""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "deadline",
        parents=[common],
        help="work out a request's due date, extension and state, with the working",
        description=(
            "Work out the response deadline of a request from its received date and its\n"
            "clock events, and explain every step."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--received", required=True, metavar="YYYY-MM-DD", help="day the request arrived"
    )
    parser.add_argument(
        "--jurisdiction",
        default="uk-ew",
        metavar="CODE",
        help="calendar: uk-ew (default), uk-sct, uk-ni, eu (weekends only) or eu-XX "
        "(an EU/EEA member state, e.g. eu-ie)",
    )
    parser.add_argument(
        "--event",
        action="append",
        default=[],
        metavar="KIND=YYYY-MM-DD",
        help="a timeline event; repeat for each one",
    )
    parser.add_argument(
        "--closure",
        action="append",
        default=[],
        metavar="YYYY-MM-DD",
        help="an organisation closure day (not a working day); repeat for each one",
    )
    parser.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="SETTING=VALUE",
        help="change a disputed-point setting, e.g. pause_count=exclusive, "
        "month_rule=strict-statutory, roll_extended=false, show_internal_target=true, "
        "eu_clarification_pause=true",
    )
    parser.add_argument(
        "--exam-marks",
        action="store_true",
        help="the request is for exam marks, made before the results are announced "
        "(due on the earlier of 5 months and 40 days after the results)",
    )
    parser.add_argument(
        "--exam-results",
        metavar="YYYY-MM-DD",
        help="the day the exam results are (or will be) announced; implies --exam-marks",
    )
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="report the state on this day (default: today)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


def _date(option: str, text: str) -> dt.date:
    try:
        return iso_date(text)
    except argparse.ArgumentTypeError as exc:
        raise InputError(f"{option}: {exc}") from None


def _event(text: str) -> tuple[str, dt.date]:
    kind, sep, day = text.partition("=")
    if not sep or not kind.strip():
        raise InputError(
            f"--event {text!r}: write it as KIND=YYYY-MM-DD, e.g. id_received=2025-03-19"
        )
    return kind.strip(), _date(f"--event {kind.strip()}", day)


def _policy(settings: list[str]) -> Policy:
    from sar_desk.core.policy import Policy

    values: dict[str, object] = {}
    for text in settings:
        name, sep, value = text.partition("=")
        if not sep:
            raise InputError(f"--policy {text!r}: write it as SETTING=VALUE")
        value = value.strip()
        lowered = value.lower()
        if lowered in ("true", "yes", "on"):
            values[name.strip()] = True
        elif lowered in ("false", "no", "off"):
            values[name.strip()] = False
        elif value.isdigit():
            values[name.strip()] = int(value)
        else:
            values[name.strip()] = value
    return Policy.from_dict(values)


def run(args: argparse.Namespace) -> int:
    from sar_desk.core.calendars import validate_jurisdiction
    from sar_desk.core.deadline_explain import day_text, long_day
    from sar_desk.core.deadlines import compute_deadline

    received = _date("--received", args.received)
    jurisdiction = validate_jurisdiction(args.jurisdiction)
    events = [_event(text) for text in args.event]
    if args.exam_marks or args.exam_results:
        events.append(("exam_marks_requested", received))
    if args.exam_results:
        events.append(("exam_results_announced", _date("--exam-results", args.exam_results)))
    closures = [_date("--closure", text) for text in args.closure]
    as_of = _date("--as-of", args.as_of) if args.as_of else args.clock.today()
    policy = _policy(args.policy) if args.policy else None
    result = compute_deadline(
        received, jurisdiction, events, as_of=as_of, policy=policy, closures=closures
    )
    if args.json:
        print_json(result.to_json())
        return 0
    lines = [f"Due: {long_day(result.due)}"]
    if result.due_note:
        lines[0] += f", {result.due_note}"
    if result.paused_days:
        lines[0] += f" (includes {result.paused_days} paused days)"
    if result.extended_due:
        lines.append(f"Extended due: {long_day(result.extended_due)}")
    elif result.exam_marks:
        lines.append("Extension: not possible (exam-marks time limit)")
    elif result.extension_notice:
        lines.append("Extension: not valid (the notice was sent after the first due date)")
    else:
        lines.append(f"Extension notice by: {long_day(result.extension_notice_by)}")
    if result.internal_target:
        lines.append(f"Internal target: {long_day(result.internal_target)}")
    lines.append(f"State on {day_text(result.as_of)}: {result.state_text}")
    lines.append("")
    lines.append("How this was worked out:")
    lines.extend(f"  - {line}" for line in result.explanation)
    print("\n".join(lines))
    return 0
