"""The letter kinds table of ``docs/letters.md``, generated from the kinds' records::

    python -m sar_desk.cli.kinds_table --markdown        # print the table
    python -m sar_desk.cli.kinds_table --update FILE     # rewrite it in FILE
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sar_desk.documents.complaint_letters import KINDS as COMPLAINT_KINDS
from sar_desk.documents.letter_kinds import KINDS

TABLE_START = ("<!-- letter-kinds: start (generated: python -m sar_desk.cli.kinds_table "
               "--update docs/letters.md) -->")
TABLE_END = "<!-- letter-kinds: end -->"


def markdown_table() -> str:
    """The kinds as a Markdown table (kind, what it says, what it needs first, sign-off):
    a case's letters, then a complaint's."""
    lines = ["| Kind | What it says | Needs first | Sign-off |", "|---|---|---|---|"]
    for kind in KINDS:
        signoff = "yes" if kind.needs_signoff else "—"
        lines.append(f"| `{kind.code}` | {kind.description} | {kind.needs_first} | {signoff} |")
    for kind in COMPLAINT_KINDS.values():  # a complaint's letters (sar-desk complaint letter)
        lines.append(f"| `{kind.code}` | {kind.description} | {kind.needs_first} | — |")
    return "\n".join(lines)


def with_table(text: str) -> str:
    """``text`` with the part between the table markers replaced by :func:`markdown_table`."""
    try:
        head, rest = text.split(TABLE_START, 1)
        _old, tail = rest.split(TABLE_END, 1)
    except ValueError:
        raise ValueError(f"the markers {TABLE_START} and {TABLE_END} are missing") from None
    return f"{head}{TABLE_START}\n{markdown_table()}\n{TABLE_END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sar_desk.cli.kinds_table",
                                     description="The letter kinds table for the docs.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--markdown", action="store_true", help="print the table")
    group.add_argument("--update", metavar="FILE", help="rewrite the table in FILE")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown_table())
        return 0
    path = Path(args.update)
    path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
