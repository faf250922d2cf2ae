"""Every data-subject right beyond access: checklist actions, outcomes, Art. 17(3) exceptions.

Pure values (no store, no Qt). A request may exercise several rights
(:class:`~sar_desk.core.request_types.RequestType`); each right gets its own checklist of actions
(who did what, when), its own outcome, and, for rectification, erasure and restriction, the
recipients told (Art. 19). The checklist and closing rules built on these values are in
:mod:`sar_desk.core.rights_rules`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sar_desk.core.request_types import RequestType
from sar_desk.errors import InputError

ARTICLE = {
    RequestType.ACCESS: "Article 15", RequestType.RECTIFICATION: "Article 16",
    RequestType.ERASURE: "Article 17", RequestType.RESTRICTION: "Article 18",
    RequestType.PORTABILITY: "Article 20", RequestType.OBJECTION: "Article 21",
}
RIGHT_TITLE = {
    RequestType.ACCESS: "access to your personal information",
    RequestType.RECTIFICATION: "correction of your personal information (rectification)",
    RequestType.ERASURE: "erasure of your personal information",
    RequestType.RESTRICTION: "restriction of the use of your personal information",
    RequestType.PORTABILITY: "a portable copy of the information you gave us (portability)",
    RequestType.OBJECTION: "your objection to our use of your personal information",
}
# The rights whose changes must be passed on to the recipients of the data (Art. 19).
ART19_RIGHTS = (RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.RESTRICTION)


class ActionKind(StrEnum):
    CORRECTED = "corrected"  # rectification: a system corrected, and what changed
    ERASED = "erased"  # erasure: a system the data was erased from
    EXCEPTION = "exception"  # erasure: an Art. 17(3) exception relied on, with a reason
    RESTRICTED = "restricted"  # restriction: what was restricted, and when it lifts
    LIFTED = "lifted"  # restriction: the restriction lifted (the person told first)
    EXPORTED = "exported"  # portability: the export produced (recorded by the export)
    TRANSMITTED = "transmitted"  # portability: sent direct to another controller
    MARKETING_STOPPED = "marketing_stopped"  # objection: direct marketing stopped
    PROCESSING_STOPPED = "processing_stopped"  # objection upheld: processing stopped
    BALANCING_TEST = "balancing_test"  # objection: the balancing test and its result


@dataclass(frozen=True)
class ActionSpec:
    kind: ActionKind
    label: str
    needs_system: bool
    needs_detail: str = ""  # what the detail must say ("" = optional)


SPECS: dict[ActionKind, ActionSpec] = {s.kind: s for s in (
    ActionSpec(ActionKind.CORRECTED, "System corrected", True, "what was changed"),
    ActionSpec(ActionKind.ERASED, "Erased from", True),
    ActionSpec(ActionKind.EXCEPTION, "Exception relied on (Art. 17(3))", False),
    ActionSpec(ActionKind.RESTRICTED, "Restricted", True, "what was restricted"),
    ActionSpec(ActionKind.LIFTED, "Restriction lifted", True),
    ActionSpec(ActionKind.EXPORTED, "Export produced", False),
    ActionSpec(ActionKind.TRANSMITTED, "Sent to another controller", False,
               "which controller it was sent to"),
    ActionSpec(ActionKind.MARKETING_STOPPED, "Direct marketing stopped", True),
    ActionSpec(ActionKind.PROCESSING_STOPPED, "Processing stopped", True),
    ActionSpec(ActionKind.BALANCING_TEST, "Balancing test", False,
               "the legitimate grounds weighed against the person's situation"),
)}

# The actions each right records on its checklist.
ACTIONS: dict[RequestType, tuple[ActionKind, ...]] = {
    RequestType.ACCESS: (),
    RequestType.RECTIFICATION: (ActionKind.CORRECTED,),
    RequestType.ERASURE: (ActionKind.ERASED, ActionKind.EXCEPTION),
    RequestType.RESTRICTION: (ActionKind.RESTRICTED, ActionKind.LIFTED),
    RequestType.PORTABILITY: (ActionKind.EXPORTED, ActionKind.TRANSMITTED),
    RequestType.OBJECTION: (ActionKind.MARKETING_STOPPED, ActionKind.PROCESSING_STOPPED,
                            ActionKind.BALANCING_TEST),
}


class Result(StrEnum):
    COMPLIED = "complied"  # done in full
    PARTLY = "partly"  # done in part (the rest refused, with reasons)
    REFUSED = "refused"  # not done: reasons, and the rights to complain and go to court


class ObjectionBasis(StrEnum):
    DIRECT_MARKETING = "direct-marketing"  # Art. 21(2)-(3): absolute, processing must stop
    BALANCING = "balancing"  # Art. 21(1): compelling legitimate grounds weighed


@dataclass(frozen=True)
class ErasureException:
    code: str
    reference: str
    title: str
    summary: str


CATALOGUE: tuple[ErasureException, ...] = (
    ErasureException("expression", "UK GDPR Art. 17(3)(a)",
                     "Freedom of expression and information",
                     "Keeping the data is necessary to exercise the right of freedom of "
                     "expression and information."),
    ErasureException("legal-obligation", "UK GDPR Art. 17(3)(b)",
                     "Legal obligation or public task",
                     "Keeping the data is necessary to comply with a legal obligation, or for "
                     "a task in the public interest or in the exercise of official authority."),
    ErasureException("public-health", "UK GDPR Art. 17(3)(c)", "Public health",
                     "Keeping the data is necessary for reasons of public interest in the area "
                     "of public health."),
    ErasureException("archiving-research", "UK GDPR Art. 17(3)(d)",
                     "Archiving, scientific or historical research, or statistics",
                     "Archiving in the public interest, research or statistics, where erasure "
                     "would make those purposes impossible or seriously impair them."),
    ErasureException("legal-claims", "UK GDPR Art. 17(3)(e)", "Legal claims",
                     "Keeping the data is necessary to establish, exercise or defend legal "
                     "claims."),
)
BY_CODE = {e.code: e for e in CATALOGUE}


def get_exception(code: str) -> ErasureException:
    """The Art. 17(3) catalogue entry for ``code``, or an InputError listing the codes."""
    key = (code or "").strip().lower()
    if key in BY_CODE:
        return BY_CODE[key]
    raise InputError(f"Unknown erasure exception {code!r}. Use one of: {', '.join(BY_CODE)}.",
                     code="erasure_exception.unknown", given=code)


def parse_right(value: str | RequestType) -> RequestType:
    try:
        return RequestType(str(value).strip().lower())
    except ValueError:
        raise InputError(f"Unknown right {value!r}: use one of "
                         f"{', '.join(t.value for t in RequestType)}.") from None


def parse_action(right: RequestType, value: str | ActionKind) -> ActionKind:
    allowed = ACTIONS[right]
    text = str(value).strip().lower().replace("-", "_")
    if text in {a.value for a in allowed}:
        return ActionKind(text)
    if not allowed:
        raise InputError(f"The {right.value} right has no checklist actions of its own: "
                         "record searches, documents and the response instead.")
    names = ", ".join(a.value.replace("_", "-") for a in allowed)
    raise InputError(f"{value!r} is not an action of the {right.value} checklist; use one "
                     f"of: {names}.")


# --- recorded values ---------------------------------------------------------------------


@dataclass(frozen=True)
class RightAction:
    """One line of a checklist. ``done`` False: still to do (a system not yet dealt with)."""

    id: int
    right: RequestType
    kind: ActionKind
    system: str = ""
    detail: str = ""
    code: str = ""  # erasure exception code
    reason: str = ""  # why the exception applies
    lifts: str = ""  # restriction: when or on what condition it lifts
    done: bool = True
    done_on: dt.date | None = None
    recorded_at: dt.datetime | None = None
    recorded_by: str = ""
    completed_by: str = ""
    export_id: int | None = None

    def text(self) -> str:
        """One line describing the action, as letters and ``case show`` print it."""
        spec = SPECS[self.kind]
        parts = [spec.label]
        if self.kind == ActionKind.EXCEPTION:
            entry = BY_CODE.get(self.code)
            parts = [f"{spec.label}: {entry.title if entry else self.code}"]
            if self.system:
                parts.append(f"for {self.system}")
        elif self.system:
            parts.append(self.system)
        line = " ".join(parts)
        if self.detail:
            line += f" – {self.detail}"
        if self.lifts:
            line += f" (lifts: {self.lifts})"
        return line


@dataclass(frozen=True)
class RightOutcome:
    right: RequestType
    result: Result
    reasons: str = ""
    basis: ObjectionBasis | None = None  # objection only
    decided_on: dt.date | None = None
    decided_by: str = ""


@dataclass(frozen=True)
class RecipientTold:
    """Whether a recipient of the data was told of a rectification, erasure or restriction."""

    right: RequestType
    recipient: str
    told: bool
    on: dt.date | None = None
    method: str = ""
    note: str = ""  # why not told (impossible, disproportionate effort, never disclosed)
    recorded_by: str = ""


@dataclass(frozen=True)
class PortabilityExport:
    id: int
    document_ids: tuple[int, ...]
    json_sha256: str
    csv_sha256: str
    json_size: int
    csv_size: int
    created_at: dt.datetime | None = None
    created_by: str = ""

    @property
    def file_stem(self) -> str:
        return f"portability-export-{self.id}"


@dataclass(frozen=True)
class RightsRecord:
    """Everything recorded about the rights a case exercises (read from the case file)."""

    actions: tuple[RightAction, ...] = ()
    outcomes: tuple[RightOutcome, ...] = ()
    recipients: tuple[RecipientTold, ...] = ()
    exports: tuple[PortabilityExport, ...] = ()

    def actions_for(self, right: RequestType) -> tuple[RightAction, ...]:
        return tuple(a for a in self.actions if a.right == right)

    def outcome(self, right: RequestType) -> RightOutcome | None:
        found = [o for o in self.outcomes if o.right == right]
        return found[-1] if found else None

    def told(self, right: RequestType) -> dict[str, RecipientTold]:
        """The latest entry per recipient for ``right``."""
        out: dict[str, RecipientTold] = {}
        for r in self.recipients:
            if r.right == right:
                out[r.recipient] = r
        return out


EMPTY = RightsRecord()
