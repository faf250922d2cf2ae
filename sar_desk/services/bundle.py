"""The disclosure bundle of a case: build it, store it, approve it, save a copy, send it.

The bundle is one PDF (:mod:`sar_desk.documents.bundle_pdf`) of every item provided, in
order, after a cover and the schedule of documents. What goes in, and what blocks it, are
the rules of :mod:`sar_desk.core.bundle_rules`. The built bundle is stored in the case file
(its sha256 in the audit chain) and approved like a final letter: by a manager, or by a
privacy officer other than the one who built it. A bundle built again needs approving
again, and only the latest bundle, approved as it stands, can be recorded as sent.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sar_desk.core.bundle_rules import (
    ItemRole,
    PlannedItem,
    bundle_reason,
    letter_with_bundle_reason,
    partly_blocked_reason,
    plan_items,
)
from sar_desk.core.entities import BundleInfo, CaseSnapshot, DocumentInfo
from sar_desk.core.roles import Action
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import access
from sar_desk.services.case_base import get_case, normalise_reference, open_case_file
from sar_desk.services.signoff import note_waiting
from sar_desk.services.unit_of_work import change_case
from sar_desk.store import audit, bundle_store, keys

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sar_desk.store.workspace import Workspace


class BundleBlocked(InputError):
    """Something about the case's items stops the bundle being built; the message names it."""

    code = "bundle.blocked"


class NoPdfRendition(InputError):
    """An item has no PDF version to put in the bundle yet."""

    code = "bundle.no_rendition"


class BundleNotApproved(InputError):
    """The bundle is not approved as it stands, so it cannot be sent."""

    code = "bundle.not_approved"


@dataclass(frozen=True)
class BundlePreview:
    """What a bundle built now would hold, and what stops it (empty: nothing)."""

    reference: str
    items: tuple[PlannedItem, ...]
    problems: tuple[str, ...]
    latest: BundleInfo | None


def _item_pdf(ws: Workspace, ref: str, document: DocumentInfo) -> bytes:
    """The item's pages: its PDF rendition (made and stored the first time it is needed)."""
    from sar_desk.services.renditions import NoRendition, rendition_pdf

    try:
        return rendition_pdf(ws, ref, document.id)
    except NoRendition as exc:
        raise NoPdfRendition(f"{exc.message} Its pages cannot go in the bundle.",
                             reference=ref, number=document.id) from exc


def _redacted_pdf(ws: Workspace, ref: str, document: DocumentInfo) -> bytes | None:
    """The verified, approved redacted copy of an item provided in part (None: there is none
    that may be used yet, which blocks the bundle)."""
    from sar_desk.services.redaction import verified_redacted_pdf

    return verified_redacted_pdf(ws, ref, document.id)


def _title(item: PlannedItem) -> str:
    """The item's title in the schedule: an attachment names the message it came with."""
    document = item.document
    title = getattr(document, "title", "") or document.filename
    if item.attachment_of is not None:
        title += f" (attachment of item {item.attachment_of})"
    return title


def _date(document: DocumentInfo) -> str:
    from sar_desk.core.dates import long_date

    when = getattr(document, "date", None) or document.added_at
    if isinstance(when, dt.datetime):
        when = when.date()
    return long_date(when) if when else ""


def _exemption(item: PlannedItem) -> str:
    from sar_desk.documents.context import exemption_title

    code = item.document.exemption_code
    if item.role not in (ItemRole.PARTLY, ItemRole.WITHHELD) or not code:
        return ""
    return exemption_title(code)


def _planned(ws: Workspace, ref: str, include_duplicates: bool
             ) -> tuple[CaseSnapshot, BundlePreview, dict[int, bytes]]:
    """The case, the preview, and the redacted copies of the items provided in part."""
    case = get_case(ws, ref)
    plan = plan_items(case.numbered_documents, include_duplicates=include_duplicates)
    problems = [r for r in (bundle_reason(case.reference, plan),) if r]
    redacted: dict[int, bytes] = {}
    for p in plan:
        if p.role == ItemRole.PARTLY:
            data = _redacted_pdf(ws, case.reference, p.document)
            if data is not None:
                redacted[p.number] = data
    partly = [p for p in plan if p.role == ItemRole.PARTLY and p.number not in redacted]
    problems += [r for r in (partly_blocked_reason(case.reference, partly),) if r]
    return case, BundlePreview(case.reference, plan, tuple(problems), case.bundle), redacted


def preview(ws: Workspace, ref: str, *, include_duplicates: bool = False) -> BundlePreview:
    """The items and their roles, and what would stop the bundle being built now."""
    return _planned(ws, ref, include_duplicates)[1]


