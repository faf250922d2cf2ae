"""What a change to the users would do, for an administrator to confirm before it is made
(the window asks first; :mod:`sar_desk.services.access` makes the change)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sar_desk.core import user_changes
from sar_desk.core.roles import Role, parse_roles
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.store.roster import Roster

if TYPE_CHECKING:
    from sar_desk.store.workspace import Workspace


def _user(ws: Workspace, login: str) -> tuple[access.User, int]:
    """``login`` and how many other administrators there are (administrators only)."""
    users = access.list_users(ws)  # only an administrator may see them
    user = next((u for u in users if u.login == login), None)
    if user is None:
        raise InputError(f"{login!r} is not a user of this workspace.", code="user.unknown",
                         login=login)
    others = sum(Role.ADMINISTRATOR in u.roles for u in users if u.login != login)
    return user, others


def removal_consequences(ws: Workspace, login: str) -> list[str]:
    """What removing ``login`` would do; raises InputError when it would be refused (an
    unknown user, the last administrator)."""
    _user_found, others = _user(ws, login)
    reason = user_changes.last_admin_reason(login, None, others)
    if reason:
        raise InputError(reason, code="user.last_admin", login=login)
    return user_changes.removal_consequences(login, signed=isinstance(ws.roster, Roster))


def role_change_consequences(ws: Workspace, login: str, roles: str | tuple) -> list[str]:
    """What giving ``login`` ``roles`` would do beyond the roles (refused as the change
    would be)."""
    before, others = _user(ws, login)
    parsed = parse_roles(roles)
    reason = user_changes.last_admin_reason(login, parsed, others)
    if reason:
        raise InputError(reason, code="user.last_admin", login=login)
    return user_changes.role_change_consequences(login, before.roles, parsed,
                                                 signed=isinstance(ws.roster, Roster))
