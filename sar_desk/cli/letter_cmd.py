"""``sar-desk letter REF KIND --format pdf|docx --out FILE`` and ``sar-desk letter kinds``."""

from __future__ import annotations

import argparse
from pathlib import Path

from sar_desk.cli.common import iso_date, print_json
from sar_desk.errors import InputError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "letter",
        parents=[common],
        help="write a response letter for a case (PDF or DOCX)",
        description="Write a letter of KIND for case REF, store it in the case file and save "
        "a copy to --out. 'sar-desk letter kinds' lists the kinds. 'sar-desk letter discard "
        "REF N --reason TEXT' discards letter N, never dispatched (it is kept, superseded).",
    )
    p.add_argument("ref", metavar="REF", help="case reference, or 'kinds' to list the kinds")
    p.add_argument("kind", metavar="KIND", nargs="?", help="letter kind (see 'letter kinds')")
    p.add_argument("number", metavar="N", nargs="?",
                   help="with 'letter discard REF N': the letter to discard (never dispatched)")
    p.add_argument("--reason", default="", metavar="TEXT",
                   help="with 'letter discard': why the letter is discarded")
    p.add_argument("--format", dest="fmt", choices=("pdf", "docx"), default="pdf")
    p.add_argument("--out", metavar="FILE", help="where to save the letter")
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                   help="date the letter (default: today)")
    p.add_argument("--profile", metavar="FILE",
                   help="preview the letter with this organisation profile TOML: the file "
                   "is written but nothing is stored in the case (stored letters always use "
                   "the workspace's profile, which an administrator sets)")
    p.add_argument("--json", action="store_true", help="print what was stored as JSON")
    p.set_defaults(func=cmd_letter)


def cmd_kinds() -> int:
    from sar_desk.documents import LETTER_KINDS

    for kind in LETTER_KINDS.values():
        print(f"{kind.code}  {kind.description}")
    return 0


def save_letter(out: Path, data: bytes, workspace: Path | None = None) -> Path:
    """Write the letter whole or not at all (never inside ``workspace``)."""
    from sar_desk.store.outfile import write_out

    return write_out(out, data, workspace=workspace, what="the letter")


def cmd_letter(args: argparse.Namespace) -> int:
    if args.ref == "kinds" and args.kind is None:
        return cmd_kinds()
    if args.ref == "discard":
        from sar_desk.cli.correct_cmd import discard_letter

        return discard_letter(args)
    if args.number is not None:
        raise InputError(f"unexpected {args.number!r}: sar-desk letter REF KIND --out FILE")
    if args.kind is None:
        raise InputError("say which letter to write: sar-desk letter REF KIND "
                         "(sar-desk letter kinds lists them)")
    if not args.out:
        raise InputError("say where to save the letter with --out FILE")
    out = Path(args.out)
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.documents import letter_kind, load_profile
    from sar_desk.services.letters import generate_letter
    from sar_desk.store.outfile import check_out

    letter_kind(args.kind)
    profile = load_profile(args.profile) if args.profile else None
    ws = workspace_from_args(args)
    try:
        check_out(out, workspace=ws.path, what="the letter")
        if profile is not None:
            from sar_desk.services.letters import preview_letter

            data = preview_letter(ws, args.ref, args.kind, args.fmt, profile=profile,
                                  as_of=args.as_of)
            info = None
        else:
            info, data = generate_letter(ws, args.ref, args.kind, args.fmt, as_of=args.as_of)
    finally:
        ws.close()
    save_letter(out, data, ws.path)
    if info is None:
        if args.json:
            print_json({"reference": args.ref, "letter_id": None, "kind": args.kind,
                        "format": args.fmt, "stored": False, "bytes": len(data),
                        "out": str(out)})
            return 0
        print(f"Preview of the {args.kind} letter for {args.ref} with the profile "
              f"{args.profile} saved to {out} ({len(data):,} bytes); not stored in the case.")
        return 0
    if args.json:
        print_json({"reference": args.ref, "letter_id": info.id, "kind": info.kind,
                    "format": info.format, "sha256": info.sha256, "bytes": len(data),
                    "generated_at": info.generated_at, "out": str(out), "stored": True})
        return 0
    print(f"{args.kind} letter for {args.ref} saved to {out} "
          f"({len(data):,} bytes, sha256 {info.sha256[:12]}…, stored as letter {info.id})",
          )
    return 0
