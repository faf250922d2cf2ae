"""``sar-desk case ...``: create, list, show and change cases."""

from __future__ import annotations

import argparse
import dataclasses
from decimal import Decimal

from sar_desk.cli import correct_cmd, disclosure_cmd, documents_cmd, redact_cmd, signoff_cmd
from sar_desk.cli.common import address_text, iso_date, print_json
from sar_desk.cli.json_out import plain
from sar_desk.cli.workspace_cmd import (
    action_adder,
    read_passphrase,
    workspace_from_args,
)
from sar_desk.errors import InputError

CHANNELS = ("email", "post", "web", "phone", "in-person", "social")
EVENT_KINDS = ("id_requested", "id_received", "fee_requested", "fee_received",
               "clarification_requested", "clarification_received", "extended", "responded",
               "withdrawn", "closed", "exam_marks_requested", "exam_results_announced")

def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    case = subparsers.add_parser("case", parents=[common], help="create, list, show and change "
                                 "cases", description="Work with the cases of a workspace.")
    sub = case.add_subparsers(dest="case_command", metavar="ACTION")
    case.set_defaults(func=lambda a: (case.print_help(), 2)[1])

    add = action_adder(sub, common)

    p = add("new", cmd_new, "log a new request; prints its reference")
    p.add_argument("--requester", default=None, metavar="NAME")
    p.add_argument("--email", default="")
    p.add_argument("--address", default="", metavar="TEXT",
                   help="the postal address, its lines separated by newlines or '|' "
                        "(at most six lines)")
    p.add_argument("--phone", default="")
    p.add_argument("--subject", default=None, metavar="NAME",
                   help="the data subject, when someone asks on their behalf")
    p.add_argument("--authority", default="", metavar="TEXT",
                   help="evidence of the requester's authority to act for the subject")
    p.add_argument("--received", default=None, type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--from-email", default=None, metavar="FILE",
                   help="take the requester, received date and request text from a saved "
                        ".eml or Outlook .msg (the message is kept in the case); other options "
                        "override what the email says; asks before creating unless --yes")
    p.add_argument("--yes", action="store_true", help="with --from-email: create without asking")
    p.add_argument("--confirm-old-date", action="store_true",
                   help="with --from-email: take the message's date even when it is more "
                   "than a year old")
    p.add_argument("--channel", default="email", choices=CHANNELS)
    p.add_argument("--jurisdiction", default="uk-ew", metavar="uk-ew|uk-sct|uk-ni|eu|eu-XX")
    p.add_argument("--assignee", default="", metavar="NAME",
                   help="a user who may work cases (login or display name)")
    p.add_argument("--text", default="", metavar="TEXT", help="the request as received")
    p.add_argument("--exam-marks", action="store_true",
                   help="a request for exam marks made before the results are announced "
                   "(due on the earlier of 5 months and 40 days after the results)")
    p.add_argument("--exam-results", default=None, type=iso_date, metavar="YYYY-MM-DD",
                   help="with --exam-marks: the day the results are (or will be) announced")
    p.add_argument("--type", dest="types", action="append", metavar="RIGHT",
                   choices=("access", "rectification", "erasure", "restriction", "portability",
                            "objection"),
                   help="the right asked for (repeat for several; default access)")

    p = add("list", cmd_list, "list cases")
    p.add_argument("--status", default="open", choices=("open", "closed", "all"))
    p.add_argument("--search", default=None, metavar="TEXT",
                   help="full-text search on requester and reference")

    p = add("show", cmd_show, "show a case: due dates and how they were worked out, timeline, "
            "audit trail")
    p.add_argument("reference")
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("event", cmd_event, "record a timeline event")
    p.add_argument("reference")
    p.add_argument("kind", choices=EVENT_KINDS)
    p.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--note", default="", metavar="TEXT", help="reason or details (internal)")
    p.add_argument("--wording", default="", metavar="TEXT",
                   help="what a letter tells the requester (an extension's reasons, what "
                        "to clarify, which identity documents to send)")
    p.add_argument("--override", default="", metavar="REASON", help="responded or closed "
                   "although the checklist is not complete: the written reason (audited)")
    signoff_cmd.add_case_commands(add)

    p = add("exam-results", cmd_exam_results, "record the day the exam results are (or will "
            "be) announced, on a request for exam marks")
    p.add_argument("reference")
    p.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD",
                   help="the announcement day (it may be ahead of today)")
    p.add_argument("--note", default="", metavar="TEXT", help="where the date comes from")

    p = add("exemption", cmd_exemption, "apply a DPA 2018 exemption (code from the catalogue)")
    p.add_argument("reference", nargs="?")
    p.add_argument("code", nargs="?")
    p.add_argument("--note", default="", metavar="TEXT", help="the reasoning (internal)")
    p.add_argument("--scope", default="", metavar="TEXT", help="what it covers (internal)")
    p.add_argument("--wording", default="", metavar="TEXT",
                   help="what the final response tells the requester about it")
    p.add_argument("--list", action="store_true", help="list the exemption catalogue")
    correct_cmd.add_withdraw_options(p)

    p = add("decision", cmd_decision, "record a fee or refusal decision")
    p.add_argument("reference")
    p.add_argument("kind", choices=("fee", "refuse"))
    p.add_argument("--ground", required=True, choices=("unfounded", "excessive",
                                                        "further_copies"))
    p.add_argument("--reason", required=True, metavar="TEXT", help="the reasons (internal)")
    p.add_argument("--factors", default="", metavar="TEXT")
    p.add_argument("--wording", default="", metavar="TEXT",
                   help="the reasons as the letter tells the requester (a refusal, and a fee "
                        "for an unfounded or excessive request, need it)")
    p.add_argument("--amount", default=None, metavar="GBP")
    p.add_argument("--working", default="", metavar="TEXT", help="how the fee was worked out")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("attach", documents_cmd.cmd_attach, "store documents inside the case file: "
            "files, folders (recursively) and .zip archives, each e-mail's attachments too")
    p.add_argument("reference")
    p.add_argument("files", nargs="+", metavar="DIR_OR_FILE")
    p.add_argument("--status", default="undecided",
                   choices=("undecided", "disclose", "withhold", "partly"))
    p.add_argument("--exemption", default="", metavar="CODE")

    disclosure_cmd.register(add)
    redact_cmd.add_case_commands(add)
    documents_cmd.register(add)

    p = add("note", cmd_note, "add a note")
    p.add_argument("reference")
    p.add_argument("text")

    p = add("search-log", cmd_search_log, "log a search (systems, people, terms)")
    p.add_argument("reference")
    p.add_argument("--system", required=True, metavar="NAME")
    p.add_argument("--terms", required=True, metavar="TEXT")
    p.add_argument("--people", default="", metavar="TEXT")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("assign", cmd_assign, "assign a case to a user who may work cases")
    p.add_argument("reference")
    p.add_argument("assignee", metavar="NAME", help="their login or display name")

    correct_cmd.add_commands(add)

    p = add("export", cmd_export, "write a stand-alone copy of a case keyed by a passphrase "
            "(SQLCipher 4 defaults), for a solicitor or the regulator", json_flag=False)
    p.add_argument("reference")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--export-passphrase-file", default=None, metavar="FILE",
                   help="passphrase for the copy (default: --passphrase-file)")


