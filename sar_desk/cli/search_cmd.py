"""``sar-desk search``: find text inside cases (request text, notes, search log, documents,
e-mails, names and references) and say where each match is."""

from __future__ import annotations

import argparse
import dataclasses

from sar_desk.cli.common import print_json


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "search", parents=[common], help="find text inside cases and say where it is",
        description="Search the request text, notes, search log, documents, e-mails, names "
        "and references of every case you may read. Every word must be found in the same "
        "place; case, accents and script forms do not matter.")
    p.add_argument("text", nargs="+", metavar="TEXT", help="the words to find")
    p.add_argument("--json", action="store_true", help="print the matches as JSON")
    p.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import workspace_from_args
    from sar_desk.services.case_search import search_cases

    with workspace_from_args(args) as ws:
        hits = search_cases(ws, " ".join(args.text))
    if args.json:
        print_json([dataclasses.asdict(h) for h in hits])
        return 0
    if not hits:
        print("No case says that.")
        return 0
    for hit in hits:
        print(f"{hit.reference}  {hit.requester_name}  ({hit.where})\n    {hit.snippet}")
    return 0
