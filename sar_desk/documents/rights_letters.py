"""Letters for the rights beyond access: per-right acknowledgement and outcome, Art. 19 notice.

The kinds (``erasure-acknowledgement``, ``erasure-outcome``...) join the letter kinds and
use the same templates, document model and renderers; :func:`rights_context` adds the
``rights`` field (the right, its outcome, the actions done, exceptions, recipients told,
exports). The notice to a recipient (Art. 19) is addressed to the recipient, not the
requester, so :func:`build_notice_document` builds it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sar_desk.core.entities import CaseSnapshot, RequestType
from sar_desk.core.rights import (
    ART19_RIGHTS,
    ARTICLE,
    BY_CODE,
    RIGHT_TITLE,
    ActionKind,
    ObjectionBasis,
    Result,
)
from sar_desk.documents.dates import long_date
from sar_desk.documents.errors import LetterNotAllowed

if TYPE_CHECKING:
    from sar_desk.core.deadline_result import DeadlineResult
    from sar_desk.documents.context import Sender
    from sar_desk.documents.model import Document
    from sar_desk.documents.profile import Profile

TEXT, FLAG = "text", "flag"
RIGHTS_FIELDS: dict[str, Any] = {
    "right": TEXT, "article": TEXT, "title": TEXT,
    "outcome": {"recorded": FLAG, "result": TEXT, "complied": FLAG, "partly": FLAG,
                "refused": FLAG, "reasons": TEXT, "direct_marketing": FLAG,
                "decided_on": TEXT},
    "actions": [{"kind": TEXT, "text": TEXT, "system": TEXT, "detail": TEXT, "lifts": TEXT,
                 "done_on": TEXT}],
    "exceptions": [{"code": TEXT, "title": TEXT, "reference": TEXT, "reason": TEXT,
                    "system": TEXT}],
    "recipients": [{"name": TEXT, "told": FLAG, "on": TEXT, "method": TEXT, "note": TEXT}],
    "exports": [{"name": TEXT, "sha256": TEXT, "size": TEXT}],
    "notice": {"recipient": TEXT, "changes": [TEXT]},
}

_NAMES = {
    RequestType.RECTIFICATION: "rectification", RequestType.ERASURE: "erasure",
    RequestType.RESTRICTION: "restriction", RequestType.PORTABILITY: "data portability",
    RequestType.OBJECTION: "objection",
}
RIGHTS_LETTER_KINDS: dict[str, tuple[str, str]] = {}
for _right, _name in _NAMES.items():
    _a = "an" if _name[0] in "aeiou" else "a"
    RIGHTS_LETTER_KINDS[f"{_right.value}-acknowledgement"] = (
        f"confirms {_a} {_name} request arrived and gives the due date",
        f"Acknowledgement of your {_name} request")
    RIGHTS_LETTER_KINDS[f"{_right.value}-outcome"] = (
        f"the outcome of {_a} {_name} request: what was done, or the refusal with the rights",
        f"Outcome of your {_name} request")
NOTICE_KIND = "recipient-notice"
NOTICE_TITLE = "Notice of a change to personal data (Article 19 UK GDPR)"


def right_of_kind(kind: str) -> RequestType | None:
    """The right a rights letter kind is about (None for the other kinds)."""
    if kind not in RIGHTS_LETTER_KINDS:
        return None
    return RequestType(kind.rsplit("-", 1)[0])


def _empty() -> dict[str, Any]:
    return {
        "right": "", "article": "", "title": "",
        "outcome": {"recorded": False, "result": "", "complied": False, "partly": False,
                    "refused": False, "reasons": "", "direct_marketing": False,
                    "decided_on": ""},
        "actions": [], "exceptions": [], "recipients": [], "exports": [],
        "notice": {"recipient": "", "changes": []},
    }


def _fill(ctx: dict[str, Any], right: RequestType, case: CaseSnapshot) -> None:
    record = case.rights
    ctx.update(right=right.value, article=ARTICLE[right], title=RIGHT_TITLE[right])
    if record is None:
        return
    outcome = record.outcome(right)
    if outcome is not None:
        ctx["outcome"] = {
            "recorded": True, "result": outcome.result.value,
            "complied": outcome.result == Result.COMPLIED,
            "partly": outcome.result == Result.PARTLY,
            "refused": outcome.result == Result.REFUSED, "reasons": outcome.reasons,
            "direct_marketing": outcome.basis == ObjectionBasis.DIRECT_MARKETING,
            "decided_on": long_date(outcome.decided_on),
        }
    for a in record.actions_for(right):
        if not a.done:
            continue
        if a.kind == ActionKind.EXCEPTION:
            entry = BY_CODE.get(a.code)
            ctx["exceptions"].append({
                "code": a.code, "title": entry.title if entry else a.code,
                "reference": entry.reference.replace("UK GDPR Art.", "Article")
                if entry else "", "reason": a.reason, "system": a.system})
            continue
        ctx["actions"].append({"kind": a.kind.value, "text": a.text(), "system": a.system,
                               "detail": a.detail, "lifts": a.lifts,
                               "done_on": long_date(a.done_on)})
    if right in ART19_RIGHTS:
        for name, told in record.told(right).items():
            ctx["recipients"].append({"name": name, "told": told.told, "on": long_date(told.on),
                                      "method": told.method, "note": told.note})
    if right == RequestType.PORTABILITY:
        for export in record.exports:
            for suffix, digest, size in (("json", export.json_sha256, export.json_size),
                                         ("csv", export.csv_sha256, export.csv_size)):
                ctx["exports"].append({"name": f"{export.file_stem}.{suffix}",
                                       "sha256": digest, "size": f"{size:,} bytes"})


def rights_context(kind: str, case: CaseSnapshot) -> dict[str, Any]:
    """The ``rights`` field of a letter's context; refuses a rights letter the case lacks."""
    ctx = _empty()
    right = right_of_kind(kind)
    if right is None:
        return ctx
    ref = case.reference
    if right not in case.request_types:
        raise LetterNotAllowed(f"case {ref} does not ask for {right.value}: add the right to "
                               f"the case before writing a {kind} letter")
    _fill(ctx, right, case)
    if kind.endswith("-outcome") and not ctx["outcome"]["recorded"]:
        raise LetterNotAllowed(f"case {ref} has no outcome recorded for {right.value}: record "
                               "what was done, or the refusal and its reasons, first")
    return ctx