# --- output helpers ---------------------------------------------------------------------


def _done(args: argparse.Namespace, snap, message: str) -> int:
    if getattr(args, "json", False):
        print_json(plain(snap))
    else:
        print(message)
    return 0


# --- handlers ---------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from sar_desk.core.entities import Channel, Person, RequestType
    from sar_desk.services.cases import NewCase, create_case

    address = address_text(args.address)
    if args.from_email is not None:
        return _new_from_email(args, address)
    if args.requester is None or args.received is None:
        raise InputError("give --requester NAME and --received YYYY-MM-DD, "
                         "or --from-email FILE")
    new = NewCase(
        requester=Person(args.requester.strip(), args.email.strip(), address, args.phone),
        subject=Person(args.subject.strip()) if args.subject is not None else None,
        received=args.received, channel=Channel(args.channel), jurisdiction=args.jurisdiction,
        request_text=args.text, assignee=args.assignee, authority_evidence=args.authority,
        request_types=tuple(RequestType(t) for t in dict.fromkeys(args.types or ["access"])),
        exam_marks=args.exam_marks or args.exam_results is not None,
        exam_results=args.exam_results)
    with workspace_from_args(args) as ws:
        snap = create_case(ws, new)
    if args.json:
        print_json(plain(snap))
        return 0
    print(snap.reference)
    repeat = snap.extra.get("possible_repeat_of")
    if repeat:
        print(f"Possible repeat request: the same requester asked in {repeat}.")
    return 0


