"""``sar-desk approvals`` (the letters awaiting my approval) and ``sar-desk case responded``
(a response made outside the app)."""

from __future__ import annotations

import argparse
import dataclasses

from sar_desk.cli.common import iso_date, print_json
from sar_desk.cli.workspace_cmd import plain_options, workspace_from_args


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    text = ("list the letters, bundles and redacted sets awaiting my approval (a manager, or "
            "a privacy officer who did not write, build or redact them)")
    p = subparsers.add_parser("approvals", parents=[common], help=text, description=text)
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=plain_options(cmd_approvals))


def add_case_commands(add) -> None:  # noqa: ANN001 - case_cmd's subcommand adder
    """Add ``case responded`` to the ``case`` command."""
    p = add("responded", cmd_responded, "record a response made outside the app (by hand, by "
            "phone, through a portal...): how and when")
    p.add_argument("reference")
    p.add_argument("--method", required=True, metavar="TEXT", help="how it was made")
    p.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--note", default="", metavar="TEXT")


def cmd_approvals(args: argparse.Namespace) -> int:
    from sar_desk.services.signoff import awaiting_my_approval

    with workspace_from_args(args) as ws:
        pending = awaiting_my_approval(ws)
    if args.json:
        print_json([dataclasses.asdict(p) for p in pending])
        return 0
    if not pending:
        print("Nothing awaits your approval.")
        return 0
    for p in pending:
        print(f"{p.reference}  {p.label}  {p.kind:<22} asked by {p.asked_by} "
              f"{p.asked_at[:16].replace('T', ' ')}  {p.requester}")
    hints = {"letter": "a letter with 'sar-desk approve REF LETTER'",
             "bundle": "a bundle with 'sar-desk approve REF --bundle'",
             "redactions": "a redacted set with 'sar-desk redact approve REF'"}
    shown = [hints[w] for w in hints if any(p.what == w for p in pending)]
    print("\nApprove " + "; ".join(shown) + ".")
    return 0


def cmd_responded(args: argparse.Namespace) -> int:
    from sar_desk.services.closing import record_response_outside

    with workspace_from_args(args) as ws:
        snap = record_response_outside(ws, args.reference, args.method, args.date, args.note)
    if args.json:
        print_json({"reference": snap.reference, "status": snap.status.value,
                    "responded_on": args.date.isoformat(), "method": args.method.strip(),
                    "note": args.note.strip()})
    else:
        print(f"{snap.reference}: recorded the response made outside the app on {args.date} "
              f"({args.method.strip()}).")
    return 0
