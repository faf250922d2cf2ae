"""Destruction holds: nothing is purged early or unconfirmed, a purged reference is never
given again, the certificate says only what is true, a restored archive keeps purged cases
destroyed, and a purge or hold stopped half-way leaves no case open to an early purge, no
case file without its key, and no tombstone without its certificate."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError
from sar_desk.services import backup, retention
from sar_desk.services import cases as C
from sar_desk.store.errors import UnknownCase
from tests.reliability.conftest import (
    PASSPHRASE,
    ROOT,
    TODAY,
    clock,
    run_cli,
    subprocess_env,
)

D = dt.date
NAME = "Ottoline Shredwell-Ψ"


class Setup:
    def __init__(self, root):
        from sar_desk.services.workspace import init_workspace

        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.passfile = root / "passphrase.txt"
        self.passfile.write_text(PASSPHRASE + "\n", encoding="utf-8")
        self.path = root / "ws"
        ws, self.recovery = init_workspace(self.path, passphrase=PASSPHRASE, clock=clock())
        with ws:
            self.due = [self.closed(ws, NAME, D(2018, 1, 10), D(2018, 2, 5)),
                        self.closed(ws, "Bram Oldfield", D(2019, 3, 1), D(2019, 4, 1))]
            self.not_due = self.closed(ws, "Cato Recent", D(2024, 1, 10), D(2024, 2, 5))
            C.add_note(ws, self.due[0], "quartz-shred-5521 phoned")

    @staticmethod
    def closed(ws, name, received, ended):
        ref = C.create_case(ws, C.NewCase(requester=Person(name, ""), received=received)).reference
        for kind in ("responded", "closed"):
            C.record_event(ws, ref, kind, ended, override="ended for this test's set-up")
        return ref

    def open(self):
        from sar_desk.services.workspace import open_workspace

        return open_workspace(self.path, passphrase=PASSPHRASE, clock=clock())

    def cli(self, *args, path=None, env=None):
        return run_cli(*args, "--workspace", str(path or self.path), "--passphrase-file",
                       str(self.passfile), **(env or {}))


@pytest.fixture
def setup(tmp_path):
    return Setup(tmp_path)


def tombstones(setup):
    with setup.open() as ws:
        return sorted(t.reference for t in retention.tombstones(ws))


def pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                         check=True).stdout.decode()
    return " ".join(out.split())


# --- nothing early, nothing unconfirmed ----------------------------------------------------

def test_a_future_date_previews_but_never_purges(setup):
    future = (D.fromisoformat(TODAY) + dt.timedelta(days=6 * 366)).isoformat()
    listed = setup.cli("retention", "--as-of", future)
    assert listed.returncode == 0 and setup.not_due in listed.stdout  # the preview
    done = setup.cli("retention", "--purge", "--as-of", future, "--confirm", "3")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "future" in done.stderr and future in done.stderr and "Traceback" not in done.stderr
    assert "--as-of" in done.stderr  # the command line's remedy names the option
    assert tombstones(setup) == []
    with setup.open() as ws:  # the service itself refuses, whatever front end calls it
        with pytest.raises(InputError, match="future") as refused:
            retention.purge(ws, as_of=D.fromisoformat(future), confirm=3)
        assert refused.value.code == "purge.future_date"
        assert C.get_case(ws, setup.not_due).reference == setup.not_due


@pytest.mark.slow
def test_the_purge_needs_the_count_confirmed(setup):
    missing = setup.cli("retention", "--purge")
    assert missing.returncode == 2
    assert "2 cases" in missing.stderr and setup.due[0] in missing.stderr
    assert setup.due[1] in missing.stderr and "--confirm 2" in missing.stderr
    wrong = setup.cli("retention", "--purge", "--confirm", "3")
    assert wrong.returncode == 2 and "says 3" in wrong.stderr
    assert tombstones(setup) == []
    right = setup.cli("retention", "--purge", "--confirm", "2")
    assert right.returncode == 0, right.stderr
    assert tombstones(setup) == sorted(setup.due)


def test_a_purged_reference_is_never_given_again(setup):
    with setup.open() as ws:
        last = Setup.closed(ws, "Last Of Year", D(2019, 5, 1), D(2019, 6, 1))
        retention.purge(ws, references=[last], confirm=1)
        again = C.create_case(ws, C.NewCase(requester=Person("Someone Else", ""),
                                            received=D(2019, 7, 1))).reference
    assert again != last and again.startswith("SAR-2019-")
    assert int(again.rsplit("-", 1)[1]) > int(last.rsplit("-", 1)[1])


# --- the certificate ----------------------------------------------------------------------

@pytest.mark.slow
def test_the_certificate_lists_the_archives_that_still_hold_the_case(setup, tmp_path):
    early = tmp_path / "elsewhere" / "before.sdbk"
    assert setup.cli("backup", "--out", str(early)).returncode == 0
    inside = setup.cli("backup")  # into the workspace's backups folder
    assert inside.returncode == 0, inside.stderr
    gone = tmp_path / "elsewhere" / "moved.sdbk"
    assert setup.cli("backup", "--out", str(gone)).returncode == 0
    gone.unlink()
    done = setup.cli("retention", "--purge", "--case", setup.due[0], "--confirm", "1")
    assert done.returncode == 0, done.stderr
    cert = setup.path / "certificates" / f"{setup.due[0]}-destruction.pdf"
    text = pdf_text(cert)
    assert "at the end of its retention period" not in text
    assert "can no longer be read" not in text and "backups included" not in text
    assert "after its retention period ended on 2024-02-05" in text
    joined = text.replace(" ", "")  # a long path wraps in its table cell
    assert "2 backup archives" in text and "before.sdbk" in joined and "moved.sdbk" not in joined
    assert "pruning of the workspace's backups folder" in text
    assert "1 other archive" in text and "moved or deleted" in text
    with setup.open() as ws:
        made = [D.fromisoformat(r.at[:10]) for r in backup.store.read_audit(ws.registry)
                if r.action == "backup"]
        (stone,) = [t for t in retention.tombstones(ws) if t.reference == setup.due[0]]
    last = max(made) + dt.timedelta(days=35)
    assert f"Under the backup retention of 35 days the last of them is due for deletion on " \
           f"{last.isoformat()}" in text
    assert NAME not in text and "quartz" not in text
    png = subprocess.run(["pdftoppm", "-png", "-r", "50", "-singlefile", str(cert),
                          str(tmp_path / "cert")], capture_output=True)
    assert png.returncode == 0 and (tmp_path / "cert.png").stat().st_size > 1000
    assert stone.certificate_sha256 == hashlib.sha256(cert.read_bytes()).hexdigest()


def test_backups_past_their_retention_are_pruned_once_confirmed(setup, capsys):
    from sar_desk.cli import main
    from sar_desk.core.clock import FixedClock
    from sar_desk.services import backup_policy
    from sar_desk.services.workspace import open_workspace

    args = ["--workspace", str(setup.path), "--passphrase-file", str(setup.passfile)]
    assert main(["backup", *args]) == 0
    (archive,) = (setup.path / "backups").glob("*.sdbk")
    with setup.open() as ws:
        (entry,) = [r for r in backup.store.read_audit(ws.registry) if r.action == "backup"]
    made = D.fromisoformat(entry.at[:10])
    assert main(["backup", "--prune", *args]) == 0 and archive.exists()  # made today
    assert "No archive" in capsys.readouterr().out

    def on(day):  # the archive's timestamp is real, so the days pass on the workspace clock
        return open_workspace(setup.path, passphrase=PASSPHRASE, clock=FixedClock(day))

    with on(made + dt.timedelta(days=34)) as ws:
        assert backup_policy.prune_backups(ws, confirm=None) == [] and archive.exists()
    with on(made + dt.timedelta(days=35)) as ws:
        with pytest.raises(InputError, match=archive.name):  # the count not confirmed
            backup_policy.prune_backups(ws, confirm=None)
        assert archive.exists()
        assert [p.path.name for p in backup_policy.prune_backups(ws, confirm=1)] == [
            archive.name]
    assert not archive.exists()
    with setup.open() as ws:
        assert [r.action for r in backup.store.read_audit(ws.registry)][-1] == "backups_pruned"


# --- a restored archive keeps purged cases destroyed ---------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("where", ["beside", "named"])
def test_restoring_an_old_archive_keeps_a_purged_case_destroyed(setup, tmp_path, where):
    archive = tmp_path / "before-purge.sdbk"
    assert setup.cli("backup", "--out", str(archive)).returncode == 0
    victim = setup.due[0]
    assert setup.cli("retention", "--purge", "--case", victim, "--confirm", "1").returncode == 0
    target = (setup.root / "restored") if where == "beside" else (tmp_path / "far" / "copy")
    extra = [] if where == "beside" else ["--original", str(setup.path)]
    done = run_cli("restore", str(archive), "--workspace", str(target), "--passphrase-file",
                   str(setup.passfile), *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Destroyed again 1 purged case(s) the archive still held: {victim}" in done.stdout
    from sar_desk.services.workspace import open_workspace

    with open_workspace(target, passphrase=PASSPHRASE, clock=clock()) as ws:
        assert ws.registry.key_entry(victim) is None
        with pytest.raises(UnknownCase):
            C.get_case(ws, victim)
        assert not ws.case_path(victim).exists()
        assert victim in {t.reference for t in retention.tombstones(ws)}
        assert C.get_case(ws, setup.due[1]).reference == setup.due[1]  # not purged: kept
        records = [r for r in backup.store.read_audit(ws.registry)
                   if r.action == "purge_reapplied"]
        assert [r.reference for r in records] == [victim]
        again = C.create_case(ws, C.NewCase(requester=Person("New Person", ""),
                                            received=D(2018, 2, 1))).reference
        assert again != victim
    note = target / "certificates" / f"{victim}-destruction-reapplied.pdf"
    assert victim in pdf_text(note) and archive.name in pdf_text(note)
    assert (target / "certificates" / f"{victim}-destruction.pdf").exists()
    assert setup.cli("verify", path=target).returncode == 0
    for path in target.rglob("*"):
        if path.is_file():
            assert b"quartz-shred-5521" not in path.read_bytes()


# --- backups: consistent, complete, refused when altered -----------------------------------

def test_a_backup_of_a_truncated_case_file_fails_naming_it(setup, tmp_path):
    path = setup.path / "cases" / f"{setup.due[1]}.sarcase"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    done = setup.cli("backup", "--out", str(tmp_path / "b.sdbk"))
    assert done.returncode != 0 and str(path) in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "b.sdbk").exists()


def test_a_backup_with_a_case_file_replaced_by_a_folder_fails_naming_it(setup, tmp_path):
    path = setup.path / "cases" / f"{setup.due[1]}.sarcase"
    path.unlink()
    path.mkdir()
    done = setup.cli("backup", "--out", str(tmp_path / "b.sdbk"))
    assert done.returncode != 0 and str(path) in done.stderr, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "b.sdbk").exists()


def test_a_backup_onto_a_device_is_refused_and_the_device_stays(setup):
    import stat

    done = setup.cli("backup", "--out", os.devnull)
    assert done.returncode == 2 and "device" in done.stderr, done.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_backup_of_a_damaged_registry_fails_naming_it(setup, tmp_path):
    registry = setup.path / "registry.db"
    with setup.open() as ws:
        ws.registry.checkpoint()
    data = bytearray(registry.read_bytes())
    data[len(data) - 4096 + 200] ^= 0xFF  # one byte inside the last page
    registry.write_bytes(bytes(data))
    done = setup.cli("backup", "--out", str(tmp_path / "b.sdbk"))
    assert done.returncode != 0 and str(registry) in done.stderr, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "b.sdbk").exists()


def test_an_archive_with_bytes_appended_is_refused(setup, tmp_path):
    archive = tmp_path / "a.sdbk"
    assert setup.cli("backup", "--out", str(archive)).returncode == 0
    with archive.open("ab") as fh:
        fh.write(b"appended by someone")
    done = run_cli("restore", str(archive), "--workspace", str(tmp_path / "r"),
                   "--passphrase-file", str(setup.passfile))
    assert done.returncode != 0 and "after its end" in done.stderr
    assert not (tmp_path / "r").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")
def test_restore_fsyncs_every_file_and_folder_before_it_reports(setup, tmp_path, monkeypatch):
    import os

    archive = tmp_path / "a.sdbk"
    with setup.open() as ws:
        backup.backup_workspace(ws, archive)
    synced: list[str] = []
    real = os.fsync

    def fsync(fd):  # noqa: ANN001
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "restored"
    backup.restore_workspace(archive, target, passphrase=PASSPHRASE, clock=clock()).close()
    names = {os.path.basename(p) for p in synced}
    for ref in setup.due:
        assert f"{ref}.sarcase" in names
    assert "registry.db" in names and "workspace.json" in names
    assert "cases" in names and str(tmp_path) in synced  # the folders, and the new entry


# --- stopped half-way ----------------------------------------------------------------------

def interrupt(setup, mode, ref, *extra) -> None:
    done = subprocess.run([sys.executable, "-m", "tests.reliability.interrupted",
                           str(setup.path), mode, ref, *map(str, extra)], cwd=ROOT,
                          env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stdout + done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="the kill points use POSIX paths")
@pytest.mark.slow
@pytest.mark.parametrize("mode", ["purge-before-unlink", "purge-after-unlink"])
def test_a_purge_stopped_half_way_is_finished_on_the_next_open(setup, tmp_path, mode):
    ref = setup.due[0]
    certs = tmp_path / "certs"
    interrupt(setup, mode, ref, certs)
    cert = certs / f"{ref}-destruction.pdf"
    assert not cert.exists()  # stopped before the certificate was written
    done = setup.cli("verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert cert.exists() and not (setup.path / "cases" / f"{ref}.sarcase").exists()
    with setup.open() as ws:
        (stone,) = [t for t in retention.tombstones(ws) if t.reference == ref]
        assert ws.registry.key_entry(ref) is None
    assert stone.certificate_sha256 == hashlib.sha256(cert.read_bytes()).hexdigest()
    assert setup.cli("reindex").returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the kill points use POSIX paths")
def test_verify_names_a_purge_it_cannot_finish_until_it_can(setup, tmp_path):
    ref = setup.due[0]
    certs = tmp_path / "certs"
    interrupt(setup, "purge-after-unlink", ref, certs)
    certs.parent.mkdir(exist_ok=True)
    certs.write_text("a file where the certificates folder should be")
    named = setup.cli("verify")
    assert named.returncode == 1 and ref in named.stdout and "not finished" in named.stdout
    certs.unlink()
    assert setup.cli("verify").returncode == 0
    assert (certs / f"{ref}-destruction.pdf").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="the kill points use POSIX paths")
def test_a_hold_stopped_between_its_writes_never_leaves_the_case_purgeable(setup):
    ref = setup.due[0]
    interrupt(setup, "hold-after-case", ref)
    with setup.open() as ws:
        assert "legal_hold" in [e.action for e in C.audit_trail(ws, ref)]
        (item,) = [i for i in retention.due_for_purge(ws) if i.reference == ref]
        assert item.held
        with pytest.raises(InputError, match="legal hold"):
            retention.purge(ws, references=[ref], confirm=1)
    assert ref not in setup.cli("retention", "--purge", "--confirm", "1").stdout
    assert ref not in tombstones(setup)


@pytest.mark.skipif(sys.platform == "win32", reason="the kill points use POSIX paths")
def test_a_release_stopped_between_its_writes_keeps_the_hold(setup):
    ref = setup.due[0]
    with setup.open() as ws:
        retention.set_hold(ws, ref, "tribunal claim 2611")
    interrupt(setup, "release-after-case", ref)
    with setup.open() as ws:
        (item,) = [i for i in retention.due_for_purge(ws) if i.reference == ref]
        assert item.held


def test_the_support_date_set_ahead_destroys_nothing(setup):
    """SAR_DESK_TODAY shows what a user saw on a day; set years ahead it must not make a
    case due: a purge, or a pruning of backups, is refused while it is after the real date."""
    import datetime as real

    ahead = (real.datetime.now(real.UTC).date() + real.timedelta(days=3650)).isoformat()
    before = tombstones(setup)
    preview = setup.cli("retention", "--as-of", ahead, env={"SAR_DESK_TODAY": ahead})
    assert preview.returncode == 0, preview.stderr
    done = setup.cli("retention", "--purge", "--confirm", "1", env={"SAR_DESK_TODAY": ahead})
    assert done.returncode == 2 and "real date" in done.stderr, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and tombstones(setup) == before
    pruned = setup.cli("backup", "--prune", "--confirm", "1", env={"SAR_DESK_TODAY": ahead})
    assert pruned.returncode == 2 and "real date" in pruned.stderr, pruned.stderr
