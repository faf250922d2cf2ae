"""The ``rights`` field of a letter: the rights beyond access, filled from a case.

:func:`rights_fields` gives the right, its outcome, the actions done, exceptions, recipients
told and exports; the acknowledgement and outcome letter kinds of each right
(:mod:`sar_desk.documents.letter_kinds`) and the notice to a recipient
(:mod:`sar_desk.documents.notice`) use it.
"""

from __future__ import annotations

from typing import Any

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

RIGHT_NAMES: dict[RequestType, str] = {  # each right as a letter names it
    RequestType.RECTIFICATION: "rectification", RequestType.ERASURE: "erasure",
    RequestType.RESTRICTION: "restriction", RequestType.PORTABILITY: "data portability",
    RequestType.OBJECTION: "objection",
}


def empty_rights() -> dict[str, Any]:
    """The ``rights`` field of a letter about no right beyond access."""
    return {
        "right": "", "article": "", "title": "",
        "outcome": {"recorded": False, "result": "", "complied": False, "partly": False,
                    "refused": False, "reasons": "", "direct_marketing": False,
                    "decided_on": ""},
        "actions": [], "exceptions": [], "recipients": [], "exports": [],
        "notice": {"recipient": "", "changes": []},
    }


def rights_fields(right: RequestType, case: CaseSnapshot) -> dict[str, Any]:
    """The ``rights`` field of a letter about ``right`` on ``case``."""
    ctx = empty_rights()
    record = case.rights
    ctx.update(right=right.value, article=ARTICLE[right], title=RIGHT_TITLE[right])
    if record is None:
        return ctx
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
    return ctx
