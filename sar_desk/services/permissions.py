"""Permission checks: who is asking, and may they.

``require(ws, action, ref)`` is called by the services at their entry points: it returns the
user when the permission table (:mod:`sar_desk.core.roles`) allows the action, and otherwise
records the refusal in the workspace audit chain (in the registry, so the case file is left
byte for byte as it was) and raises :class:`~sar_desk.errors.PermissionDenied`. The services
call these through :mod:`sar_desk.services.access`, which re-exports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sar_desk.core.roles import Action, Scope, assignee_reason, describe, scope_for, works_cases
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import staff_desk
from sar_desk.services.sign_in import all_users, attach_user
from sar_desk.store import case_flags
from sar_desk.store import users as store
from sar_desk.store.users import User

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace


# --- who is asking, and may they ---------------------------------------------------------


def current_user(ws: Workspace) -> User:
    """The user who opened ``ws`` (looked up by OS login if not yet known)."""
    user = getattr(ws, "user", None)
    if user is None:
        user = attach_user(ws)
    return user


def is_ready(ws: Workspace, ref: str) -> bool:
    """Whether a privacy officer has marked ``ref`` ready for staff (letters, printing)."""
    return case_flags.is_ready(ws.registry, ref)


def ready_references(ws: Workspace) -> set[str]:
    return case_flags.ready_references(ws.registry)


def can(ws: Workspace, action: Action | str, ref: str | None = None) -> bool:
    """Whether the current user may do ``action`` (on ``ref``), without recording anything."""
    user = current_user(ws)
    scope = scope_for(user.roles, action)
    if scope is Scope.ANY:
        return True
    if scope is Scope.READY:
        if staff_desk.is_staff_only(ws):  # no registry: ready cases are in the ready store
            return ref is None
        return ref is None or is_ready(ws, ref)
    return False


def require(ws: Workspace, action: Action | str, ref: str | None = None) -> User:
    """Return the current user if allowed; else audit the refusal and raise PermissionDenied.

    For an action staff may do only on ready cases, ``ref=None`` means "some case": the
    caller limits what it shows (see :func:`visible`).
    """
    action = Action(action)
    user = current_user(ws)
    if staff_desk.is_staff_only(ws):  # the case services need the content key
        raise staff_desk.refuse(ws, action, ref)
    if can(ws, action, ref):
        return user
    roles = ", ".join(r.value.replace("_", " ") for r in user.roles) or "no role"
    scope = scope_for(user.roles, action)
    why = (f"{ref} has not been marked ready by a privacy officer"
           if scope is Scope.READY else f"a {roles} may not {describe(action)}")
    with ws.registry.writing() as conn:
        store.append_audit(conn, user.login, "refused",
                           {"action": action.value, "roles": [r.value for r in user.roles]},
                           reference=ref or "")
    target = f" on {ref}" if ref else ""
    raise PermissionDenied(f"{user.login} may not {describe(action)}{target}: {why}. Nothing "
                           "was changed; the attempt was recorded in the workspace audit.")


def visible(ws: Workspace, summaries: list) -> list:
    """Keep only the cases the current user may read (staff: the cases marked ready)."""
    user = current_user(ws)
    if scope_for(user.roles, Action.READ_CASE) is Scope.ANY:
        return summaries
    ready = ready_references(ws)
    return [s for s in summaries if s.reference in ready]


# --- who may be given a case -------------------------------------------------------------


def case_workers(ws: Workspace) -> list[User]:
    """The users a case may be assigned to: those whose roles let them work cases."""
    current_user(ws)  # only a user of the workspace learns who works in it
    users = [u for u in all_users(ws) if works_cases(u.roles)]
    return sorted(users, key=lambda u: u.label.casefold())


def resolve_assignee(ws: Workspace, assignee: str) -> str:
    """The name a case is assigned by for ``assignee`` (a login or display name of a user
    who may work cases); anyone else is refused by name with an InputError."""
    workers = case_workers(ws)
    reason = assignee_reason(assignee, [(u.login, u.name) for u in workers])
    name = " ".join((assignee or "").split())
    if reason:
        raise InputError(f"{reason} Nothing was changed.", code="case.assignee_not_a_worker",
                         assignee=name)
    key = name.casefold()
    return next(u.label for u in workers if key in (u.login.casefold(), u.label.casefold()))
