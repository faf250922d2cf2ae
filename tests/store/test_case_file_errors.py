"""Each way a case file or key can be wrong gets its own error naming the file."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from sar_desk.cli.remedies import remedy as cli_remedy
from sar_desk.services import cases as C
from sar_desk.services.workspace import init_workspace, open_workspace
from sar_desk.store import keys
from sar_desk.store.errors import (
    CaseFileMissing,
    CorruptCaseFile,
    ForeignCaseFile,
    MissingKeyError,
    NotACaseFile,
    PassphraseRequired,
    TruncatedCaseFile,
    WrongKeyError,
)
from tests.store.conftest import make_case


@pytest.fixture
def case(ws):
    ref = make_case(ws)
    make_case(ws, name="Other Person", email="")
    return ref


def _unchanged_other(ws):
    assert C.get_case(ws, "SAR-2026-0002").requester.name == "Other Person"


def test_truncated_to_nothing(ws, case):
    ws.case_path(case).write_bytes(b"")
    with pytest.raises(TruncatedCaseFile) as info:
        C.get_case(ws, case)
    assert str(ws.case_path(case)) in str(info.value) and "backup" in str(info.value)
    _unchanged_other(ws)


def test_truncated_mid_page(ws, case):
    path = ws.case_path(case)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    with pytest.raises(TruncatedCaseFile) as info:
        C.get_case(ws, case)
    assert str(path) in str(info.value)


def test_corrupt_pages(ws, case):
    path = ws.case_path(case)
    data = bytearray(path.read_bytes())
    data[100:900] = bytes(800)  # inside page 1, after the salt
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptCaseFile) as info:
        C.get_case(ws, case)
    assert str(path) in str(info.value) and "damaged" in str(info.value)


def test_plain_sqlite_is_not_a_case_file(ws, case, tmp_path):
    plain = tmp_path / "plain.db"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (x)")
    shutil.copy(plain, ws.case_path(case))
    with pytest.raises(NotACaseFile, match="unencrypted SQLite"):
        C.get_case(ws, case)


def test_some_other_file_is_not_a_case_file(ws, case):
    ws.case_path(case).write_text("Dear Sir, " * 2000, encoding="utf-8")
    with pytest.raises(NotACaseFile) as info:
        C.get_case(ws, case)
    assert str(ws.case_path(case)) in str(info.value)


def test_case_from_another_workspace(ws, case, tmp_path):
    other, _ = init_workspace(tmp_path / "other")
    try:
        foreign = make_case(other, name="Someone Else")
        assert foreign == case  # same reference, different workspace
        shutil.copy(other.case_path(foreign), ws.case_path(case))
    finally:
        other.close()
    with pytest.raises(ForeignCaseFile) as info:
        C.get_case(ws, case)
    assert "another workspace" in str(info.value) and str(ws.case_path(case)) in str(info.value)


def test_missing_file(ws, case):
    ws.case_path(case).unlink()
    with pytest.raises(CaseFileMissing, match="missing"):
        C.get_case(ws, case)


def test_tampered_wrapped_key_is_a_wrong_key(ws, case):
    wrapped, _salt = ws.registry.key_entry(case)
    bad = bytes([wrapped[0] ^ 1]) + wrapped[1:]
    with ws.registry.writing() as conn:
        conn.exec_driver_sql("UPDATE case_keys SET wrapped = ? WHERE reference = ?", (bad, case))
    with pytest.raises(WrongKeyError, match=case):
        C.get_case(ws, case)
    _unchanged_other(ws)


def test_destroyed_key_is_a_missing_key_and_shreds_only_that_case(ws, case, tmp_path):
    backup = tmp_path / "backup.sarcase"
    shutil.copy(ws.case_path(case), backup)
    assert ws.registry.destroy_key(case)
    with pytest.raises(MissingKeyError) as info:
        C.get_case(ws, case)
    assert str(ws.case_path(case)) in str(info.value)
    _unchanged_other(ws)
    assert case not in [r.reference for r in C.list_cases(ws, status="all")]
    # No key survives anywhere in the workspace, so the backup copy is unreadable too.
    assert ws.registry.key_entry(case) is None
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"


def test_wrong_keyring_key_and_missing_keyring_key(tmp_path, memory_keyring):
    ws, _ = init_workspace(tmp_path / "w")
    ws.close()
    entry = next(iter(memory_keyring.store))
    memory_keyring.store[entry] = keys.b64(keys.new_key())
    with pytest.raises(WrongKeyError, match="does not open it") as wrong:
        open_workspace(tmp_path / "w")
    assert wrong.value.code == "keyring.wrong_key"
    assert "--recovery-key" in cli_remedy(wrong.value)
    memory_keyring.store.clear()
    with pytest.raises(MissingKeyError, match="No key") as missing:
        open_workspace(tmp_path / "w")
    assert missing.value.code == "key.recovery_required"
    assert "--recovery-key" in cli_remedy(missing.value)


def test_passphrase_path_without_keyring(tmp_path, monkeypatch):
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    with pytest.raises(PassphraseRequired, match="passphrase"):
        init_workspace(tmp_path / "w")
    assert not (tmp_path / "w").exists()
    ws, recovery = init_workspace(tmp_path / "w", passphrase="a long passphrase")
    ws.close()
    with pytest.raises(PassphraseRequired, match="No usable OS keyring") as needed:
        open_workspace(tmp_path / "w")
    assert needed.value.code == "key.passphrase_required"
    assert "--passphrase-file FILE" in cli_remedy(needed.value)
    with pytest.raises(WrongKeyError, match="passphrase"):
        open_workspace(tmp_path / "w", passphrase="not the passphrase")
    open_workspace(tmp_path / "w", passphrase="a long passphrase").close()
    manifest = (tmp_path / "w" / "workspace.json").read_text()
    assert "a long passphrase" not in manifest


def test_damage_deep_inside_is_reported_not_a_crash(ws, case, tmp_path):
    from sar_desk.services.workspace import verify_workspace

    doc = tmp_path / "big.bin"
    doc.write_bytes(bytes(range(256)) * 400)  # ~100 KB: many pages
    C.attach_document(ws, case, doc)
    path = ws.case_path(case)
    data = bytearray(path.read_bytes())
    assert len(data) > 12 * 4096
    for page in range(6, len(data) // 4096):  # every page after the first few
        data[page * 4096 + 50: page * 4096 + 450] = bytes(400)
    path.write_bytes(bytes(data))
    lines = verify_workspace(ws)
    assert len(lines) == 1 and str(path) in lines[0]
    with pytest.raises(CorruptCaseFile, match="damaged"):
        C.get_document_bytes(ws, case, 1)


def test_reindex_cleans_up_an_abandoned_creation_but_not_one_in_progress(ws, case):
    from sar_desk.services.workspace import reindex
    from sar_desk.store import locks

    def reserve(held: bool) -> str:
        return ws.registry.reserve(
            2026, wrap=lambda r: keys.wrap_case_key(ws.master_key, ws.id, r, keys.new_key()),
            taken=lambda r: False, on_reserved=(lambda r: locks.acquire(ws, r)) if held else None)

    abandoned = reserve(held=False)
    ws.case_path(abandoned).write_bytes(b"")  # the crash left an empty file behind
    in_progress = reserve(held=True)
    assert reindex(ws) == 2
    assert ws.registry.key_entry(abandoned) is None and not ws.case_path(abandoned).exists()
    assert ws.registry.key_entry(in_progress) is not None  # its creator is still running
    locks.release(ws, in_progress)


@pytest.mark.parametrize("failing", ["set_salt", "summary_row"])
def test_reindex_stops_on_a_registry_error_and_never_shreds_the_case(ws, case, monkeypatch,
                                                                     failing):
    """A registry that fails while reindex reads a case or records its salt is the
    registry's fault: the case is not taken for an abandoned creation (key and file kept)."""
    from sar_desk.errors import SarDeskError
    from sar_desk.services import cases
    from sar_desk.services.workspace import reindex
    from sar_desk.store.registry import Registry

    with ws.registry.writing() as conn:
        conn.exec_driver_sql("UPDATE case_keys SET salt = NULL WHERE reference = ?", (case,))

    def damaged(*_args):
        raise ws.registry.damaged()

    if failing == "set_salt":
        monkeypatch.setattr(Registry, "set_salt", damaged)
    else:
        monkeypatch.setattr(cases, "summary_row", damaged)
    with pytest.raises(SarDeskError, match="registry"):
        reindex(ws)
    assert ws.registry.key_entry(case) is not None
    assert ws.case_path(case).exists()
    monkeypatch.undo()
    assert reindex(ws) == 2
    assert C.get_case(ws, case).reference == case
