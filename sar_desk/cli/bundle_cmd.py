"""``sar-desk bundle REF --out FILE.pdf`` (the disclosure bundle), ``--portable --out DIR``,
and ``sar-desk dispatch REF`` (record a letter and/or the bundle as sent)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sar_desk.cli.common import iso_date, print_json, record_id
from sar_desk.cli.workspace_cmd import plain_options, workspace_from_args
from sar_desk.errors import InputError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    text = ("build the disclosure bundle of a case (cover, schedule of documents, every item "
            "provided, each page stamped REF · page n of N), store it and save a copy")
    p = subparsers.add_parser(
        "bundle", parents=[common], help=text,
        description=text + ". With --portable (a portability right): write the items "
        "provided in their own formats, with a JSON manifest, into the folder --out. "
        "'sar-desk approve REF --bundle' approves the latest bundle; 'sar-desk dispatch REF "
        "--bundle' records it sent.")
    p.add_argument("reference", metavar="REF")
    p.add_argument("--out", required=True, metavar="FILE.pdf|DIR",
                   help="where to save the bundle (a folder with --portable)")
    p.add_argument("--portable", action="store_true",
                   help="write the items provided in their native formats with a manifest")
    p.add_argument("--include-duplicates", action="store_true",
                   help="put items marked as duplicates in the bundle too")
    p.add_argument("--saved", action="store_true",
                   help="save the latest bundle already built instead of building again")
    p.add_argument("--json", action="store_true", help="print what was built as JSON")
    p.set_defaults(func=plain_options(cmd_bundle))

    text = "record that a letter and/or the latest approved bundle was sent"
    p = subparsers.add_parser("dispatch", parents=[common], help=text, description=text)
    p.add_argument("reference", metavar="REF")
    p.add_argument("letter", nargs="?", type=record_id("letter"), metavar="LETTER_ID",
                   help="the letter sent (its number in the case)")
    p.add_argument("--bundle", action="store_true", help="the latest bundle was sent too")
    p.add_argument("--method", required=True, metavar="TEXT", help="how it was sent")
    p.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--tracking", default="", metavar="TEXT")
    p.add_argument("--json", action="store_true", help="print what was recorded as JSON")
    p.set_defaults(func=plain_options(cmd_dispatch))


def _built(info, out: Path, manifest: list[dict]) -> dict:  # noqa: ANN001 - a BundleInfo
    return {"bundle_id": info.id, "sha256": info.sha256, "pages": info.pages,
            "approved": info.approved, "approved_by": info.approved_by,
            "built_at": info.built_at, "built_by": info.built_by, "out": str(out),
            "items": manifest}


def cmd_bundle(args: argparse.Namespace) -> int:
    from sar_desk.services import bundle
    from sar_desk.store.outfile import check_out

    with workspace_from_args(args) as ws:
        if args.portable:
            written = bundle.write_portable(ws, args.reference, args.out)
            if args.json:
                print_json({"reference": args.reference.upper(),
                            "files": [str(p) for p in written]})
            else:
                print(f"Wrote {len(written) - 1} items and manifest.json into "
                      f"{written[-1].parent}.")
            return 0
        check_out(args.out, workspace=ws.path, what="the bundle")
        if not args.saved:
            bundle.build(ws, args.reference, include_duplicates=args.include_duplicates)
        out = bundle.save_copy(ws, args.reference, args.out)
        info, manifest = bundle.manifest(ws, args.reference)
    if args.json:
        print_json(_built(info, out, manifest))
        return 0
    print(f"{info.pages} pages, {info.items} items provided; saved to {out}.")
    for item in manifest:
        pages = "-".join(str(n) for n in dict.fromkeys(item["pages"])) if item["pages"] else "—"
        print(f"  {item['number']:>4}  {pages:<9} {item['status']:<26} {item['title']}")
    print(f"sha256 {info.sha256}; "
          + ("approved." if info.approved else "awaiting approval (sar-desk approve "
             f"{args.reference.upper()} --bundle)."))
    return 0


def cmd_dispatch(args: argparse.Namespace) -> int:
    from sar_desk.services import bundle, cases

    if args.letter is None and not args.bundle:
        raise InputError("say what was sent: a letter number, --bundle, or both")
    with workspace_from_args(args) as ws:
        bundle_id = bundle.latest_bundle_id(ws, args.reference) if args.bundle else None
        snap = cases.record_dispatch(ws, args.reference, args.letter, args.date, args.method,
                                     args.tracking, bundle_id=bundle_id)
    if args.json:
        print_json({"reference": snap.reference, "letter_id": args.letter,
                    "bundle_id": bundle_id, "date": args.date, "method": args.method.strip()})
    else:
        sent = " and ".join(x for x in (f"letter {args.letter}" if args.letter else "",
                                        "the bundle" if bundle_id else "") if x)
        print(f"{snap.reference}: recorded {sent} sent on {args.date} ({args.method.strip()}).")
    return 0
