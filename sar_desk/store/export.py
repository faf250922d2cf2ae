"""Hand-over copies: one case as a stand-alone SQLCipher 4 file keyed by a passphrase.

The copy uses SQLCipher 4's default settings (PBKDF2-HMAC-SHA512, 256,000 iterations), so
any SQLCipher 4 client opens it with ``PRAGMA key = '<passphrase>'`` and nothing else.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sar_desk.errors import InputError
from sar_desk.store.casefile import CaseFile


def check_target(out: Path | str, passphrase: str, workspace: Path | None = None) -> Path:
    """The resolved output path, or an InputError saying why it cannot be written (a weak
    passphrase, a file that exists, a place inside ``workspace``)."""
    from sar_desk.core.input_rules import handover_passphrase_reason
    from sar_desk.store.outfile import check_out

    reason = handover_passphrase_reason(passphrase)
    if reason:
        raise InputError(reason, code="export.weak_passphrase")
    out = check_out(out, workspace=workspace, what="the hand-over copy")
    if out.exists():
        raise InputError(f"{out} already exists; choose a new file name for the copy.",
                         code="out.exists", path=str(out))
    return out


def export_copy(case: CaseFile, out: Path, passphrase: str, workspace: Path | None = None
                ) -> Path:
    """Write ``case`` to ``out`` (which must not exist yet) keyed by ``passphrase``."""
    out = check_target(out, passphrase, workspace)
    tmp = out.with_name(out.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    literal = "'" + passphrase.replace("'", "''") + "'"
    path_literal = "'" + str(tmp).replace("'", "''") + "'"
    raw = case.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"ATTACH DATABASE {path_literal} AS handover KEY {literal}")
        try:
            cur.execute("SELECT sqlcipher_export('handover')")
            version = cur.execute("PRAGMA main.user_version").fetchone()[0]
            cur.execute(f"PRAGMA handover.user_version = {int(version)}")
        finally:
            cur.execute("DETACH DATABASE handover")
        cur.close()
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    finally:
        raw.close()
    os.replace(tmp, out)
    return out
