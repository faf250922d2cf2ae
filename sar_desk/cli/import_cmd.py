"""``sar-desk import FILE``: bring the register a team kept in a spreadsheet into cases.

Exit codes: 0 when every row was imported or was already there; 2 when a row has problems
(each named by its spreadsheet row). With problems nothing is imported unless
``--skip-bad-rows`` is given; then the other rows are imported and the exit code is still 2,
so a script sees that rows were left out.
"""

from __future__ import annotations

import argparse

from sar_desk.cli.common import print_json
from sar_desk.cli.workspace_cmd import workspace_from_args


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    text = ("import a register kept in a spreadsheet (.csv or .xlsx): each row becomes a case "
            "with its received, responded and closed dates; rows already imported are left "
            "alone")
    p = subparsers.add_parser("import", parents=[common], help=text, description=text,
                              epilog="Columns headed like the fields (Reference, Requester, "
                              "Email, Address, Received, Responded, Closed, Jurisdiction, "
                              "Assignee, Request) map themselves. Exit 0: every row imported "
                              "or already there; 2: rows with problems (listed by row).")
    p.add_argument("file", metavar="FILE.csv|FILE.xlsx")
    p.add_argument("--map", dest="choices", action="append", default=[],
                   metavar="COLUMN=FIELD", help="the field a column holds (repeat for several; "
                   "FIELD 'ignore' leaves a column out)")
    p.add_argument("--dry-run", action="store_true",
                   help="name every row's problems and import nothing")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="import the rows without problems even when others have some")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_import)  # --map gathers a list: no plain_options here


def cmd_import(args: argparse.Namespace) -> int:
    from sar_desk.services.register_import import (
        parse_choices,
        plan_import,
        read_sheet,
        run_import,
    )

    chosen = parse_choices(args.choices)
    sheet = read_sheet(args.file)
    with workspace_from_args(args) as ws:
        plan = plan_import(ws, sheet, chosen)
        result = None
        if not args.dry_run and (args.skip_bad_rows or not plan.bad):
            result = run_import(ws, plan, skip_bad_rows=args.skip_bad_rows)
    code = 2 if plan.bad else 0
    if args.json:
        print_json({
            "file": plan.source, "header_row": plan.header_line, "dry_run": args.dry_run,
            "columns": {plan.headers[i]: f for i, f in sorted(plan.mapping.items())},
            "date_order": dict(plan.orders),
            "rows": [{"row": r.line, "status": r.status, "problems": list(r.problems),
                      "existing": r.existing,
                      "reference": result.created.get(r.line, "") if result else ""}
                     for r in plan.rows],
            "imported": len(result.created) if result else 0,
        })
        return code
    for r in plan.rows:
        if r.status != "import":
            print(r.describe())
    if result is None:
        why = "a dry run" if args.dry_run else "rows have problems"
        print(f"{plan.source}: {len(plan.rows)} rows: {len(plan.to_import)} to import, "
              f"{len(plan.already)} already imported, {len(plan.bad)} with problems; "
              f"nothing imported ({why}).")
        if plan.bad and not args.dry_run:
            print("Put the rows right and import again, or give --skip-bad-rows to import "
                  "the others.")
        return code
    for line, ref in sorted(result.created.items()):
        print(f"row {line}: imported as {ref}")
    print(f"{plan.source}: imported {len(result.created)} case(s); "
          f"{len(result.already)} already imported, {len(result.skipped)} left out with "
          "problems.")
    return code
