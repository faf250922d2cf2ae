"""Who may handle complaints in a workspace, and turning a typed name into a handler's login.

The rule is :func:`sar_desk.core.complaint_handler.handler_reason`; this module gives it the
workspace's users (from the signed user list where there is one, as sign-in reads them).
"""

from __future__ import annotations

from sar_desk.core.complaint_handler import UserEntry, find_user, handler_reason, handles_complaints
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.store import users as user_store
from sar_desk.store.roster import Roster
from sar_desk.store.users import User
from sar_desk.store.workspace import Workspace


def workspace_users(ws: Workspace) -> list[UserEntry]:
    """(login, display name, roles) of every user of ``ws``, for the handler rule. Only a
    user of the workspace learns who works in it."""
    access.current_user(ws)
    roster = ws.roster
    if isinstance(roster, Roster):
        return sorted(((m.login, m.name, m.roles) for m in roster.members),
                      key=lambda u: u[0])
    return [(u.login, u.name, u.roles) for u in user_store.list_users(ws.registry)]


def complaint_handlers(ws: Workspace) -> list[UserEntry]:
    """The users a complaint may be given to (privacy officers), by login."""
    return [u for u in workspace_users(ws) if handles_complaints(u[2])]


def resolve_handler(ws: Workspace, handler: str, *, unchanged: str = "Nothing was changed."
                    ) -> str:
    """The login of the user ``handler`` names (login or display name), when they may handle
    complaints; otherwise an InputError giving the rule's reason, then ``unchanged``."""
    users = workspace_users(ws)
    reason = handler_reason(handler, users)
    name = " ".join((handler or "").split())
    user = find_user(name, users)
    if user is None:
        raise InputError(f"{reason} {unchanged}", code="complaint.handler_unknown",
                         handler=name)
    if reason:
        raise InputError(f"{reason} {unchanged}", code="complaint.handler_not_allowed",
                         handler=user[0])
    return user[0]


def default_handler(user: User) -> str:
    """Who handles a complaint ``user`` raises when nobody is named: themselves, if they may
    handle complaints; else nobody yet."""
    return user.login if handles_complaints(user.roles) else ""
