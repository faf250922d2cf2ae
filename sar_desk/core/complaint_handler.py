"""Who handles a complaint: the rule for giving a complaint to a user, and "mine".

A complaint's handler is the login of a user of the workspace who may handle complaints:
those whose roles let them work cases (privacy officers, :func:`works_cases`), as for a
case's assignee. A complaint may also have no handler yet (one logged before handlers
existed, or raised by someone who may not handle it). Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sar_desk.core.roles import Role, works_cases

NO_HANDLER = "no handler"
ROLE_WORDS = {Role.PRIVACY_OFFICER: "a privacy officer", Role.MANAGER: "a manager",
              Role.STAFF: "staff", Role.ADMINISTRATOR: "an administrator"}

# (login, display name, roles) of one user of the workspace.
UserEntry = tuple[str, str, Sequence[Role | str]]


def handles_complaints(roles: Iterable[Role | str]) -> bool:
    """Whether a user holding ``roles`` may handle complaints (the roles that work cases)."""
    return works_cases(roles)


def find_user(text: str, users: Iterable[UserEntry]) -> UserEntry | None:
    """The user named by ``text``: their login or display name, in any case."""
    key = " ".join((text or "").split()).casefold()
    if not key:
        return None
    return next((u for u in users if key in (u[0].casefold(), (u[1] or u[0]).casefold())),
                None)


def handler_reason(handler: str, users: Iterable[UserEntry]) -> str | None:
    """Why a complaint cannot be given to ``handler`` (None: it can).

    ``users`` are every user of the workspace as (login, display name, roles); ``handler``
    may be a login or a display name. The refusal names who may be chosen.
    """
    name = " ".join((handler or "").split())
    entries = list(users)
    logins = sorted((u[0] for u in entries if handles_complaints(u[2])), key=str.casefold)
    choose = (f" Choose one of: {', '.join(logins)}." if logins else
              " Nobody here may handle complaints yet: a privacy officer can.")
    if not name:
        return "Enter the login of the privacy officer who will handle the complaint."
    user = find_user(name, entries)
    if user is None:
        return f"{name} is not a user of this workspace.{choose}"
    login, _shown, roles = user
    if not handles_complaints(roles):
        words = " and ".join(ROLE_WORDS.get(Role(r), str(r)) for r in roles) or "no role"
        return (f"{login} may not handle complaints: only a privacy officer may, and "
                f"{login} is {words}.{choose}")
    return None


def handler_text(handler: str) -> str:
    """The handler as shown in lists: the login, or "no handler"."""
    return handler or NO_HANDLER


def is_mine(handler: str, login: str) -> bool:
    """Whether a complaint handled by ``handler`` is the user ``login``'s."""
    return bool(handler) and handler.casefold() == (login or "").casefold()


def mine_or_unassigned(handler: str, login: str) -> bool:
    """What "My work" lists: the user's own complaints and those with no handler."""
    return not handler or is_mine(handler, login)
