"""The ``sar-desk`` command line: every subcommand drives the same services as the window.

Each subcommand module exposes ``register(subparsers, common)``; it must import heavy
libraries (SQLAlchemy, reportlab, Qt) inside its handlers, never at module level, so
``sar-desk --version`` and quick commands start fast.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from sar_desk import __version__
from sar_desk.cli import (
    admin_cmd,
    bundle_cmd,
    case_cmd,
    complaint_cmd,
    dashboard_cmd,
    deadline_cmd,
    gui_cmd,
    import_cmd,
    letter_cmd,
    lock_cmd,
    profile_cmd,
    ready_cmd,
    redact_cmd,
    rights_cmd,
    search_cmd,
    signoff_cmd,
    work_cmd,
    workspace_cmd,
)
from sar_desk.cli.common import check_text_arguments, common_parser, startup_clock
from sar_desk.errors import SarDeskError

# The modules that add subcommands, in the order shown by --help.
SUBCOMMAND_MODULES = (
    workspace_cmd,
    case_cmd,
    search_cmd,
    work_cmd,
    import_cmd,
    complaint_cmd,
    deadline_cmd,
    letter_cmd,
    ready_cmd,
    profile_cmd,
    dashboard_cmd,
    admin_cmd,
    lock_cmd,
    gui_cmd,
    rights_cmd,
    signoff_cmd,
    bundle_cmd,
    redact_cmd,
)

class Parser(argparse.ArgumentParser):
    """argparse with one fix: ``--opt=--`` gives the option the text "--".

    Python 3.11's argparse drops that "--" and hands the option an empty list without
    running its type, so a date option would silently be no date at all. Subcommand
    parsers inherit this class.
    """

    def _get_values(self, action, arg_strings):  # noqa: ANN001, ANN202 - argparse's hook
        if action.nargs is None and arg_strings == ["--"] and action.option_strings:
            return self._get_value(action, "--")
        return super()._get_values(action, arg_strings)


def build_parser() -> argparse.ArgumentParser:
    common = common_parser()
    parser = Parser(
        prog="sar-desk",
        description="SAR Desk: subject access requests and other data-subject rights.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"sar-desk {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMAND_MODULES:
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code. No command starts the window."""
    from sar_desk import logfile
    from sar_desk.store import holiday_cache

    logfile.install()  # errors and their tracebacks, never personal data
    holiday_cache.install()  # holiday tables from disk on warm runs (no holidays import)
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
        check_text_arguments(args)
        args.clock = startup_clock()  # what day it is, for every service the command uses
        return int(args.func(args) or 0)
    except SarDeskError as exc:
        from sar_desk.cli.remedies import describe

        logfile.log_error(exc, "command refused", level=logging.WARNING)
        print(f"sar-desk: {describe(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sar-desk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        # The message may quote personal data: the log file gets the traceback without it.
        if os.environ.get("SAR_DESK_DEBUG"):
            traceback.print_exc()
        logfile.log_error(exc, "unexpected error in a command")
        where = logfile.current_path()
        print(
            f"sar-desk: unexpected error ({type(exc).__name__}: {exc}). "
            "Nothing was changed by the failed step; please report this with the command used."
            + (f" The details are in the log file {where}." if where else ""),
            file=sys.stderr,
        )
        return 1