def _pages_of(ws: Workspace, ref: str, plan: tuple[PlannedItem, ...],
              redacted: dict[int, bytes]) -> dict[int, bytes]:
    """Each included item's PDF; every item without one is named in one error."""
    found, missing = dict(redacted), []
    for item in plan:
        if not item.included or item.role == ItemRole.PARTLY:
            continue
        try:
            found[item.number] = _item_pdf(ws, ref, item.document)
        except NoPdfRendition as exc:
            missing.append(exc.message)
    if missing:
        raise NoPdfRendition(" ".join(missing) + " Nothing was built.", reference=ref)
    return found


def _manifest(plan: tuple[PlannedItem, ...], ranges: dict[int, tuple[int, int]]) -> list[dict]:
    return [{"number": p.number, "document_id": p.document.id, "title": _title(p),
             "sha256": p.document.sha256, "status": p.status_text,
             "exemption": p.document.exemption_code if _exemption(p) else "",
             "pages": list(ranges[p.number]) if p.number in ranges else None}
            for p in plan]


def build(ws: Workspace, ref: str, *, include_duplicates: bool = False,
          actor: str | None = None) -> BundleInfo:
    """Build the bundle of case ``ref`` and store it (see the module notes)."""
    from sar_desk.documents.bundle_pdf import BundleCover, BundleItem, build_bundle
    from sar_desk.documents.dates import long_date
    from sar_desk.services.settings import workspace_profile

    ref = normalise_reference(ref)
    access.require(ws, Action.GENERATE_LETTER, ref)
    case, seen, redacted = _planned(ws, ref, include_duplicates)
    if seen.problems:
        raise BundleBlocked(" ".join(seen.problems) + " Nothing was built.", reference=ref)
    pdfs = _pages_of(ws, ref, seen.items, redacted)
    cover = BundleCover(reference=case.reference, subject=case.data_subject.name,
                        organisation=workspace_profile(ws).get("organisation.name", ""),
                        date=long_date(ws.clock.today()))
    items = [BundleItem(p.number, _title(p), _date(p.document), p.status_text,
                        _exemption(p), pdfs.get(p.number)) for p in seen.items]
    built = build_bundle(cover, items)
    decided = {(d.id, d.status, d.sha256) for d in case.documents}

    def change(session: Session, before: CaseSnapshot, who: str) -> BundleInfo:
        if {(d.id, d.status, d.sha256) for d in before.documents} != decided:
            raise InputError(f"The documents of {ref} changed while the bundle was being "
                             "built. Nothing was stored; build it again.", reference=ref)
        return bundle_store.add_bundle(session, built.data, built.pages,
                                       _manifest(seen.items, built.ranges), who)

    info = change_case(ws, ref, actor, change, action=Action.GENERATE_LETTER)[0]
    note_waiting(ws, ref)  # the approvals queue lists it for a second officer or a manager
    return info


def _latest(session: Session, ref: str) -> BundleInfo:
    found = bundle_store.latest(session)
    if found is None:
        raise InputError(f"No bundle has been built for {ref} yet.", code="bundle.none",
                         reference=ref)
    return found


def bundle_data(ws: Workspace, ref: str) -> tuple[BundleInfo, bytes]:
    """The latest bundle of case ``ref`` and its bytes."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        info = _latest(session, ref)
        data = bundle_store.bundle_bytes(session, info.id)
    if data is None:
        raise InputError(f"The bytes of bundle {info.id} of {ref} are missing.", reference=ref)
    return info, data


def manifest(ws: Workspace, ref: str) -> tuple[BundleInfo, list[dict]]:
    """The latest bundle and its items (number, title, status, pages...)."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    with open_case_file(ws, ref) as case, case.reading() as session:
        info = _latest(session, ref)
        return info, bundle_store.manifest(session, info.id)


def approve(ws: Workspace, ref: str) -> BundleInfo:
    """Approve the latest bundle as the current user: a manager, or a privacy officer other
    than the one who built it. Chains who, when and the bundle's sha256."""
    ref = normalise_reference(ref)
    user = access.require(ws, Action.APPROVE_LETTER, ref)

    def change(session: Session, _before: CaseSnapshot, _who: str) -> BundleInfo:
        info = _latest(session, ref)
        if info.approved:
            raise InputError(f"Bundle {info.id} of {ref} is already approved (by "
                             f"{info.approved_by}). Nothing was changed.", reference=ref)
        if user.login == info.built_by:
            raise PermissionDenied(
                f"{user.login} built bundle {info.id} of {ref}, so cannot approve it: a second "
                "privacy officer or a manager must. Nothing was changed.")
        return bundle_store.approve(session, info.id, user.login)

    return change_case(ws, ref, user.login, change, action=Action.APPROVE_LETTER)[0]


