"""``sar-desk gui``: start the window, or render it offscreen into a PNG (``--screenshot``)."""

from __future__ import annotations

import argparse
import os
import re

from sar_desk.errors import InputError

VIEWS = ("cases", "dashboard", "settings", "complaints", "my-work", "users", "backup", "reports")


def window_size(text: str) -> tuple[int, int]:
    """argparse type: WIDTHxHEIGHT in pixels."""
    match = re.fullmatch(r"\s*(\d{3,4})\s*[xX]\s*(\d{3,4})\s*", text or "")
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1280x800")
    return int(match.group(1)), int(match.group(2))


def view_name(text: str) -> str:
    """argparse type: one of VIEWS, case:REF, redact:REF or search:TEXT."""
    value = (text or "").strip()
    if value in VIEWS or re.fullmatch(r"(case|redact):\S+", value) \
            or re.fullmatch(r"search:.+", value):
        return value
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a view: use {', '.join(VIEWS)}, case:REF, redact:REF "
        "(e.g. case:SAR-2026-0001) or search:TEXT"
    )


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "gui",
        parents=[common],
        help="start the window (the default without a command)",
        description="Start the SAR Desk window. With --screenshot, render it offscreen into a "
        "PNG file and exit (for documentation and support).",
    )
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="save the window as a PNG and exit"
    )
    parser.add_argument(
        "--view",
        type=view_name,
        default="cases",
        help=f"what to show: {', '.join(VIEWS)} (default: cases), case:REF, redact:REF "
        "(the redaction review) or search:TEXT (search inside cases)",
    )
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default=None,
        help="the window's appearance (default: as set in Settings, else the desktop's)",
    )
    parser.add_argument(
        "--size",
        type=window_size,
        default=(1280, 800),
        metavar="WxH",
        help="window size in pixels (default 1280x800)",
    )
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import read_passphrase, server_of

    screenshot = getattr(args, "screenshot", None)
    if screenshot is not None:
        if not screenshot.lower().endswith(".png"):
            raise InputError(f"the screenshot file {screenshot!r} must end in .png")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never needs a display
    passphrase = read_passphrase(args)
    from sar_desk.ui.app import run

    return run(
        getattr(args, "workspace", None),
        passphrase=passphrase,
        screenshot=screenshot,
        view=args.view,
        size=args.size,
        clock=args.clock,
        theme=args.theme,
        server="" if getattr(args, "workspace", None) else server_of(args),
    )
