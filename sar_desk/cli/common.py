"""Helpers shared by the CLI's subcommand modules: common options, date parsing, output."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import Any

from sar_desk.core.clock import Clock, SupportClock, SystemClock

TODAY_ENV = "SAR_DESK_TODAY"


def startup_clock() -> Clock:
    """The clock the command (or the window) runs on: the computer's date, unless the support
    switch ``SAR_DESK_TODAY=YYYY-MM-DD`` pins "today" (to reproduce what a user saw on a day).

    The only place that reads the switch: everything else is given this clock.
    """
    from sar_desk.errors import InputError

    pinned = os.environ.get(TODAY_ENV, "").strip()
    if not pinned:
        return SystemClock()
    try:
        return SupportClock(dt.date.fromisoformat(pinned))
    except ValueError:
        raise InputError(f"{TODAY_ENV}={pinned!r} is not a date: give it as YYYY-MM-DD, "
                         "or unset it to use the computer's date.") from None


def check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse any argument that is not text a case file can store (bytes that were not valid
    UTF-8 reach Python as unpaired surrogates), naming the argument."""
    from sar_desk.core.text import text_reason
    from sar_desk.errors import InputError

    for name, value in vars(args).items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if isinstance(item, str):
                reason = text_reason(item, f"value given for {name.replace('_', ' ')}")
                if reason:
                    raise InputError(f"{reason} Nothing was changed.", argument=name)


MAX_COUNT = 100_000


def record_id(what: str):  # noqa: ANN201 - an argparse type
    """argparse type: the number of a ``what`` (a letter, a checklist line...), 1 to 2^63-1."""
    from sar_desk.core.input_rules import record_id_reason

    def parse(text: str) -> int:
        try:
            number = int(text.strip())
        except (ValueError, AttributeError):
            raise argparse.ArgumentTypeError(f"{text!r} is not a {what} number") from None
        reason = record_id_reason(number, what)
        if reason:
            raise argparse.ArgumentTypeError(reason)
        return number

    parse.__name__ = "int"
    return parse


def count(low: int, high: int = MAX_COUNT):  # noqa: ANN201 - an argparse type
    """argparse type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            number = int(text.strip())
        except (ValueError, AttributeError):
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{number} is not between {low} and {high}")
        return number

    parse.__name__ = "int"
    return parse


def common_parser() -> argparse.ArgumentParser:
    """Options every subcommand accepts (after the subcommand name)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--workspace",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="workspace folder (default: $SAR_DESK_WORKSPACE, else the user data folder)",
    )
    parent.add_argument(
        "--server",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="a team workspace on a PostgreSQL server, postgresql://HOST/DB "
        "(default: $SAR_DESK_SERVER; sslmode and the rest of the URL are passed on)",
    )
    parent.add_argument(
        "--passphrase-file",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="file holding the workspace passphrase, when no OS keyring is available",
    )
    return parent


def iso_date(text: str) -> dt.date:
    """argparse type: a calendar date written YYYY-MM-DD, with a message naming the problem."""
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a real date in the form YYYY-MM-DD (for example 2025-09-03)"
        ) from None


def year_month(text: str) -> tuple[int, int]:
    """argparse type: YYYY-MM."""
    try:
        year, month = text.strip().split("-")
        value = (int(year), int(month))
        dt.date(value[0], value[1], 1)
        return value
    except (ValueError, AttributeError):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a month in the form YYYY-MM (for example 2026-03)"
        ) from None


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    """Write data as UTF-8 JSON on stdout (dates as ISO strings), indented by two spaces."""
    from sar_desk.cli.json_out import dump

    dump(data, sys.stdout.write, default=_default)
    sys.stdout.write("\n")


def address_text(given: str) -> str:
    """An address typed on the command line: lines separated by newlines, '|' or a typed
    backslash-n, one line each."""
    text = given.replace("\\n", "\n").replace("|", "\n")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