def build_notice_document(
    case: CaseSnapshot, right: RequestType, recipient: str, *, profile: Profile,
    sender: Sender, as_of: dt.date, deadline: DeadlineResult,
    address: tuple[str, ...] = (),
) -> Document:
    """The Art. 19 notice to one recipient of a rectification, erasure or restriction."""
    from pathlib import Path

    import jinja2

    from sar_desk.documents.context import build_context
    from sar_desk.documents.errors import TemplateFieldError
    from sar_desk.documents.markup import parse_markup
    from sar_desk.documents.model import AddressBlock, Document, Heading, SignatureBlock
    from sar_desk.documents.render import _letterhead
    from sar_desk.documents.templates import check_template, environment

    if right not in ART19_RIGHTS:
        raise LetterNotAllowed("recipients are told of rectification, erasure and "
                               f"restriction (Art. 19), not of {right.value}")
    if right not in case.request_types:
        raise LetterNotAllowed(f"case {case.reference} does not ask for {right.value}")
    context = build_context(NOTICE_KIND, NOTICE_TITLE, case, deadline, profile, sender, as_of)
    rights = _empty()
    _fill(rights, right, case)
    if not rights["actions"]:
        raise LetterNotAllowed(f"case {case.reference} has nothing recorded as done for "
                               f"{right.value}: there is no change to tell recipients about")
    rights["notice"] = {"recipient": recipient,
                        "changes": [a["text"] for a in rights["actions"]]}
    context["rights"] = rights
    env = environment(profile.templates_dir)
    try:
        source, filename, _ = env.loader.get_source(env, f"{NOTICE_KIND}.j2")  # type: ignore
    except jinja2.TemplateNotFound:
        raise TemplateFieldError(f"the template {NOTICE_KIND}.j2 is missing") from None
    check_template(source, Path(filename or NOTICE_KIND).name)
    body = parse_markup(env.get_template(f"{NOTICE_KIND}.j2").render(context))
    subject = next((b.text for b in body if isinstance(b, Heading) and b.level == 1),
                   NOTICE_TITLE)
    org = profile.get("organisation.name")
    return Document(
        title=subject, reference=case.reference, letterhead=_letterhead(profile),
        recipient=AddressBlock((recipient, *address)),
        details=(("Date", long_date(as_of)), ("Our reference", case.reference)),
        body=body, signature=SignatureBlock("Yours faithfully,", sender.name, sender.role, org),
        author=org, keywords=(NOTICE_KIND, case.reference),
    )
