"""``sar-desk my-work``: what is yours to do soon (cases due, approvals, chasers, complaints)."""

from __future__ import annotations

import argparse

from sar_desk.cli.common import count, print_json


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "my-work", parents=[common], help="your cases due soon, approvals, chasers, complaints",
        description="Your open cases due within N days (overdue first), letters awaiting "
        "your approval, clarification and identity requests unanswered for 14 days (each due "
        "a chaser letter) and complaints not yet acknowledged that you handle or that have "
        "no handler yet.")
    p.add_argument("--days", type=count(0, 366), default=7, metavar="N",
                   help="cases due within this many days (default: 7)")
    p.add_argument("--json", action="store_true", help="print the lists as JSON")
    p.set_defaults(func=run_my_work)


def run_my_work(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.my_work import my_work

    with workspace_from_args(args) as ws:
        work = my_work(ws, args.days)
    if args.json:
        print_json(work.to_json())
        return 0
    if not work.total:
        print(f"Nothing of yours falls due within {work.days} days.")
        return 0
    for title, lines in (
        (f"Cases due within {work.days} days",
         [f"{d.reference}  {d.requester}  due {d.due.isoformat()}  "
          + (f"{-d.days_left} days overdue" if d.days_left < 0 else f"in {d.days_left} days")
          for d in work.due]),
        ("Letters awaiting your approval",
         [f"{a.reference}  {a.requester}  letter {a.letter_id} ({a.kind}), asked by "
          f"{a.asked_by}" for a in work.approvals]),
        ("Unanswered for 14 days or more: send a chaser letter",
         [f"{c.reference}  {c.requester}  {c.asked} asked for on {c.asked_on.isoformat()} "
          f"({c.days} days)" for c in work.chasers]),
        ("Complaints to acknowledge",
         [f"{c.reference}  {c.complainant}  received {c.received.isoformat()}"
          + (f", acknowledge by {c.ack_due.isoformat()}" if c.ack_due else "")
          + ("" if c.handler else f"  ({c.handler_text})")
          for c in work.complaints]),
    ):
        if lines:
            print(f"{title}:")
            print("\n".join(f"  {line}" for line in lines))
    return 0
