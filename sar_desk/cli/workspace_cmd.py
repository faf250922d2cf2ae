"""``sar-desk init | unlock | verify | receipt | reindex | demo``: the workspace commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sar_desk.cli.common import iso_date, print_json
from sar_desk.errors import InputError

LIST_OPTIONS = frozenset({"files", "types", "names"})


def plain_options(func):
    """Wrap a handler so every single-value option is a string.

    argparse (Python 3.11) turns ``--opt=--`` into a list; the handler then sees "--", which
    its own checks reject with a clear message.
    """

    def handler(args: argparse.Namespace) -> int:
        for name, value in vars(args).items():
            if isinstance(value, list) and name not in LIST_OPTIONS and name != "func":
                setattr(args, name, " ".join(str(v) for v in value) or "--")
        return func(args)

    handler.__name__ = getattr(func, "__name__", "handler")
    return handler


def action_adder(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, *,
                 plain: bool = True):
    """``add(name, func, help_text, json_flag=True)``: adds one ACTION of a command group
    (``case``, ``complaint``, ``rights``) with ``--json`` unless told otherwise."""

    def add(name: str, func, help_text: str, json_flag: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        if json_flag:
            p.add_argument("--json", action="store_true", help="print the result as JSON")
        p.set_defaults(func=plain_options(func) if plain else func)
        return p

    return add


MAX_PASSPHRASE_FILE = 4096


def read_passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase from ``--passphrase-file`` (first line, without its line ending)."""
    name = getattr(args, "passphrase_file", None)
    if not name:
        return None
    try:
        with Path(name).open("rb") as handle:
            raw = handle.read(MAX_PASSPHRASE_FILE + 1)
    except OSError as exc:
        raise InputError(f"Cannot read the passphrase file {name}: {exc.strerror or exc}.") \
            from None
    if len(raw) > MAX_PASSPHRASE_FILE:
        raise InputError(f"The passphrase file {name} is larger than {MAX_PASSPHRASE_FILE} "
                         "bytes: it is not a passphrase file.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"The passphrase file {name} is not UTF-8 text.") from None
    if "\x00" in text:
        raise InputError(f"The passphrase file {name} holds binary data, not a passphrase.")
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise InputError(f"The passphrase file {name} is empty.")
    return lines[0]


def server_of(args: argparse.Namespace) -> str:
    """--server, else $SAR_DESK_SERVER, else "" (a folder workspace)."""
    return (getattr(args, "server", None) or os.environ.get("SAR_DESK_SERVER") or "").strip()


def workspace_from_args(args: argparse.Namespace, *, read_only: bool = False):
    """Open the workspace named by --workspace / $SAR_DESK_WORKSPACE (key: keyring/passphrase)."""
    from sar_desk.services.workspace import open_workspace

    url = server_of(args)
    if url and not getattr(args, "workspace", None):
        from sar_desk.services.team import open_team  # the ORM: only for a team workspace

        return open_team(url, passphrase=read_passphrase(args), read_only=read_only,
                         clock=args.clock)
    return open_workspace(getattr(args, "workspace", None), passphrase=read_passphrase(args),
                          read_only=read_only, clock=args.clock)


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("init", parents=[common], help="create a new workspace",
                              description="Create a workspace and print its recovery key once.")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--app-role", default="", metavar="ROLE",
                   help="with --server: the database role officers connect as (it may only "
                   "add to the audit table, never change it)")
    p.set_defaults(func=plain_options(cmd_init))

    p = subparsers.add_parser(
        "migrate-to-server", parents=[common], help="move a folder workspace to a server",
        description="Copy the folder workspace to a new team workspace on a PostgreSQL "
        "server, checking every case as it arrives. The folder is kept until an "
        "administrator removes it. Administrators only.")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=plain_options(cmd_migrate_to_server))

    p = subparsers.add_parser("unlock", parents=[common],
                              help="put the workspace key into this computer's keyring",
                              description="Unlock a workspace on a new computer with the "
                              "recovery key printed by 'sar-desk init'. With --passphrase-file "
                              "the key is (also) protected by that passphrase.")
    p.add_argument("--recovery-key", required=True, metavar="KEY")
    p.set_defaults(func=plain_options(cmd_unlock))

    p = subparsers.add_parser("verify", parents=[common], help="check every case file",
                              description="Check that every case file opens with its key, "
                              "passes the integrity check and has an unbroken audit chain. "
                              "Exit 1 and one line per bad file otherwise. For privacy "
                              "officers and administrators.")
    p.add_argument("--progress", action="store_true",
                   help="show progress on stderr (the default when stderr is a terminal)")
    p.add_argument("--receipt", default=None, metavar="FILE",
                   help="also check that nothing was rolled back to before this audit "
                   "receipt (made by 'sar-desk receipt')")
    p.set_defaults(func=plain_options(cmd_verify))

    p = subparsers.add_parser("receipt", parents=[common],
                              help="write a signed audit receipt to keep elsewhere",
                              description="Write a small signed note of every audit chain's "
                              "head (the workspace audit and each case's), with counts and a "
                              "digest. Keep it away from the workspace (print it, e-mail it); "
                              "'sar-desk verify --receipt FILE' later detects any rollback to "
                              "before it. For privacy officers and administrators.")
    p.add_argument("--out", required=True, metavar="FILE", help="file to write")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=plain_options(cmd_receipt))

    p = subparsers.add_parser("reindex", parents=[common],
                              help="rebuild the registry from the case files",
                              description="Rebuild every registry row from the case files "
                              "(after a crash or a restored registry). A creation cut off by a "
                              "crash is cleaned up. For privacy officers and administrators.")
    p.set_defaults(func=plain_options(cmd_reindex))

    p = subparsers.add_parser("demo", parents=[common], help="fill a workspace with demo cases",
                              description="Fill a workspace (created if needed) with realistic "
                              "synthetic cases in every state. Same seed, same content.")
    p.add_argument("--cases", type=int, default=60, metavar="N")
    p.add_argument("--seed", type=int, default=1, metavar="S")
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                   help="build the workspace as if today were this date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=plain_options(cmd_demo))


