"""``sar-desk complaint ...``: log, work, close and list data protection complaints."""

from __future__ import annotations

import argparse

from sar_desk.cli.common import iso_date, print_json
from sar_desk.cli.workspace_cmd import action_adder, workspace_from_args
from sar_desk.core.complaint_handler import handler_text

CHANNELS = ("email", "post", "web", "phone", "in-person", "social")
EVENTS = ("acknowledged", "update_sent", "outcome_sent", "ico_contacted")
OUTCOMES = ("upheld", "partly", "not-upheld")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    top = subparsers.add_parser(
        "complaint", parents=[common], help="log and work data protection complaints",
        description="Data protection complaints (DPA 2018 s.164A): acknowledge within 30 "
        "days, answer every issue, tell the complainant the outcome.")
    sub = top.add_subparsers(dest="complaint_command", metavar="ACTION")
    top.set_defaults(func=lambda a: (top.print_help(), 2)[1])

    add = action_adder(sub, common)

    p = add("new", cmd_new, "log a complaint; prints its reference and acknowledgement date")
    p.add_argument("--complainant", required=True, metavar="NAME")
    p.add_argument("--received", required=True, type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--case", default="", metavar="REF", help="the SAR case it is about")
    p.add_argument("--channel", default="email", choices=CHANNELS,
                   help="how it arrived (social: made on social media)")
    p.add_argument("--summary", default="", metavar="TEXT", help="what the complaint says")
    p.add_argument("--email", default="")
    p.add_argument("--address", default="", metavar="TEXT", help="lines separated by newlines")
    p.add_argument("--jurisdiction", default="", metavar="uk-ew|uk-sct|uk-ni|eu|eu-XX",
                   help="the calendar (default: the linked case's, else uk-ew)")
    p.add_argument("--handler", default=None, metavar="LOGIN",
                   help="the privacy officer who handles it (default: you, if you may "
                   "handle complaints; \"\" for nobody yet)")

    p = add("list", cmd_list, "list complaints")
    p.add_argument("--status", default="all", choices=("open", "closed", "all"))
    p.add_argument("--case", default="", metavar="REF", help="only those about this case")
    p.add_argument("--mine", action="store_true", help="only the complaints you handle")

    p = add("assign", cmd_assign, "give a complaint to a privacy officer to handle")
    p.add_argument("reference")
    p.add_argument("handler", metavar="LOGIN", help="their login (or display name)")

    p = add("show", cmd_show, "show a complaint: acknowledgement date and how it was worked "
            "out, issues and outcomes, events")
    p.add_argument("reference")

    p = add("event", cmd_event, "record an acknowledgement, a progress update sent, the "
            "outcome sent, or later contact from the ICO")
    p.add_argument("reference")
    p.add_argument("kind", choices=EVENTS)
    p.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--note", default="", metavar="TEXT")

    p = add("issue", cmd_issue, "record an issue the complainant raised, or the enquiries "
            "made into one")
    p.add_argument("reference")
    p.add_argument("--add", default=None, metavar="TEXT", help="the issue, in brief")
    p.add_argument("--enquiries", nargs=2, default=None, metavar=("ISSUE_NO", "TEXT"),
                   help="the enquiries made into issue ISSUE_NO")

    p = add("outcome", cmd_outcome, "record the outcome of one issue")
    p.add_argument("reference")
    p.add_argument("issue", type=int, metavar="ISSUE_NO")
    p.add_argument("outcome", choices=OUTCOMES)
    p.add_argument("--reason", required=True, metavar="TEXT",
                   help="the reason, worded for the complainant")
    p.add_argument("--remedy", default="", metavar="TEXT", help="what will be put right")
    p.add_argument("--enquiries", default="", metavar="TEXT", help="the enquiries made")

    p = add("note", cmd_note, "add an internal note (never printed in a letter)")
    p.add_argument("reference")
    p.add_argument("text")

    p = add("close", cmd_close, "close a complaint (every issue needs an outcome)")
    p.add_argument("reference")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("ready", cmd_ready, "mark a complaint ready for staff to print its letters")
    p.add_argument("reference")
    p.add_argument("--withdraw", action="store_true", help="no longer ready")

    p = add("letter", cmd_letter, "write a complaint letter (PDF or DOCX) and keep a copy in "
            "the complaint", json_flag=False)
    p.add_argument("reference")
    p.add_argument("kind", choices=("acknowledgement", "update", "outcome"))
    p.add_argument("--format", default="pdf", choices=("pdf", "docx"))
    p.add_argument("--out", required=True, metavar="FILE")


def _print_view(args: argparse.Namespace, view) -> int:
    if args.json:
        print_json(view.to_json())
        return 0
    for line in render(view):
        print(line)
    return 0


def render(view) -> list[str]:
    """The complaint as text lines (``complaint show``)."""
    c, clock = view.complaint, view.clock
    lines = [f"{c.reference}  {c.status.value}  {c.complainant.name}",
             f"Received {c.received.isoformat()} by {c.channel.value}"
             + (f"; about case {c.case_ref}" if c.case_ref else ""),
             f"Handler: {handler_text(c.handler)}",
             f"Acknowledgement due: {clock.ack_due.isoformat()} ({clock.state()})",
             f"Outcome target (internal, not a legal deadline): {clock.target.isoformat()}"]
    if clock.next_update:
        lines.append(f"Next progress update suggested by {clock.next_update.isoformat()}")
    if c.summary:
        lines += ["", "Summary:", f"  {c.summary}"]
    lines += ["", "How the acknowledgement date was worked out:"]
    lines += [f"  {line}" for line in clock.explanation]
    lines += ["", "Issues:" if c.issues else "Issues: none recorded yet"]
    for i in c.issues:
        outcome = i.outcome.value if i.outcome else "no outcome yet"
        lines.append(f"  {i.number}. {i.text} [{outcome}]")
        if i.enquiries:
            lines.append(f"     enquiries: {i.enquiries}")
        if i.reason:
            lines.append(f"     reason: {i.reason}")
        if i.remedy:
            lines.append(f"     remedy: {i.remedy}")
    if c.events:
        lines += ["", "Events:"] + [f"  {e.date.isoformat()}  {e.kind.value}"
                                    + (f"  {e.note}" if e.note else "") for e in c.events]
    lines.append(f"ICO and court rights stated: {'yes' if c.ico_rights_stated else 'no'}")
    if c.notes:
        lines += ["", "Internal notes:"] + [f"  - {n}" for n in c.notes]
    return lines


def cmd_new(args: argparse.Namespace) -> int:
    from sar_desk.core.entities import Person
    from sar_desk.services.complaints import NewComplaint, create_complaint

    new = NewComplaint(
        complainant=Person(args.complainant.strip(), args.email.strip(),
                           args.address.replace("\\n", "\n")),
        received=args.received, case_ref=args.case, channel=args.channel,
        summary=args.summary, jurisdiction=args.jurisdiction, handler=args.handler)
    with workspace_from_args(args) as ws:
        view = create_complaint(ws, new)
    if args.json:
        print_json(view.to_json())
    else:
        print(f"{view.complaint.reference}  acknowledgement due "
              f"{view.clock.ack_due.isoformat()}  handler: "
              f"{handler_text(view.complaint.handler)}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import list_complaints

    with workspace_from_args(args, read_only=True) as ws:
        rows = list_complaints(ws, status=args.status, case_ref=_case_ref(args.case),
                               mine=args.mine)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print("No complaints you handle." if args.mine else "No complaints.")
        return 0
    for r in rows:
        ack = r.acknowledged.isoformat() if r.acknowledged else "-"
        print(f"{r.reference}  {r.status.value:<6} received {r.received.isoformat()}  ack due "
              f"{r.ack_due.isoformat() if r.ack_due else '-'}  acknowledged {ack:<10}  "
              f"{r.case_ref or '-':<13} {handler_text(r.handler):<12} {r.complainant}")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import assign_complaint

    with workspace_from_args(args) as ws:
        view = assign_complaint(ws, args.reference, args.handler)
    if args.json:
        return _print_view(args, view)
    print(f"{view.complaint.reference}: handled by {view.complaint.handler}.")
    return 0


def _case_ref(text: str) -> str:
    if not text:
        return ""
    from sar_desk.services.case_base import normalise_reference

    return normalise_reference(text)


def cmd_show(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import get_complaint

    with workspace_from_args(args) as ws:
        view = get_complaint(ws, args.reference)
    return _print_view(args, view)


def cmd_event(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import record_complaint_event

    with workspace_from_args(args) as ws:
        view = record_complaint_event(ws, args.reference, args.kind, args.date, args.note)
    if args.json:
        return _print_view(args, view)
    print(f"{view.complaint.reference}: {args.kind} on {args.date.isoformat()} recorded.")
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    from sar_desk.errors import InputError
    from sar_desk.services.complaints import add_issue, record_enquiries

    if args.add is None and args.enquiries is None:
        raise InputError("give --add TEXT (a new issue) or --enquiries ISSUE_NO TEXT")
    with workspace_from_args(args) as ws:
        if args.add is not None:
            number, view = add_issue(ws, args.reference, args.add)
            message = f"{view.complaint.reference}: issue {number} recorded."
        else:
            raw, text = args.enquiries
            if not raw.strip().isdigit():
                raise InputError(f"{raw!r} is not an issue number (1, 2, ...)")
            view = record_enquiries(ws, args.reference, int(raw), text)
            message = f"{view.complaint.reference}: enquiries into issue {raw} recorded."
    if args.json:
        return _print_view(args, view)
    print(message)
    return 0


def cmd_outcome(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import record_outcome

    with workspace_from_args(args) as ws:
        view = record_outcome(ws, args.reference, args.issue, args.outcome, args.reason,
                              remedy=args.remedy, enquiries=args.enquiries)
    if args.json:
        return _print_view(args, view)
    print(f"{view.complaint.reference}: issue {args.issue} {args.outcome}.")
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import add_complaint_note

    with workspace_from_args(args) as ws:
        view = add_complaint_note(ws, args.reference, args.text)
    if args.json:
        return _print_view(args, view)
    print(f"{view.complaint.reference}: note added.")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import close_complaint

    with workspace_from_args(args) as ws:
        view = close_complaint(ws, args.reference, on=args.date)
    if args.json:
        return _print_view(args, view)
    print(f"{view.complaint.reference} closed.")
    return 0


def cmd_ready(args: argparse.Namespace) -> int:
    from sar_desk.services.complaints import complaint_reference, mark_complaint_ready

    with workspace_from_args(args) as ws:
        ref = complaint_reference(args.reference)
        mark_complaint_ready(ws, ref, not args.withdraw)
    print(f"{ref}: {'no longer ready' if args.withdraw else 'ready'} for staff.")
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sar_desk.cli.letter_cmd import save_letter
    from sar_desk.services.complaint_letters import generate_complaint_letter

    with workspace_from_args(args) as ws:
        data = generate_complaint_letter(ws, args.reference, args.kind, args.format)
    save_letter(Path(args.out), data)
    print(f"{args.kind} letter for {args.reference} saved to {args.out}")
    return 0
