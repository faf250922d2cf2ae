"""Who may do what: the roles of a workspace and the permission table, kept in code.

* A **privacy officer** works cases: everything that changes a case, letters, sign-off of a
  colleague's letter, marking a case ready for staff, legal hold, and checking and
  rebuilding the workspace (verify, reindex).
* A **manager** reads every case and the dashboard, reassigns cases and approves letters,
  but never changes a case's content.
* **Staff** list and print (dispatch) the letters of cases a privacy officer has marked
  ready: the reference, the addressee's name and address, and the stored letters, read from
  the ready letters store that their staff key opens. They hold no key to the cases, so they
  never read a case itself (request, notes, documents, exemption reasoning, audit trail) and
  do not generate letters.
* An **administrator** manages users, the organisation profile, retention (including the
  purge), legal hold, backups, and checking and rebuilding the workspace (verify,
  reindex); an administrator does not read case content.

A user may hold several roles (the first user of a new workspace is administrator and
privacy officer, so one person can start working at once). The services call
``sar_desk.services.access.require(ws, action, ref)`` at their entry points.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Role(enum.StrEnum):
    PRIVACY_OFFICER = "privacy_officer"
    MANAGER = "manager"
    STAFF = "staff"
    ADMINISTRATOR = "administrator"


class Action(enum.StrEnum):
    CREATE_CASE = "create_case"
    RECORD_EVENT = "record_event"
    APPLY_EXEMPTION = "apply_exemption"
    RECORD_DECISION = "record_decision"
    ATTACH_DOCUMENT = "attach_document"
    SET_DOCUMENT_STATUS = "set_document_status"
    ADD_NOTE = "add_note"
    ADD_SEARCH_LOG = "add_search_log"
    EDIT_CASE = "edit_case"
    ASSIGN_CASE = "assign_case"
    EXPORT_CASE = "export_case"
    READ_CASE = "read_case"
    READ_CASE_DETAILS = "read_case_details"
    LIST_CASES = "list_cases"
    READ_DASHBOARD = "read_dashboard"
    GENERATE_LETTER = "generate_letter"
    DISPATCH_LETTER = "dispatch_letter"
    MARK_READY = "mark_ready"
    REQUEST_APPROVAL = "request_approval"
    APPROVE_LETTER = "approve_letter"
    MANAGE_USERS = "manage_users"
    EDIT_PROFILE = "edit_profile"
    VIEW_RETENTION = "view_retention"
    PURGE_CASE = "purge_case"
    LEGAL_HOLD = "legal_hold"
    BACKUP = "backup"
    RESTORE = "restore"
    MAINTAIN_WORKSPACE = "maintain_workspace"
    UNLOCK_CASE = "unlock_case"


class Scope(enum.Enum):
    """How far a permission reaches: every case, or only cases marked ready for staff."""

    ANY = "any"
    READY = "ready"


DESCRIPTIONS: dict[Action, str] = {
    Action.CREATE_CASE: "log a new case",
    Action.RECORD_EVENT: "record a timeline event",
    Action.APPLY_EXEMPTION: "apply an exemption",
    Action.RECORD_DECISION: "record a fee or refusal decision",
    Action.ATTACH_DOCUMENT: "attach a document",
    Action.SET_DOCUMENT_STATUS: "change a document's disclosure status",
    Action.ADD_NOTE: "add a note",
    Action.ADD_SEARCH_LOG: "record a search",
    Action.EDIT_CASE: "change a case",
    Action.ASSIGN_CASE: "assign or reassign a case",
    Action.EXPORT_CASE: "export a hand-over copy of a case",
    Action.READ_CASE: "read a case",
    Action.READ_CASE_DETAILS: "read a case's request, notes, documents and audit trail",
    Action.LIST_CASES: "list cases",
    Action.READ_DASHBOARD: "read the dashboard and reports",
    Action.GENERATE_LETTER: "generate a letter",
    Action.DISPATCH_LETTER: "print or dispatch a letter",
    Action.MARK_READY: "mark a case ready for letters",
    Action.REQUEST_APPROVAL: "ask for a letter to be approved",
    Action.APPROVE_LETTER: "approve a letter",
    Action.MANAGE_USERS: "manage users",
    Action.EDIT_PROFILE: "edit the organisation profile",
    Action.VIEW_RETENTION: "see the retention list",
    Action.PURGE_CASE: "purge cases past retention",
    Action.LEGAL_HOLD: "place or release a legal hold",
    Action.BACKUP: "back up the workspace",
    Action.RESTORE: "restore the workspace from a backup",
    Action.MAINTAIN_WORKSPACE: "check and rebuild the workspace (verify, reindex)",
    Action.UNLOCK_CASE: "release a case's write lock left by a program that stopped",
}

_A, _R = Scope.ANY, Scope.READY
_CASE_WORK = (
    Action.CREATE_CASE, Action.RECORD_EVENT, Action.APPLY_EXEMPTION, Action.RECORD_DECISION,
    Action.ATTACH_DOCUMENT, Action.SET_DOCUMENT_STATUS, Action.ADD_NOTE, Action.ADD_SEARCH_LOG,
    Action.EDIT_CASE, Action.ASSIGN_CASE, Action.EXPORT_CASE, Action.READ_CASE,
    Action.READ_CASE_DETAILS,
    Action.LIST_CASES, Action.READ_DASHBOARD, Action.GENERATE_LETTER, Action.DISPATCH_LETTER,
    Action.MARK_READY, Action.REQUEST_APPROVAL, Action.APPROVE_LETTER, Action.LEGAL_HOLD,
)

PERMISSIONS: dict[Role, dict[Action, Scope]] = {
    Role.PRIVACY_OFFICER: {**{action: _A for action in _CASE_WORK},
                           Action.MAINTAIN_WORKSPACE: _A},
    Role.MANAGER: {
        Action.READ_CASE: _A, Action.READ_CASE_DETAILS: _A, Action.LIST_CASES: _A,
        Action.READ_DASHBOARD: _A, Action.ASSIGN_CASE: _A, Action.APPROVE_LETTER: _A,
    },
    Role.STAFF: {Action.LIST_CASES: _R, Action.DISPATCH_LETTER: _R},
    Role.ADMINISTRATOR: {
        Action.MANAGE_USERS: _A, Action.EDIT_PROFILE: _A, Action.VIEW_RETENTION: _A,
        Action.PURGE_CASE: _A, Action.LEGAL_HOLD: _A, Action.BACKUP: _A, Action.RESTORE: _A,
        Action.MAINTAIN_WORKSPACE: _A, Action.UNLOCK_CASE: _A,
    },
}

# Actions that need a case and so can be limited to the cases marked ready.
CASE_ACTIONS = frozenset(_CASE_WORK) - {Action.CREATE_CASE, Action.LIST_CASES,
                                        Action.READ_DASHBOARD}


def parse_role(text: str) -> Role:
    """A role from its name (``privacy_officer``, ``privacy-officer``, ``manager``...)."""
    from sar_desk.errors import InputError

    key = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return Role(key)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InputError(f"Unknown role {text!r}: use one of {choices}.") from None


def parse_roles(text: str | Iterable[str]) -> tuple[Role, ...]:
    """Roles from ``"manager"``, ``"administrator,privacy_officer"`` or a list of names."""
    from sar_desk.errors import InputError

    parts = text.split(",") if isinstance(text, str) else list(text)
    roles = tuple(dict.fromkeys(parse_role(p) for p in parts if str(p).strip()))
    if not roles:
        raise InputError("Give at least one role.")
    return roles


def scope_for(roles: Iterable[Role | str], action: Action | str) -> Scope | None:
    """The widest scope any of ``roles`` has for ``action``; None when none allows it."""
    action = Action(action)
    best: Scope | None = None
    for role in roles:
        scope = PERMISSIONS[Role(role)].get(action)
        if scope is Scope.ANY:
            return scope
        best = best or scope
    return best


def describe(action: Action | str) -> str:
    return DESCRIPTIONS[Action(action)]


def works_cases(roles: Iterable[Role | str]) -> bool:
    """Whether a user holding ``roles`` may work cases (change any case): only they are
    given cases to work."""
    return scope_for(roles, Action.EDIT_CASE) is Scope.ANY


def assignee_reason(assignee: str, workers: Iterable[tuple[str, str]]) -> str | None:
    """Why a case cannot be assigned to ``assignee`` (None: it can).

    ``workers`` are the (login, display name) pairs of the users who may work cases; either
    may be given, in any case. The names are listed so the refusal says who may be chosen.
    """
    name = " ".join((assignee or "").split())  # one line, however it was typed
    if not name:
        return "Enter who will work the case."
    pairs = list(workers)
    if any(name.casefold() in (login.casefold(), (shown or login).casefold())
           for login, shown in pairs):
        return None
    names = sorted({shown or login for login, shown in pairs}, key=str.casefold)
    choose = f" Choose one of: {', '.join(names)}." if names else ""
    return (f"{name} is not a user of this workspace who may work cases (a privacy "
            f"officer).{choose}")