def guard_dispatch(session: Session, before: CaseSnapshot, bundle_id: int,
                   letter_id: int | None = None) -> str:
    """Refuse to send a bundle that is not the latest, approved as it stands, or with a final
    response written before it; returns its sha256 (for the dispatch record)."""
    info = bundle_store.latest(session)
    ref = before.reference
    if info is None or info.id != bundle_id:
        latest = f"; the latest is bundle {info.id}" if info else ""
        raise BundleNotApproved(f"Bundle {bundle_id} of {ref} is not its latest bundle"
                                f"{latest}. Nothing was changed.", reference=ref)
    data = bundle_store.bundle_bytes(session, info.id)
    if not info.approved or data is None or keys.sha256_hex(data) != info.sha256:
        raise BundleNotApproved(f"Bundle {bundle_id} of {ref} has not been approved as it "
                                "stands: a second privacy officer or a manager must approve "
                                "it before it is sent. Nothing was changed.", reference=ref)
    letter = next((x for x in before.letters if x.id == letter_id), None)
    reason = letter_with_bundle_reason(ref, letter, info)
    if reason:
        raise InputError(reason, code="bundle.letter_stale", reference=ref)
    bundle_store.mark_dispatched(session, info.id)
    return info.sha256


def latest_bundle_id(ws: Workspace, ref: str) -> int:
    """The id of the latest bundle built for ``ref`` (an InputError when none)."""
    case = get_case(ws, ref)
    if case.bundle is None:
        raise InputError(f"No bundle has been built for {case.reference} yet.",
                         code="bundle.none", reference=case.reference)
    return case.bundle.id


def save_copy(ws: Workspace, ref: str, out: Path | str) -> Path:
    """Write the latest bundle to ``out`` (outside the workspace); audited in the case."""
    from sar_desk.store.outfile import check_out, write_out

    ref = normalise_reference(ref)
    target = check_out(out, workspace=ws.path, what="the bundle")
    info, data = bundle_data(ws, ref)
    change_case(ws, ref, None, lambda s, _b, who: audit.append(
        s, who, "bundle_saved", {"bundle_id": info.id, "sha256": info.sha256,
                                 "to": Path(target).name}), action=Action.READ_CASE_DETAILS)
    return write_out(target, data, workspace=ws.path, what="the bundle")


def write_portable(ws: Workspace, ref: str, out_dir: Path | str) -> list[Path]:
    """For a portability right: the items provided, in their native formats, with a JSON
    manifest (``manifest.json``) in ``out_dir``; the export is stored in the case too."""
    from sar_desk.services.case_base import get_document_bytes
    from sar_desk.services.rights import build_portability_export, export_files
    from sar_desk.store.outfile import refuse_inside, write_out

    ref = normalise_reference(ref)
    folder = Path(out_dir).expanduser()
    refuse_inside(folder, ws.path, "the portable bundle")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"Cannot write the portable bundle into {folder}: it is a file, not "
                         "a folder.", code="out.not_a_folder", path=str(folder))
    seen = preview(ws, ref)
    if seen.problems:
        raise BundleBlocked(" ".join(seen.problems) + " Nothing was written.", reference=ref)
    provided = [p for p in seen.items if p.role == ItemRole.PROVIDED]
    if not provided:
        raise BundleBlocked(f"No item of {ref} is provided in full, so there is nothing to "
                            "write in its native format. Nothing was written.", reference=ref)
    export = build_portability_export(ws, ref, [p.document.id for p in provided])
    json_data, _csv = export_files(ws, ref, export.id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"Cannot make the folder {folder}: {exc.strerror or exc}.",
                         path=str(folder)) from None
    written, files = [], []
    for p in provided:
        name = f"{p.number:03d}-{Path(p.document.filename).name}"
        data = get_document_bytes(ws, ref, p.document.id)
        written.append(write_out(folder / name, data, workspace=ws.path, what="an item"))
        files.append({"item": p.number, "file": name, "original_name": p.document.filename,
                      "sha256": p.document.sha256, "size": len(data)})
    export_doc = json.loads(json_data)
    manifest_doc = {"format": "sar-desk-portable-bundle/1", "reference": ref,
                    "legal_basis": export_doc["legal_basis"],
                    "data_subject": export_doc["data_subject"],
                    "created": export_doc["created"], "files": files,
                    "export": export_doc}
    data = json.dumps(manifest_doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    written.append(write_out(folder / "manifest.json", data, workspace=ws.path,
                             what="the manifest"))
    return written