def _new_from_email(args: argparse.Namespace, address: str) -> int:
    """``case new --from-email FILE``: a draft from the message, confirmed before saving."""
    import sys

    from sar_desk.core.entities import Channel, Person, RequestType
    from sar_desk.services.cases import create_case
    from sar_desk.services.intake import draft_from_email

    new = draft_from_email(args.from_email, jurisdiction=args.jurisdiction,
                           assignee=args.assignee, today=args.clock.today(),
                           received=args.received, confirm_old=args.confirm_old_date)
    given = new.requester
    new = dataclasses.replace(
        new,
        requester=Person((args.requester or given.name).strip(),
                         (args.email or given.email).strip(),
                         address or given.address, args.phone or given.phone),
        subject=Person(args.subject.strip()) if args.subject is not None else None,
        received=args.received or new.received,
        channel=Channel(args.channel),
        request_text=args.text or new.request_text,
        authority_evidence=args.authority,
        request_types=tuple(RequestType(t) for t in dict.fromkeys(args.types or ["access"])),
        exam_marks=args.exam_marks or args.exam_results is not None,
        exam_results=args.exam_results)
    if not args.yes:
        print(f"Requester: {new.requester.name or '(none: give --requester)'}"
              f"{f' <{new.requester.email}>' if new.requester.email else ''}\n"
              f"Received:  {new.received.isoformat()}\n"
              f"Request:   {new.request_text[:300]}", file=sys.stderr)
        if not sys.stdin.isatty():
            raise InputError("check the draft above, then run again with --yes to create the "
                             "case (nothing was created)")
        if input("Create this case? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was created.", file=sys.stderr)
            return 1
    with workspace_from_args(args) as ws:
        snap = create_case(ws, new)
    if args.json:
        print_json(plain(snap))
    else:
        print(snap.reference)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from sar_desk.services.case_list import list_cases  # the registry only: no ORM to load
    from sar_desk.store.registry_rows import bulk_allocation

    with workspace_from_args(args, read_only=True) as ws:
        rows = list_cases(ws, status=args.status, search=args.search)
    if args.json:
        with bulk_allocation():  # 100,000 rows of plain values hold no reference cycles
            data = plain(rows)
        print_json(data)
        return 0
    if not rows:
        print("No cases.")
        return 0
    for r in rows:
        due = (r.extended_due or r.due).isoformat() if (r.extended_due or r.due) else "-"
        flags = (" DAMAGED" if r.damaged else "") + (" paused" if r.paused else "") + (
            f" repeat-of:{r.possible_repeat_of}" if r.possible_repeat_of else "")
        print(f"{r.reference}  {r.status.value:<9} received {r.received.isoformat()}  "
              f"due {due}  {r.assignee or '-':<14} {r.requester_name}{flags}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from sar_desk.cli.case_show import checklist_lines, render_case
    from sar_desk.core.closing_rules import overrides
    from sar_desk.core.rights_rules import checklist
    from sar_desk.services.cases import audit_trail, deadline_for, get_case
    from sar_desk.services.complaints import complaints_about
    from sar_desk.services.rights import recipients_for
    from sar_desk.services.signoff import letter_statuses

    with workspace_from_args(args) as ws:
        snap = get_case(ws, args.reference)
        about = complaints_about(ws, snap.reference)
        # Staff get the letter-printing view: no audit trail, no rights checklist.
        trail = [] if snap.redacted else audit_trail(ws, snap.reference)
        items = () if snap.redacted else checklist(
            snap.request_types, snap.rights, recipients_for(ws, strict=False))
        statuses = letter_statuses(ws, snap.reference)
    try:
        deadline = deadline_for(snap, as_of=args.as_of or ws.clock.today())
    except InputError as exc:
        deadline, problem = None, str(exc)
    else:
        problem = ""
    if args.json:
        data = plain(snap)
        for document in data.get("documents") or []:
            document["number"] = document["id"]  # DOC_NO in the commands (numbered_documents)
        data["deadline"] = deadline.to_json() if deadline else None
        data["audit"] = plain(trail)
        data["checklist"] = plain(list(items))
        data["letter_statuses"] = {str(k): v.value for k, v in statuses.items()}
        data["overrides"] = plain(overrides(snap))
        data["complaints"] = [c.reference for c in about]
        print_json(data)
        return 0
    print(render_case(snap, deadline, trail, problem, statuses))
    if about:
        print("\nComplaints about this case:\n" + "\n".join(
            f"  {c.reference}  {c.status.value}  received {c.received.isoformat()}"
            for c in about))
    if not snap.redacted:
        print("\nChecklist:\n" + "\n".join(f"  {line}" for line in checklist_lines(items)))
    return 0


def cmd_event(args: argparse.Namespace) -> int:
    from sar_desk.core.input_rules import event_note_reason
    from sar_desk.services.cases import record_event

    if reason := event_note_reason(args.kind, args.note):
        raise InputError(f"{reason} Use --note TEXT: a pause or an extension must "
                         "record why (never on a blanket basis).")
    with workspace_from_args(args) as ws:
        snap = record_event(ws, args.reference, args.kind, args.date, args.note,
                            override=args.override, wording=args.wording)
    return _done(args, snap, f"{snap.reference}: recorded {args.kind} on {args.date}.")


def cmd_exam_results(args: argparse.Namespace) -> int:
    from sar_desk.services.cases import record_exam_results

    with workspace_from_args(args) as ws:
        snap = record_exam_results(ws, args.reference, args.date, args.note)
    return _done(args, snap, f"{snap.reference}: exam results announced on {args.date}.")


def cmd_exemption(args: argparse.Namespace) -> int:
    from sar_desk.core.exemptions import CATALOGUE
    from sar_desk.services.cases import apply_exemption

    if args.list:
        if args.json:
            print_json(plain(list(CATALOGUE)))
        for e in CATALOGUE if not args.json else ():
            kind = "prejudice test" if e.prejudice else "class exemption"
            print(f"{e.code:<32} {e.reference:<30} {e.title} ({kind})")
        return 0
    if args.withdraw is not None:
        return correct_cmd.withdraw_exemption(args)
    if not args.reference or not args.code:
        raise InputError("Give the case reference and the exemption code "
                         "('sar-desk case exemption --list' shows the codes).")
    with workspace_from_args(args) as ws:
        snap = apply_exemption(ws, args.reference, args.code, args.note, args.scope,
                               wording=args.wording)
    return _done(args, snap, f"{snap.reference}: applied exemption {args.code}.")


def cmd_decision(args: argparse.Namespace) -> int:
    from sar_desk.core.entities import Decision, DecisionGround, DecisionKind
    from sar_desk.services.cases import record_decision

    amount = None
    if args.amount is not None:
        try:
            amount = Decimal(args.amount.replace("£", "").replace(",", "").strip())
        except ArithmeticError:
            raise InputError(f"The amount {args.amount!r} is not a sum of money.") from None
    decision = Decision(kind=DecisionKind(args.kind), ground=DecisionGround(args.ground),
                        reasons=args.reason, factors=args.factors, amount=amount,
                        working=args.working, decided_on=args.date, wording=args.wording)
    with workspace_from_args(args) as ws:
        snap = record_decision(ws, args.reference, decision)
    return _done(args, snap, f"{snap.reference}: recorded the {args.kind} decision.")


def cmd_note(args: argparse.Namespace) -> int:
    from sar_desk.services.cases import add_note

    with workspace_from_args(args) as ws:
        snap = add_note(ws, args.reference, args.text)
    return _done(args, snap, f"{snap.reference}: note added.")


def cmd_search_log(args: argparse.Namespace) -> int:
    from sar_desk.services.cases import add_search_log

    with workspace_from_args(args) as ws:
        snap = add_search_log(ws, args.reference, args.system, args.terms, args.people,
                              on=args.date)
    return _done(args, snap, f"{snap.reference}: search of {args.system} logged.")


def cmd_assign(args: argparse.Namespace) -> int:
    from sar_desk.services.cases import assign_case

    with workspace_from_args(args) as ws:
        snap = assign_case(ws, args.reference, args.assignee)
    return _done(args, snap, f"{snap.reference}: assigned to {snap.assignee or 'nobody'}.")


def cmd_export(args: argparse.Namespace) -> int:
    from sar_desk.services.cases import export_case

    name = args.export_passphrase_file or getattr(args, "passphrase_file", None)
    if not name:
        raise InputError("Give the passphrase for the copy with --passphrase-file FILE.")
    passphrase = read_passphrase(argparse.Namespace(passphrase_file=name))
    with workspace_from_args(args) as ws:
        out = export_case(ws, args.reference, args.out, passphrase)
    print(f"Wrote {out}: a stand-alone SQLCipher 4 copy, opened with the passphrase only.")
    return 0
