"""Typed errors for workspaces, keys and case files.

SQLCipher reports a wrong key, a damaged file and a file that is not a database with the
same words ("file is not a database"); :mod:`sar_desk.store.casefile` tells them apart
using the file header, its size and the registry, and raises one of these. Each message
names the file and says what to do.
"""

from __future__ import annotations

from pathlib import Path

from sar_desk.errors import InputError, SarDeskError


class StoreError(SarDeskError):
    """Something is wrong with the workspace or one of its files."""


class WorkspaceNotFound(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"No SAR Desk workspace at {path}. Create one with 'sar-desk init --workspace {path}' "
            "or point --workspace (or SAR_DESK_WORKSPACE) at an existing one."
        )
        self.path = path


class WorkspaceExists(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} already holds a SAR Desk workspace (or other files); "
            "choose an empty folder for a new workspace."
        )
        self.path = path


class KeyProblem(StoreError):
    """Base for key problems."""


class MissingKeyError(KeyProblem):
    """No key is available for the workspace or for one case file."""


class PassphraseRequired(MissingKeyError):
    """No OS keyring can be used, so a passphrase must protect or unlock the master key."""


class WrongKeyError(KeyProblem):
    """A key, passphrase or recovery key was given but does not open the file."""


class ReadOnlyWorkspace(StoreError):
    pass


class CaseFileError(StoreError):
    """A problem with one case file; ``path`` names it."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class CaseFileMissing(CaseFileError):
    pass


class TruncatedCaseFile(CaseFileError):
    pass


class CorruptCaseFile(CaseFileError):
    pass


class NotACaseFile(CaseFileError):
    pass


class ForeignCaseFile(CaseFileError):
    """The file is a case file, but from another workspace (or was swapped for another)."""


class NewerSchemaError(CaseFileError):
    pass


class CaseLocked(StoreError):
    """Another process holds the case open for writing."""

    exit_code = 4

    def __init__(self, reference: str, holder: str, since: str) -> None:
        super().__init__(
            f"{reference} is open for writing by {holder} since {since}; it can only be read "
            "until they close it. If that program has crashed, the lock is recovered "
            "automatically once its process has gone."
        )
        self.reference = reference
        self.holder = holder
        self.since = since


class UnknownCase(InputError):
    def __init__(self, reference: str) -> None:
        super().__init__(
            f"There is no case {reference!r} in this workspace. "
            "'sar-desk case list --status all' shows the references."
        )
        self.reference = reference
