"""The ``sar-desk`` command line: every subcommand drives the same services as the window.

Each subcommand module exposes ``register(subparsers, common)``; it must import heavy
libraries (SQLAlchemy, reportlab, Qt) inside its handlers, never at module level, so
``sar-desk --version`` and quick commands start fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from sar_desk import __version__
from sar_desk.cli.common import common_parser
from sar_desk.errors import SarDeskError

# Modules under sar_desk.cli that add subcommands, in the order shown by --help.
SUBCOMMAND_MODULES = (
    "workspace_cmd",
    "case_cmd",
    "deadline_cmd",
    "letter_cmd",
    "dashboard_cmd",
    "admin_cmd",
    "gui_cmd",
    "rights_cmd",
)

log = logging.getLogger("sar_desk")


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = argparse.ArgumentParser(
        prog="sar-desk",
        description="SAR Desk: subject access requests and other data-subject rights.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sar-desk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(f"sar_desk.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"sar_desk.cli.{name}":
                continue  # that part of the product is not built yet
            raise
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code. No command starts the window."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # No command: start the window, as a desktop launcher would.
        try:
            args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "gui"])
        except SystemExit as exc:  # the window is not part of this build
            return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except SarDeskError as exc:
        print(f"sar-desk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sar-desk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        log.exception("unexpected error")
        print(
            f"sar-desk: unexpected error ({type(exc).__name__}: {exc}). "
            "Nothing was changed by the failed step; please report this with the command used.",
            file=sys.stderr,
        )
        return 1
