"""``sar-desk ready-letters``: the letters of cases marked ready, as staff print them.

It reads only the ready letters store (the staff key opens it), so it works for a user
who holds nothing else: ``ready-letters`` lists the cases and their letters,
``ready-letters save REF N --out FILE`` saves one letter to print (recorded in the ready
letters audit).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sar_desk.cli.common import print_json, record_id
from sar_desk.errors import InputError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "ready-letters", parents=[common],
        help="list or save the letters of cases marked ready (staff printing)",
        description="Without arguments: the cases marked ready for staff, each with its "
        "addressee and letters. 'ready-letters save REF N --out FILE' saves letter N of REF "
        "to print it.")
    p.add_argument("action", nargs="?", choices=("list", "save"), default="list")
    p.add_argument("ref", metavar="REF", nargs="?", help="with 'save': the case reference")
    p.add_argument("number", metavar="N", nargs="?", type=record_id("letter"),
                   help="with 'save': the letter number")
    p.add_argument("--out", metavar="FILE", help="with 'save': where to save the letter")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=cmd_ready_letters)


def cmd_ready_letters(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services import staff_desk

    if args.action == "save" and (args.ref is None or args.number is None or not args.out):
        raise InputError("say which letter to save and where: ready-letters save REF N "
                         "--out FILE")
    ws = workspace_from_args(args, read_only=True)
    try:
        if args.action == "save":
            return _save(ws, args.ref, args.number, Path(args.out))
        cases = staff_desk.ready_cases(ws)
    finally:
        ws.close()
    if args.json:
        print_json([{"reference": c.reference, "name": c.name,
                     "address_lines": list(c.address_lines),
                     "letters": [{"letter_id": x.letter_id, "kind": x.kind, "format": x.format,
                                  "created": x.created, "sha256": x.sha256,
                                  "dispatched": x.dispatched} for x in c.letters]}
                    for c in cases])
        return 0
    if not cases:
        print("No case is marked ready for staff.")
    for case in cases:
        print(f"{case.reference}  {case.name}")
        for line in case.address_lines:
            print(f"    {line}")
        for x in case.letters:
            sent = "  (dispatched)" if x.dispatched else ""
            print(f"  letter {x.letter_id}: {x.kind} ({x.format}){sent}")
    return 0


def _save(ws, ref: str, number: int, out: Path) -> int:  # noqa: ANN001 - any open workspace
    from sar_desk.cli.letter_cmd import save_letter
    from sar_desk.services import staff_desk
    from sar_desk.store.outfile import check_out

    check_out(out, workspace=ws.path, what="the letter")
    data = staff_desk.letter_bytes(ws, ref, number)
    save_letter(out, data, ws.path)
    staff_desk.record_printed(ws, [(ref.strip().upper(), number)])
    print(f"Letter {number} of {ref.strip().upper()} saved to {out} ({len(data):,} bytes).")
    return 0
