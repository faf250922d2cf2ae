"""Typed errors of a team workspace's server."""

from __future__ import annotations

from sar_desk.store.errors import StoreError


class ServerUnreachable(StoreError):
    """The PostgreSQL server does not answer (or refuses the connection)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"The team workspace server {where} cannot be reached: {problem}. "
                         "Nothing was changed.", code="server.unreachable", server=where)


class StaleSave(StoreError):
    """Someone else saved the case since this copy was read: the save is refused."""

    def __init__(self, reference: str, expected: int, current: int) -> None:
        super().__init__(
            f"{reference} was changed by someone else since you opened it (you have version "
            f"{expected}, the server has version {current}). Your change was not saved and "
            "nothing was lost: it is still here to copy after the case is reloaded.",
            code="case.stale_save", reference=reference, expected=expected, current=current)
        self.reference = reference
        self.expected = expected
        self.current = current


class ServerNotInitialised(StoreError):
    """The database holds no SAR Desk team workspace."""

    def __init__(self, where: str) -> None:
        super().__init__(f"The database {where} holds no SAR Desk team workspace.",
                         code="server.no_workspace", server=where)


class ServerInUse(StoreError):
    """The database already holds a SAR Desk team workspace."""

    def __init__(self, where: str) -> None:
        super().__init__(f"The database {where} already holds a SAR Desk team workspace; "
                         "nothing was changed.", code="server.in_use", server=where)
