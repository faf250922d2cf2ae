"""``sar-desk case void|edit|detach`` and the withdraw and discard handlers: correcting the
record of a case, each with ``--reason``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sar_desk.cli.common import address_text, iso_date, print_json, record_id
from sar_desk.cli.workspace_cmd import workspace_from_args
from sar_desk.errors import InputError

# Options of ``case edit`` and the field each corrects.
EDIT_OPTIONS = {
    "requester_name": "--requester-name", "requester_email": "--requester-email",
    "requester_address": "--requester-address", "requester_phone": "--requester-phone",
    "subject_name": "--subject-name", "subject_email": "--subject-email",
    "subject_address": "--subject-address", "subject_phone": "--subject-phone",
    "request_text": "--request-text", "channel": "--channel",
    "jurisdiction": "--jurisdiction", "received": "--received",
}
RIGHTS = ("access", "rectification", "erasure", "restriction", "portability", "objection")


def _reason_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reason", default="", metavar="TEXT",
                   help="why (required; kept on the record with who and when)")


def add_withdraw_options(p: argparse.ArgumentParser) -> None:
    """``case exemption``'s ``--withdraw N --reason TEXT``."""
    p.add_argument("--withdraw", type=record_id("exemption"), default=None, metavar="N",
                   help="withdraw exemption N (numbered in 'case show'), with --reason")
    p.add_argument("--reason", default="", metavar="TEXT", help="why it is withdrawn")


def _need_reason(args: argparse.Namespace, what: str) -> None:
    if not (args.reason or "").strip():
        raise InputError(f"Say why {what} with --reason TEXT: the record keeps the reason for "
                         "every correction. Nothing was changed.")


def add_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``void``, ``edit`` and ``detach`` with ``case``'s own ``add`` helper."""
    p = add("void", cmd_void, "void a timeline event (numbered in 'case show'): it stays on "
            "the record, struck, but no longer counts. To correct a date, void the event and "
            "record it again")
    p.add_argument("reference")
    p.add_argument("event_no", type=record_id("event"), metavar="EVENT_NO")
    _reason_option(p)

    p = add("edit", cmd_edit, "correct details typed into a case (the audit keeps before and "
            "after; a new received date or jurisdiction recomputes the deadline)")
    p.add_argument("reference")
    for field, option in EDIT_OPTIONS.items():
        kw: dict = {"default": None, "metavar": "TEXT", "dest": field}
        if field == "received":
            kw.update(type=iso_date, metavar="YYYY-MM-DD")
        elif field == "channel":
            kw.update(choices=("email", "post", "web", "phone", "in-person", "social"),
                      metavar="CHANNEL")
        p.add_argument(option, **kw)
    p.add_argument("--rights", default=None, metavar="RIGHT,...",
                   help=f"the rights asked for, comma-separated ({', '.join(RIGHTS)})")
    _reason_option(p)

    p = add("detach", cmd_detach, "remove a document attached by mistake: its bytes are "
            "deleted from the case file; the record keeps its name and sha256")
    p.add_argument("reference")
    p.add_argument("document_no", type=record_id("document"), metavar="DOC_NO")
    _reason_option(p)


def _print(args: argparse.Namespace, snap, message: str, **facts: object) -> int:
    """The message, or with ``--json`` the case's reference and status and ``facts``."""
    if getattr(args, "json", False):
        print_json({"reference": snap.reference, "status": snap.status.value, **facts})
    else:
        print(message)
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    from sar_desk.services.corrections import void_event

    _need_reason(args, "the event is voided")
    with workspace_from_args(args) as ws:
        snap = void_event(ws, args.reference, args.event_no, args.reason)
    return _print(args, snap, f"{snap.reference}: event {args.event_no} voided; the case is "
                  f"{snap.status.value}.", voided_event=args.event_no)


def cmd_edit(args: argparse.Namespace) -> int:
    from sar_desk.services.corrections import edit_case

    _need_reason(args, "the details are corrected")
    changes: dict[str, object] = {f: getattr(args, f) for f in EDIT_OPTIONS
                                  if getattr(args, f) is not None}
    if "requester_address" in changes or "subject_address" in changes:
        for f in ("requester_address", "subject_address"):
            if f in changes:
                changes[f] = address_text(str(changes[f]))
    if args.rights is not None:
        changes["request_types"] = [r.strip() for r in args.rights.split(",") if r.strip()]
    if not changes:
        raise InputError("Say what to correct: give at least one of "
                         f"{', '.join([*EDIT_OPTIONS.values(), '--rights'])}.")
    with workspace_from_args(args) as ws:
        snap = edit_case(ws, args.reference, changes, args.reason)
    return _print(args, snap, f"{snap.reference}: corrected "
                  f"{', '.join(EDIT_OPTIONS.get(f, '--rights') for f in changes)}.",
                  corrected=sorted(changes))


def cmd_detach(args: argparse.Namespace) -> int:
    from sar_desk.core.corrections import removed_with, removed_with_text
    from sar_desk.services.corrections import remove_document

    _need_reason(args, "the document is removed")
    with workspace_from_args(args) as ws:
        snap = remove_document(ws, args.reference, args.document_no, args.reason)
    children = removed_with(snap.removed_documents, args.document_no)
    return _print(args, snap, f"{snap.reference}: document {args.document_no} removed"
                  f"{removed_with_text(children)}; the bytes are deleted from the case file.",
                  removed_document=args.document_no, removed_children=list(children))


def withdraw_exemption(args: argparse.Namespace) -> int:
    """``case exemption REF --withdraw N --reason TEXT``."""
    from sar_desk.services.corrections import withdraw_exemption as withdraw

    if not args.reference:
        raise InputError("Give the case reference of the exemption to withdraw.")
    _need_reason(args, "the exemption is withdrawn")
    with workspace_from_args(args) as ws:
        snap = withdraw(ws, args.reference, args.withdraw, args.reason)
    return _print(args, snap, f"{snap.reference}: exemption {args.withdraw} withdrawn.",
                  withdrawn_exemption=args.withdraw)


def discard_letter(args: argparse.Namespace) -> int:
    """``letter discard REF N --reason TEXT``."""
    from sar_desk.services.corrections import discard_letter as discard

    ref, number = args.kind, args.number
    if ref is None or number is None:
        raise InputError("say which letter to discard: sar-desk letter discard REF N "
                         "--reason TEXT ('sar-desk case show REF' numbers the letters)")
    try:
        letter_no = int(number)
    except ValueError:
        raise InputError(f"{number!r} is not a letter number.") from None
    _need_reason(args, "the letter is discarded")
    with workspace_from_args(args) as ws:
        snap = discard(ws, ref, letter_no, args.reason)
    return _print(args, snap, f"{snap.reference}: letter {letter_no} discarded (superseded); "
                  "it will not be printed.", discarded_letter=letter_no)
