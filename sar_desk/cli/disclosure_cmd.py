"""``sar-desk case disclosure REF DOC_NO``: decide whether a document is provided."""

from __future__ import annotations

import argparse

from sar_desk.cli.common import print_json
from sar_desk.cli.json_out import plain
from sar_desk.cli.workspace_cmd import workspace_from_args

STATUS_WORDS = {"disclose": "provided", "partly": "provided in part", "withhold": "withheld"}


def register(add) -> None:  # noqa: ANN001 - case_cmd's add(name, func, help)
    p = add("disclosure", cmd_disclosure,
            "decide whether a document is provided, provided in part or withheld")
    p.add_argument("reference")
    p.add_argument("number", type=int, metavar="DOC_NO",
                   help="the document's number in 'case show' (1, 2, ... in the order added)")
    p.add_argument("--status", required=True, choices=("disclose", "withhold", "partly"))
    p.add_argument("--exemption", default="", metavar="CODE",
                   help="the exemption relied on (needed to withhold all or part)")
    p.add_argument("--reason", default="", metavar="TEXT", help="why (internal)")
    p.add_argument("--wording", default="", metavar="TEXT",
                   help="what the final response tells the requester about this document "
                        "(default: the exemption's description)")


def cmd_disclosure(args: argparse.Namespace) -> int:
    from sar_desk.services.disclosure import decide_document

    with workspace_from_args(args) as ws:
        document, snap = decide_document(ws, args.reference, args.number, args.status,
                                         args.exemption, note=args.reason,
                                         wording=args.wording)
    if args.json:
        print_json(plain(snap))
        return 0
    exemption = f" under {args.exemption}" if args.exemption else ""
    print(f"{snap.reference}: document {args.number} ({document.filename}) is "
          f"{STATUS_WORDS[args.status]}{exemption}.")
    return 0
