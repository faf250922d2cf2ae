"""``sar-desk overdue``, ``sar-desk report`` and ``sar-desk register``: the managers' views."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import Any

from sar_desk.cli.common import iso_date, print_json, year_month

REQUEST_TYPES = ("access", "rectification", "erasure", "restriction", "portability", "objection")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    overdue = subparsers.add_parser(
        "overdue",
        parents=[common],
        help="what is overdue, due this week or paused, by handler",
        description="The managers' dashboard: open, overdue (with days overdue), due within "
        "7 days, paused and extended requests, grouped by handler.",
    )
    overdue.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                         help="show the desk as it stood on this day (default: today)")
    overdue.add_argument("--type", dest="request_type", default=None, metavar="RIGHT",
                         choices=REQUEST_TYPES,
                         help="only requests exercising this right (default: all)")
    out = overdue.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true",
                     help="print every figure and list as JSON")
    out.add_argument("--csv", action="store_true", help="print the overdue list as CSV")
    overdue.set_defaults(func=run_overdue)

    report = subparsers.add_parser(
        "report",
        parents=[common],
        help="write the monthly compliance report (PDF, XLSX or CSV)",
        description="Month-by-month received, closed, closed on time, on-time rate, "
        "extensions, refusals, fees and exemptions, with charts in the PDF.",
    )
    report.add_argument("--from", dest="first", type=year_month, required=True,
                        metavar="YYYY-MM", help="first month of the report")
    report.add_argument("--to", dest="last", type=year_month, required=True,
                        metavar="YYYY-MM", help="last month of the report")
    report.add_argument("--format", choices=("pdf", "xlsx", "csv"),
                        help="file format (default: from the file name)")
    report.add_argument("--out", required=True, metavar="FILE", help="file to write")
    report.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                        help="ignore anything after this day (default: today)")
    report.add_argument("--organisation", default="", help="name printed on the PDF")
    report.add_argument("--type", dest="request_type", default=None, metavar="RIGHT",
                        choices=REQUEST_TYPES,
                        help="only requests exercising this right (default: all)")
    report.set_defaults(func=run_report)

    reg = subparsers.add_parser(
        "register",
        parents=[common],
        help="export the register of requests to CSV or XLSX",
        description="Export the register: reference, requester name, dates, deadline and "
        "outcome. Other personal data is included only with --full.",
    )
    reg.add_argument("--out", required=True, metavar="FILE", help="file to write")
    reg.add_argument("--format", choices=("csv", "xlsx"),
                     help="file format (default: from the file name, else csv)")
    reg.add_argument("--full", action="store_true",
                     help="also export contact details, data subject, handler and request text")
    reg.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                     help="states and deadlines as at this day (default: today)")
    reg.add_argument("--received-from", type=iso_date, metavar="YYYY-MM-DD",
                     help="only cases received on or after this day")
    reg.add_argument("--received-to", type=iso_date, metavar="YYYY-MM-DD",
                     help="only cases received on or before this day")
    reg.set_defaults(func=run_register)


def open_from_args(args: argparse.Namespace, *, read_only: bool = True) -> Any:
    """Open the workspace named by --workspace / $SAR_DESK_WORKSPACE (use it with ``with``)."""
    from sar_desk.cli.workspace_cmd import workspace_from_args

    return workspace_from_args(args, read_only=read_only)


def run_overdue(args: argparse.Namespace) -> int:
    # A short command that builds many objects holding no reference cycles: no cyclic-GC
    # passes while it reads, works out and writes them (each pass would rescan them all).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from sar_desk.services.dashboard import load_dashboard, overdue_csv_rows

        with open_from_args(args) as ws:
            data = load_dashboard(ws, args.as_of, request_type=args.request_type)
        if args.json:
            print_json(data.to_json())
        elif args.csv:
            from sar_desk.services.reports import csv_bytes

            sys.stdout.write(csv_bytes(overdue_csv_rows(data)).decode("utf-8").lstrip("\ufeff"))
        else:
            _print_text(data)
    finally:
        if was_enabled:
            gc.enable()
    return 0


def _print_text(data: Any) -> None:
    f = data.figures
    print(f"As at {data.as_of.isoformat()}: {f.open} open, {f.overdue} overdue, "
          f"{f.due_soon} due within 7 days, {f.paused} paused, {f.extended} extended")
    busy = [r for r in data.by_type if r.open]
    if busy:
        print("By request type: " + ", ".join(
            f"{r.request_type} {r.open} open ({r.overdue} overdue)" for r in busy))
    if not data.overdue:
        print("Nothing is overdue.")
        return
    current = None
    for row in data.overdue:
        if row.assignee != current:
            current = row.assignee
            print(f"\n{current or '(unassigned)'}")
        due = row.due.isoformat() if row.due else "?"
        days = "day" if row.days_overdue == 1 else "days"
        print(f"  {row.reference:<16} due {due}  {row.days_overdue:>4} {days} overdue  "
              f"{row.requester_name}")


def run_report(args: argparse.Namespace) -> int:
    from sar_desk.services.reports import export_report, report_format

    fmt = report_format(args.out, args.format)
    with open_from_args(args) as ws:
        path = export_report(ws, args.first, args.last, args.out, fmt=fmt,
                             today=args.as_of, organisation=args.organisation,
                             request_type=args.request_type)
    print(f"Wrote the {fmt.upper()} compliance report to {path}")
    return 0


def run_register(args: argparse.Namespace) -> int:
    from sar_desk.services.register_export import export_register

    with open_from_args(args, read_only=not args.full) as ws:
        count = export_register(ws, args.out, fmt=args.format, full=args.full,
                                as_of=args.as_of, received_from=args.received_from,
                                received_to=args.received_to)
    extra = " with full personal details" if args.full else ""
    print(f"Wrote {count} case{'s' if count != 1 else ''} to {args.out}{extra}")
    return 0
