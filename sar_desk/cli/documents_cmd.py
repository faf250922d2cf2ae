"""``sar-desk case attach|rendition|copy-document``: documents in, their pages, copies out."""

from __future__ import annotations

import argparse
import sys

from sar_desk.cli.common import print_json
from sar_desk.cli.json_out import plain
from sar_desk.cli.workspace_cmd import workspace_from_args


def register(add) -> None:  # noqa: ANN001 - case_cmd's add(name, func, help)
    p = add("rendition", cmd_rendition,
            "replace a document's PDF rendition with a PDF you supply (one that needs "
            "conversion, or was converted badly)")
    p.add_argument("reference")
    p.add_argument("document", type=int, metavar="DOC_ID", help="the document's #id in "
                   "'case show'")
    p.add_argument("pdf", metavar="FILE.pdf")

    p = add("copy-document", cmd_copy, "save a copy of a document (or its PDF pages) out of "
            "the case file; the copy is audited", json_flag=False)
    p.add_argument("reference")
    p.add_argument("document", type=int, metavar="DOC_ID")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--rendition", action="store_true", help="save its PDF rendition")


def document_facts(d, others=()) -> str:  # noqa: ANN001 - DocumentInfo(s)
    """What ``case show`` adds about a document: its pages, where it came from, the e-mail
    thread it is in (named by its first message among ``others``), whether it is a
    duplicate (left out of the bundle) or needs conversion."""
    from sar_desk.core.entities import RenditionState

    parts = []
    if d.parent_id:
        parts.append(f"attached to #{d.parent_id}")
    first = thread_start(d, others)
    if first is not None and first != d.id:
        parts.append(f"in the thread of #{first}")
    if d.duplicate_of:
        parts.append(f"DUPLICATE of #{d.duplicate_of}")
    if d.rendition is RenditionState.CONVERTED:
        parts.append(f"{d.page_count} page{'s' if d.page_count != 1 else ''}")
    elif d.rendition is RenditionState.NEEDS_CONVERSION:
        parts.append(f"NEEDS CONVERSION: {d.rendition_note}")
    elif d.rendition is RenditionState.UNREADABLE:
        parts.append(f"UNREADABLE: {d.rendition_note}")
    return f" ({'; '.join(parts)})" if parts else ""


def thread_start(d, others) -> int | None:  # noqa: ANN001 - DocumentInfo(s)
    """The first message of ``d``'s e-mail thread among ``others`` (None: no thread)."""
    from sar_desk.core.email_keys import thread_starts

    return thread_starts(others).get(d.thread_key) if d.thread_key else None


def cmd_attach(args: argparse.Namespace) -> int:
    """Add files, folders (recursively) and .zip archives; each e-mail's attachments too."""
    from sar_desk.services.bulk_add import add_files

    def progress(done: int, total: int, name: str) -> None:
        if name and total > 1 and not args.json:
            print(f"[{done + 1}/{total}] {name}", file=sys.stderr)

    with workspace_from_args(args) as ws:
        result = add_files(ws, args.reference, args.files, status=args.status,
                           exemption_code=args.exemption, progress=progress)
    if args.json:  # the documents added, as before; what was not added goes to stderr
        print_json(plain(result.added))
        for name, why in result.skipped:
            print(f"Not added: {name}: {why}", file=sys.stderr)
        return 0
    for info in result.added:
        extra = f", duplicate of #{info.duplicate_of}" if info.duplicate_of else ""
        extra += f", inside #{info.parent_id}" if info.parent_id else ""
        pages = f"{info.page_count} page{'s' if info.page_count != 1 else ''}" \
            if info.page_count else info.rendition_note or "no pages"
        print(f"Attached {info.filename} as document {info.id} (sha256 "
              f"{info.sha256[:16]}..., {pages}{extra})")
    for name, why in result.skipped:
        print(f"Not added: {name}: {why}")
    print(result.summary)
    return 0


def cmd_rendition(args: argparse.Namespace) -> int:
    from sar_desk.services.renditions import replace_rendition

    with workspace_from_args(args) as ws:
        info = replace_rendition(ws, args.reference, args.document, args.pdf)
    if args.json:
        print_json(plain(info))
    else:
        print(f"Document {info.id} ({info.filename}) now has {info.page_count} page(s) from "
              f"{args.pdf}.")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from sar_desk.services.document_copy import save_document_copy

    with workspace_from_args(args) as ws:
        path = save_document_copy(ws, args.reference, args.document, args.out,
                                  rendition=args.rendition)
    print(f"Saved a copy of document {args.document} to {path}.")
    return 0
