"""``sar-desk unlock-case REF --force --reason TEXT``: an administrator releases a case's
write lock whose holder has stopped on another computer (recorded in the workspace audit)."""

from __future__ import annotations

import argparse

from sar_desk.cli.common import print_json
from sar_desk.cli.workspace_cmd import workspace_from_args


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "unlock-case", parents=[common],
        help="release a case's write lock left by a program that stopped (administrators)",
        description="Release the write lock on a case held by a program on another computer "
        "that stopped without closing it. Only for an administrator, only with --force, and "
        "recorded in the workspace audit with the holder and the reason. A lock left by a "
        "program on this computer is recovered automatically once its process has gone.")
    p.add_argument("reference")
    p.add_argument("--force", action="store_true",
                   help="confirm that the lock's holder has stopped")
    p.add_argument("--reason", default="", metavar="TEXT", help="why it is released")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_unlock)

    pin = subparsers.add_parser(
        "unlock-pin", parents=[common],
        help="forget your window unlock PIN (the window asks for a new one)",
        description="A user whose key is in the OS keyring alone unlocks the locked window "
        "with a PIN chosen the first time they lock it. --forget removes it; the next time "
        "you lock the window by hand it asks for a new one.")
    pin.add_argument("--forget", action="store_true", required=True,
                     help="forget the PIN kept for you and this workspace")
    pin.set_defaults(func=cmd_unlock_pin)


def cmd_unlock(args: argparse.Namespace) -> int:
    from sar_desk.services.case_locks import unlock_case

    with workspace_from_args(args) as ws:
        info = unlock_case(ws, args.reference, reason=args.reason, force=args.force)
    if args.json:
        print_json({"reference": args.reference, "holder": info.holder, "since": info.since,
                    "released": True})
        return 0
    print(f"Released the lock on {args.reference} held by {info.holder} since {info.since}.")
    return 0


def cmd_unlock_pin(args: argparse.Namespace) -> int:
    from sar_desk.services.unlock_pin import forget_unlock_pin

    with workspace_from_args(args) as ws:
        had = forget_unlock_pin(ws)
    print("Your unlock PIN is forgotten: the window asks for a new one the next time you "
          "lock it." if had else "You had no unlock PIN for this workspace; nothing changed.")
    return 0