def cmd_init(args: argparse.Namespace) -> int:
    from sar_desk.services.workspace import init_workspace

    url = server_of(args)
    if url and not getattr(args, "workspace", None):
        from sar_desk.services.team import init_team

        ws, recovery = init_team(url, passphrase=read_passphrase(args), clock=args.clock,
                                 app_role=args.app_role)
    else:
        ws, recovery = init_workspace(getattr(args, "workspace", None),
                                      passphrase=read_passphrase(args), clock=args.clock)
    with ws:
        if args.json:
            print_json({"workspace": str(ws.path), "id": ws.id, "recovery_key": recovery})
        else:
            print(f"Created the workspace {ws.path}")
            print()
            print(f"Recovery key: {recovery}")
            print()
            print("Write the recovery key down and keep it somewhere safe, away from this "
                  "computer. It is shown only now. With it, 'sar-desk unlock --recovery-key "
                  "KEY' opens the workspace on another computer or after the keyring is lost.")
    return 0


def cmd_migrate_to_server(args: argparse.Namespace) -> int:
    from sar_desk.services.team import check_url, migrate_to_server
    from sar_desk.services.workspace import open_workspace

    url = check_url(server_of(args))
    with open_workspace(getattr(args, "workspace", None), passphrase=read_passphrase(args),
                        clock=args.clock) as ws:
        moved = migrate_to_server(ws, url)
        if args.json:
            print_json({"workspace": str(ws.path), "cases": moved})
        else:
            print(f"Moved {len(moved)} case(s) to the team workspace; every one was checked "
                  f"on arrival. The folder {ws.path} is unchanged.")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from sar_desk.services.workspace import resolve, unlock_with_recovery_key

    url = server_of(args)
    if url and not getattr(args, "workspace", None):
        from sar_desk.services.team import unlock_team

        name = unlock_team(url, args.recovery_key, passphrase=read_passphrase(args))
        print(f"Unlocked the team workspace on {name}.")
        return 0
    unlock_with_recovery_key(getattr(args, "workspace", None), args.recovery_key,
                             passphrase=read_passphrase(args))
    print(f"Unlocked the workspace {resolve(getattr(args, 'workspace', None))}.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from sar_desk.services.receipts import receipt_problems
    from sar_desk.services.workspace import verify_workspace

    live = sys.stderr.isatty()
    tenths: list[int] = []

    def progress(done: int, total: int) -> None:
        if live:  # one line, rewritten in place
            end = "\n" if done == total else ""
            print(f"\rChecked {done:,} of {total:,} case files", end=end, file=sys.stderr,
                  flush=True)
        elif done * 10 // total not in tenths:  # a log: a line per tenth of the way
            tenths.append(done * 10 // total)
            print(f"Checked {done:,} of {total:,} case files", file=sys.stderr, flush=True)

    with workspace_from_args(args) as ws:
        problems = verify_workspace(ws, progress if args.progress or live else None)
        if args.receipt:
            problems += receipt_problems(ws, args.receipt)
        count = len(ws.registry.references_with_keys())
    for line in problems:
        print(line)
    if problems:
        return 1
    print(f"All {count} case files are readable, intact and their audit chains hold.")
    if args.receipt:
        print(f"Nothing was rolled back to before the receipt {args.receipt}.")
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from sar_desk.services.receipts import write_receipt

    with workspace_from_args(args) as ws:
        summary = write_receipt(ws, args.out)
    if args.json:
        print_json({"out": args.out, **summary.__dict__})
    else:
        print(f"Wrote the audit receipt {args.out}")
        print(summary.text)
        print("Keep it away from this computer (print it or e-mail it).")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from sar_desk.services.workspace import reindex

    with workspace_from_args(args) as ws:
        count = reindex(ws)
    print(f"Re-indexed {count} cases.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from sar_desk.services.demo import build_demo, check_demo_size
    from sar_desk.services.workspace import init_workspace, open_workspace, resolve
    from sar_desk.store.workspace import MANIFEST

    check_demo_size(args.cases)
    root = resolve(getattr(args, "workspace", None))
    recovery = None
    if (root / MANIFEST).exists():
        ws = open_workspace(root, passphrase=read_passphrase(args), clock=args.clock)
    else:
        ws, recovery = init_workspace(root, passphrase=read_passphrase(args), clock=args.clock)
    with ws:
        refs = build_demo(ws, cases=args.cases, seed=args.seed, as_of=args.as_of)
    if args.json:
        print_json({"workspace": str(root), "cases": len(refs), "recovery_key": recovery})
        return 0
    if recovery:
        print(f"Created the workspace {root}; recovery key (shown once): {recovery}")
    print(f"Added {len(refs)} demo cases to {root}.")
    return 0
