"""``sar-desk rights ...``: checklists, outcomes, recipients told, portability exports and
Art. 19 notices for the rights beyond access (rectification, erasure, restriction,
portability, objection)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sar_desk.cli.common import iso_date, print_json, record_id
from sar_desk.cli.workspace_cmd import action_adder

RIGHTS = ("access", "rectification", "erasure", "restriction", "portability", "objection")
ACTIONS = ("corrected", "erased", "exception", "restricted", "lifted", "transmitted",
           "marketing-stopped", "processing-stopped", "balancing-test")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    top = subparsers.add_parser(
        "rights", parents=[common], help="checklists and outcomes of rectification, erasure, "
        "restriction, portability and objection requests",
        description="Record what was done for each right a request exercises, its outcome, "
        "the recipients told (Art. 19), portability exports and notices to recipients.")
    sub = top.add_subparsers(dest="rights_command", metavar="ACTION")
    top.set_defaults(func=lambda a: (top.print_help(), 2)[1])

    add = action_adder(sub, common, plain=False)

    p = add("checklist", cmd_checklist, "show the checklist of every right a case asks for")
    p.add_argument("reference")

    p = add("add", cmd_add, "add a right the request also exercises")
    p.add_argument("reference")
    p.add_argument("right", choices=RIGHTS)

    p = add("action", cmd_action, "add a line to a right's checklist (who and when are "
            "recorded); --open for something still to do, such as a system to erase")
    p.add_argument("reference")
    p.add_argument("right", choices=RIGHTS)
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("--system", default="", metavar="NAME", help="the system concerned")
    p.add_argument("--detail", default="", metavar="TEXT",
                   help="what changed / what was restricted / the balancing test")
    p.add_argument("--code", default="", metavar="CODE",
                   help="Art. 17(3) exception code ('sar-desk rights exceptions')")
    p.add_argument("--reason", default="", metavar="TEXT", help="why the exception applies")
    p.add_argument("--lifts", default="", metavar="TEXT",
                   help="when or on what condition a restriction lifts")
    p.add_argument("--open", action="store_true", help="still to do (not done yet)")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("done", cmd_done, "mark an open checklist line done")
    p.add_argument("reference")
    p.add_argument("line", type=record_id("checklist line"), metavar="LINE",
                   help="the checklist line number")
    p.add_argument("--reason", default=None, metavar="TEXT", help="reason for an exception")
    p.add_argument("--detail", default=None, metavar="TEXT")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("outcome", cmd_outcome, "record the outcome of one right")
    p.add_argument("reference")
    p.add_argument("right", choices=RIGHTS)
    p.add_argument("result", choices=("complied", "partly", "refused"))
    p.add_argument("--reason", default="", metavar="TEXT",
                   help="reasons for refusing (all or part); stated in the letter")
    p.add_argument("--basis", default=None, choices=("direct-marketing", "balancing"),
                   help="objections: direct marketing (absolute) or the balancing test")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("told", cmd_told, "record whether a recipient of the data was told (Art. 19)")
    p.add_argument("reference")
    p.add_argument("right", choices=("rectification", "erasure", "restriction"))
    p.add_argument("recipient", help="its number in 'sar-desk rights recipients', or a name")
    p.add_argument("--method", default="", metavar="HOW", help="email, letter, portal...")
    p.add_argument("--not-told", action="store_true",
                   help="not told (give the reason with --note)")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument("--date", type=iso_date, default=None, metavar="YYYY-MM-DD")

    p = add("export", cmd_export, "make the portability export (JSON and CSV) of the "
            "documents the person provided, or write a stored one with --id")
    p.add_argument("reference")
    p.add_argument("--documents", type=record_id("document"), nargs="+", default=None, metavar="ID",
                   help="the attached documents the person provided")
    p.add_argument("--id", type=record_id("export"), default=None, metavar="N",
                   help="a stored export")
    p.add_argument("--out", default=None, metavar="DIR", help="write the two files here")

    p = add("notice", cmd_notice, "write the Art. 19 notice to one recipient", json_flag=False)
    p.add_argument("reference")
    p.add_argument("right", choices=("rectification", "erasure", "restriction"))
    p.add_argument("recipient", help="its number in 'sar-desk rights recipients', or a name")
    p.add_argument("--format", dest="fmt", choices=("pdf", "docx"), default="pdf")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--address", default="", metavar="TEXT",
                   help="the recipient's address, lines separated by newlines")
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD")

    add("exceptions", cmd_exceptions, "list the Art. 17(3) erasure exceptions")
    add("recipients", cmd_recipients, "list the recipients named in the organisation profile")


def _plain(value: Any) -> Any:
    from sar_desk.cli.json_out import plain

    return plain(value)


def cmd_checklist(args: argparse.Namespace) -> int:
    from sar_desk.cli.case_show import checklist_lines
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.rights import checklist

    with workspace_from_args(args, read_only=True) as ws:
        items = checklist(ws, args.reference)
    if args.json:
        print_json(_plain(list(items)))
    else:
        print("\n".join(checklist_lines(items)))
    return 0


def _done(args: argparse.Namespace, value: Any, message: str) -> int:
    if getattr(args, "json", False):
        print_json(_plain(value))
    else:
        print(message)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.rights import add_right

    with workspace_from_args(args) as ws:
        snap = add_right(ws, args.reference, args.right)
    types = ", ".join(t.value for t in snap.request_types)
    return _done(args, snap, f"{snap.reference}: now asks for {types}.")


def cmd_action(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.rights import record_action

    with workspace_from_args(args) as ws:
        action = record_action(
            ws, args.reference, args.right, args.action, system=args.system,
            detail=args.detail, code=args.code, reason=args.reason, lifts=args.lifts,
            done=not args.open, on=args.date)
    state = "to do" if not action.done else "done"
    return _done(args, action, f"Checklist line {action.id} ({state}): {action.text()}")


def cmd_done(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.rights import complete_action

    with workspace_from_args(args) as ws:
        action = complete_action(ws, args.reference, args.line, on=args.date,
                                 reason=args.reason, detail=args.detail)
    return _done(args, action, f"Checklist line {action.id} done: {action.text()}")


def cmd_outcome(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.rights import set_outcome

    with workspace_from_args(args) as ws:
        snap = set_outcome(ws, args.reference, args.right, args.result, args.reason,
                           basis=args.basis, on=args.date)
    return _done(args, snap, f"{snap.reference}: {args.right} outcome recorded "
                 f"({args.result}).")


def cmd_told(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.rights import record_recipient_told

    with workspace_from_args(args) as ws:
        snap = record_recipient_told(ws, args.reference, args.right, args.recipient,
                                     told=not args.not_told, on=args.date, method=args.method,
                                     note=args.note)
    what = "not told" if args.not_told else "told"
    return _done(args, snap, f"{snap.reference}: recipient {args.recipient} recorded as {what}.")


def cmd_export(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.errors import InputError
    from sar_desk.services.rights import build_portability_export, write_export

    if (args.documents is None) == (args.id is None):
        raise InputError("Give either --documents ID... (make a new export) or --id N "
                         "(write a stored one).")
    if args.id is not None and not args.out:
        raise InputError("Say where to write the export files (--out DIR).")
    with workspace_from_args(args) as ws:
        export = None
        if args.documents is not None:
            export = build_portability_export(ws, args.reference, args.documents)
        export_id = export.id if export else args.id
        written = write_export(ws, args.reference, export_id, args.out) if args.out else []
    if args.json:
        print_json({"export": _plain(export), "written": [str(p) for p in written]})
        return 0
    if export:
        print(f"Portability export {export.id} stored in the case "
              f"(JSON sha256 {export.json_sha256[:16]}..., CSV sha256 "
              f"{export.csv_sha256[:16]}...).")
    for path in written:
        print(f"Wrote {path}")
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    from sar_desk.cli.letter_cmd import save_letter
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.letters import generate_recipient_notice
    from sar_desk.store.outfile import check_out

    address = tuple(args.address.replace("\\n", "\n").splitlines())
    with workspace_from_args(args) as ws:
        check_out(args.out, workspace=ws.path, what="the notice")
        info, data = generate_recipient_notice(ws, args.reference, args.right, args.recipient,
                                               args.fmt, address=address, as_of=args.as_of)
    save_letter(Path(args.out), data, ws.path)
    print(f"Wrote the Art. 19 notice to {args.out} (stored as letter {info.id}).")
    return 0


def cmd_exceptions(args: argparse.Namespace) -> int:
    from sar_desk.core.rights import CATALOGUE

    if args.json:
        print_json(_plain(list(CATALOGUE)))
        return 0
    for e in CATALOGUE:
        print(f"{e.code:<20} {e.reference:<24} {e.title}")
    return 0


def cmd_recipients(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.rights import recipients_for

    with workspace_from_args(args, read_only=True) as ws:
        names = recipients_for(ws)
    if args.json:
        print_json(list(names))
        return 0
    for n, name in enumerate(names, start=1):
        print(f"{n}. {name}")
    return 0
