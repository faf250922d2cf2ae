"""``sar-desk redact ...``: find, review, apply, verify and approve redactions, and export
the redaction log; ``sar-desk case export-document`` writes a document or its redacted copy."""

from __future__ import annotations

import argparse
from pathlib import Path

from sar_desk.cli.common import print_json
from sar_desk.cli.json_out import plain
from sar_desk.cli.workspace_cmd import action_adder, workspace_from_args
from sar_desk.errors import InputError

PATTERN_NAMES = ("email", "uk-phone", "ni-number", "nhs-number", "postcode", "bank-account")
DOC_HELP = "the document's number in 'case show' (1, 2, ... in the order added)"


def _rect(text: str) -> tuple[float, float, float, float]:
    try:
        values = tuple(float(v) for v in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise argparse.ArgumentTypeError("give the box as x0,y0,x1,y1 in PDF points")
    return values  # type: ignore[return-value]


def _target(p: argparse.ArgumentParser) -> None:
    p.add_argument("reference", metavar="REF")
    p.add_argument("number", type=int, metavar="DOC_NO", help=DOC_HELP)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("redact", parents=[common], help="find, review, apply and "
                                  "verify redactions of a case's PDF documents",
                                  description="Redact the documents of a case.")
    sub = group.add_subparsers(dest="redact_command", metavar="ACTION")
    group.set_defaults(func=lambda a: (group.print_help(), 2)[1])
    add = action_adder(sub, common)

    p = add("propose", cmd_propose, "search a document and propose marks (nothing is applied "
            "until accepted)")
    _target(p)
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--term", metavar="TEXT", help="whole words, any case")
    how.add_argument("--regex", metavar="RE", help="a regular expression")
    how.add_argument("--pattern", choices=PATTERN_NAMES, metavar="NAME",
                     help=f"one of {', '.join(PATTERN_NAMES)}")
    how.add_argument("--parties", action="store_true",
                     help="the case's third parties and staff directory")
    p.add_argument("--reason", required=True, metavar="CODE", help="an exemption code")
    p.add_argument("--note", default="", metavar="TEXT")

    p = add("mark", cmd_mark, "propose a mark drawn by hand: a box on a page")
    _target(p)
    p.add_argument("--page", required=True, type=int, metavar="P")
    p.add_argument("--rect", required=True, type=_rect, metavar="x0,y0,x1,y1",
                   help="in PDF points from the top left corner of the page")
    p.add_argument("--reason", required=True, metavar="CODE", help="an exemption code")
    p.add_argument("--note", default="", metavar="TEXT")

    p = add("list", cmd_list, "list a document's marks")
    _target(p)

    for name, text in (("accept", "accept marks"), ("reject", "reject marks")):
        p = add(name, cmd_decide, f"{text} (by number, or every proposed one)")
        _target(p)
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every mark still proposed")
        which.add_argument("marks", nargs="*", default=[], metavar="MARK_NO")
        p.set_defaults(state="accepted" if name == "accept" else "rejected")

    p = add("apply", cmd_apply, "make the redacted copy from the accepted marks (the original "
            "is kept as it is)")
    _target(p)
    p = add("verify", cmd_verify, "check the redacted copy: nothing marked is left, one "
            "revision, no metadata")
    _target(p)
    p = add("approve", cmd_approve, "approve the case's redacted copies (a manager or a second "
            "privacy officer)")
    p.add_argument("reference", metavar="REF")

    p = add("log", cmd_log, "write the redaction log", json_flag=False)
    p.add_argument("reference", metavar="REF")
    p.add_argument("--format", required=True, choices=("csv", "xlsx", "pdf"))
    p.add_argument("--out", required=True, metavar="FILE")

    p = add("parties", cmd_parties, "list or add the case's third parties (people named who "
            "are not the requester)")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--add", nargs="+", default=[], dest="names", metavar="NAME")
    p.add_argument("--directory", metavar="CSV", help="import a staff directory (CSV with a "
                   "'name' column)")


def add_case_commands(add) -> None:  # noqa: ANN001 - case_cmd's subcommand adder
    """Add ``case export-document`` to the ``case`` command."""
    p = add("export-document", cmd_export_document, "write a document (or its verified "
            "redacted copy) to a file", json_flag=False)
    _target(p)
    p.add_argument("--redacted", action="store_true", help="the verified redacted copy")
    p.add_argument("--out", required=True, metavar="FILE")


def _mark_json(m) -> dict:  # noqa: ANN001 - a Mark
    data = plain(m)
    data.pop("id", None)
    data.pop("document_id", None)
    return data


def cmd_propose(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    with workspace_from_args(args) as ws:
        done = redaction.propose(ws, args.reference, args.number, reason=args.reason,
                                 term=args.term, regex=args.regex, pattern=args.pattern,
                                 parties=args.parties, note=args.note)
    if args.json:
        print_json(plain(done))
        return 0
    print(f"Found {done.found} place(s); proposed {done.added} new mark(s) on document "
          f"{args.number}. Review them with 'sar-desk redact list'.")
    if done.unread_pages:
        print(f"Pages {', '.join(map(str, done.unread_pages))} are scans that could not be "
              "read (Tesseract's language data is not installed); mark them by hand with "
              "'sar-desk redact mark'.")
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    with workspace_from_args(args) as ws:
        mark = redaction.draw(ws, args.reference, args.number, args.page, args.rect,
                              args.reason, note=args.note)
    if args.json:
        print_json(_mark_json(mark))
    else:
        print(f"Proposed mark {mark.number} on page {mark.page} of document {args.number}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    with workspace_from_args(args) as ws:
        marks = redaction.marks_of(ws, args.reference, args.number)
        copy = redaction.copy_of(ws, args.reference, args.number)
    if args.json:
        print_json({"marks": [_mark_json(m) for m in marks],
                    "copy": plain(copy) if copy else None})
        return 0
    if not marks:
        print(f"Document {args.number} has no marks.")
    for m in marks:
        text = f"  {m.text[:40]!r}" if m.text else ""
        print(f"{m.number:>3}  page {m.page:<3} {m.state.value:<9} {m.reason:<14} "
              f"{m.source.value:<9} {m.made_by}{text}")
    if copy:
        print(f"Redacted copy: sha256 {copy.sha256[:16]}..., verification "
              f"{copy.verified or 'not run'}.")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    given = [] if args.marks in ("--", "", []) else str(args.marks).split()
    if not args.all and not given:
        raise InputError("Name the marks by number, or choose all the proposed ones.",
                         code="redaction.which")
    if not all(n.isdigit() for n in given):
        raise InputError(f"Marks are named by their numbers (1, 2, ...), not {args.marks!r}.",
                         code="redaction.which")
    with workspace_from_args(args) as ws:
        changed = redaction.decide(ws, args.reference, args.number,
                                   None if args.all else [int(n) for n in given], args.state)
    if args.json:
        print_json({"changed": changed, "state": args.state})
    else:
        print(f"{changed} mark(s) of document {args.number} {args.state}.")
    return 0


def cmd_apply(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    with workspace_from_args(args) as ws:
        copy = redaction.apply(ws, args.reference, args.number)
    if args.json:
        print_json(plain(copy))
    else:
        print(f"Made the redacted copy of document {args.number} ({copy.size} bytes, sha256 "
              f"{copy.sha256}). Verify it before it is used.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    with workspace_from_args(args) as ws:
        copy = redaction.verify(ws, args.reference, args.number)
    if args.json:
        print_json(plain(copy))
    elif copy.verified == "passed":
        print(f"Verified: nothing marked is left in the redacted copy of document "
              f"{args.number} (sha256 {copy.sha256}).")
    else:
        print(f"Verification FAILED for the redacted copy of document {args.number}:")
        for problem in copy.problems:
            print(f"  - {problem}")
    return 0 if copy.verified == "passed" else 1


def cmd_approve(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    with workspace_from_args(args) as ws:
        approved = redaction.approve(ws, args.reference)
    if args.json:
        print_json({"approved": approved})
    else:
        print(f"Approved {len(approved)} redacted cop{'y' if len(approved) == 1 else 'ies'}.")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from sar_desk.services.redaction_log import export_log

    with workspace_from_args(args) as ws:
        path = export_log(ws, args.reference, args.format, args.out)
    print(f"Wrote the redaction log to {path}.")
    return 0


def cmd_parties(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction

    with workspace_from_args(args) as ws:
        if args.names:
            redaction.add_parties(ws, args.reference, [(n, "") for n in args.names])
        if args.directory:
            try:
                data = Path(args.directory).read_bytes()
            except OSError as exc:
                raise InputError(f"Cannot read the staff directory {args.directory}: "
                                 f"{exc.strerror or exc}.", code="redaction.directory") from None
            redaction.import_directory(ws, args.reference, data)
        people = redaction.parties_of(ws, args.reference)
    if args.json:
        print_json([plain(p) for p in people])
        return 0
    if not people:
        print("No third parties or staff directory listed.")
    for p in people:
        print(f"{p.kind:<10} {p.name}{'  (' + p.detail + ')' if p.detail else ''}")
    return 0


def cmd_export_document(args: argparse.Namespace) -> int:
    from sar_desk.services import redaction
    from sar_desk.services.case_base import get_case, get_document_bytes
    from sar_desk.services.disclosure import document_numbered
    from sar_desk.store.outfile import write_out

    with workspace_from_args(args) as ws:
        if args.redacted:
            document, data = redaction.redacted_for_export(ws, args.reference, args.number)
        else:
            case = get_case(ws, args.reference)
            document = document_numbered(case, args.number)
            data = get_document_bytes(ws, case.reference, document.id)
        path = write_out(args.out, data, workspace=ws.path, what="the document")
    print(f"Wrote {'the redacted copy of ' if args.redacted else ''}document {args.number} "
          f"({document.filename}) to {path}.")
    return 0
