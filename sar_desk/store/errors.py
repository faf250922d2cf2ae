"""Typed errors for workspaces, keys and case files.

SQLCipher reports a wrong key, a damaged file and a file that is not a database with the
same words ("file is not a database"); :mod:`sar_desk.store.casefile` tells them apart
using the file header, its size and the registry, and raises one of these. Each message
names the file; each code lets the CLI and the window say what to do in their own terms.
"""

from __future__ import annotations

from pathlib import Path

from sar_desk.errors import InputError, SarDeskError


class StoreError(SarDeskError):
    """Something is wrong with the workspace or one of its files."""

    code = "store"


class WorkspaceNotFound(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"No SAR Desk workspace at {path}.", code="workspace.not_found",
                         path=path)
        self.path = path


class WorkspaceExists(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} already holds a SAR Desk workspace (or other files); "
            "choose an empty folder for a new workspace.",
            code="workspace.exists", path=path,
        )
        self.path = path


class KeyProblem(StoreError):
    """Base for key problems."""

    code = "key"


class MissingKeyError(KeyProblem):
    """No key is available for the workspace or for one case file."""

    code = "key.missing"


class PassphraseRequired(MissingKeyError):
    """No OS keyring can be used, so a passphrase must protect or unlock the master key."""

    code = "key.passphrase_required"


class WrongKeyError(KeyProblem):
    """A key, passphrase or recovery key was given but does not open the file."""

    code = "key.wrong"


class DiskFull(StoreError):
    """The disk holding a file SAR Desk writes is full; nothing was changed."""

    exit_code = 2
    code = "disk_full"

    def __init__(self, path: Path | str, what: str = "") -> None:
        what = what or f"cannot write {path}"
        super().__init__(f"The disk is full (No space left on device): {what}. Nothing was "
                         "changed and nothing half-written was left. Free some space and try "
                         "again.", path=path)
        self.path = path


class ReadOnlyWorkspace(StoreError):
    code = "workspace.read_only"


class CaseFileError(StoreError):
    """A problem with one case file; ``path`` names it."""

    code = "casefile"

    def __init__(self, path: Path, message: str, *, code: str | None = None, **facts: object
                 ) -> None:
        super().__init__(message, code=code, path=path, **facts)
        self.path = path


class CaseFileMissing(CaseFileError):
    code = "casefile.missing"


class TruncatedCaseFile(CaseFileError):
    code = "casefile.truncated"


class CorruptCaseFile(CaseFileError):
    code = "casefile.corrupt"


class NotACaseFile(CaseFileError):
    code = "casefile.not_a_case_file"


class ForeignCaseFile(CaseFileError):
    """The file is a case file, but from another workspace (or was swapped for another)."""

    code = "casefile.foreign"


class RolledBackCaseFile(CaseFileError):
    """The file does not hold the audit entry the registry recorded as its newest: it was
    rolled back (an older copy put in its place) or its history was rewritten."""

    code = "casefile.rolled_back"


class NewerSchemaError(CaseFileError):
    code = "casefile.newer_schema"


class CaseLocked(StoreError):
    """Another process holds the case open for writing."""

    exit_code = 4

    def __init__(self, reference: str, holder: str, since: str, *, age: str = "",
                 elsewhere: bool = False) -> None:
        ago = f" ({age} ago)" if age else ""
        held = f"{reference} is open for writing by {holder} since {since}{ago}; it can only " \
            "be read until they close it."
        if elsewhere:
            super().__init__(
                f"{held} A program on another computer cannot be checked from here: if it "
                "has stopped without closing the case, the lock stays until an administrator "
                "releases it.", code="case.locked_elsewhere", reference=reference,
                holder=holder, since=since)
        else:
            super().__init__(
                f"{held} If that program has crashed, the lock is recovered automatically "
                "once its process has gone.", code="case.locked", reference=reference,
                holder=holder, since=since)
        self.reference = reference
        self.holder = holder
        self.since = since
        self.elsewhere = elsewhere


class UnknownCase(InputError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"There is no case {reference!r} in this workspace.",
                         code="case.unknown", reference=reference)
        self.reference = reference
