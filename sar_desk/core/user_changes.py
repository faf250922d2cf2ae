"""What changing the users does, in words an administrator confirms before it happens.

Removing a user, or taking away every role that reads cases or the administrator role,
replaces the workspace keys (when the user list is signed): each case key is re-wrapped,
the registry re-keyed and the administrators' signing key replaced, so what the person
kept opens nothing made afterwards and signs no list the others accept. The last
administrator can be neither removed nor demoted. Pure rules: the services enforce them,
the window shows them first.
"""

from __future__ import annotations

from collections.abc import Iterable

from sar_desk.core.roles import Role

CONTENT_ROLES = frozenset({Role.PRIVACY_OFFICER, Role.MANAGER, Role.ADMINISTRATOR})


def _reads(roles: Iterable[Role]) -> bool:
    return bool(CONTENT_ROLES & set(roles))


def replaces_keys(before: Iterable[Role], after: Iterable[Role]) -> bool:
    """Whether changing roles from ``before`` to ``after`` replaces the workspace keys: the
    person leaves every role that reads cases, or the administrator role (whose signing key
    they held)."""
    before, after = set(before), set(after)
    return (_reads(before) and not _reads(after)) or (
        Role.ADMINISTRATOR in before and Role.ADMINISTRATOR not in after)


def last_admin_reason(login: str, roles_after: Iterable[Role] | None,
                      other_admins: int) -> str | None:
    """Why ``login`` cannot lose the administrator role (``roles_after`` None: removed)."""
    keeps = roles_after is not None and Role.ADMINISTRATOR in set(roles_after)
    if keeps or other_admins > 0:
        return None
    return f"{login} is the last administrator; make someone else an administrator first."


def removal_consequences(login: str, *, signed: bool) -> list[str]:
    """What removing ``login`` does, one sentence each."""
    said = [f"{login} can no longer open the workspace; their own credential is deleted."]
    if signed:
        said.append("The workspace keys are replaced: every case key is wrapped again, "
                    "the registry is re-keyed and the administrators get a new signing key, "
                    f"so nothing made from now on opens with what {login} held, and a user "
                    "list signed with an old key is refused. This can take a while on a large "
                    "workspace.")
        said.append("Users who have not opened the workspace since its users were signed "
                    "may need a new first passphrase, and a new recovery key may be shown "
                    "once: keep it safe.")
    said.append(f"What {login} could read before may have been copied; nothing undoes that.")
    return said


def role_change_consequences(login: str, before: Iterable[Role], after: Iterable[Role], *,
                             signed: bool) -> list[str]:
    """What changing ``login``'s roles from ``before`` to ``after`` does beyond the roles."""
    before, after = tuple(before), tuple(after)
    if _reads(before) and not _reads(after):
        said = [f"{login} no longer reads cases."]
        if signed:
            said.append("The workspace keys are replaced, as when a user is removed: what "
                        f"{login} held opens nothing made from now on.")
        return said
    if replaces_keys(before, after):
        said = [f"{login} is no longer an administrator."]
        if signed:
            said.append("The workspace keys are replaced, as when a user is removed: the "
                        f"administrators get a new signing key, so a user list signed with "
                        f"the one {login} held is refused.")
        return said
    if not _reads(before) and _reads(after):
        return [f"{login} will read every case from their next open."]
    return []
