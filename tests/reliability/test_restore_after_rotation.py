"""A restored archive keeps a purged case destroyed even when the live workspace's keys were
replaced after the archive was made (a user removed): the live purges are read with this
login's own credential for the live workspace, not left "not read"."""

from __future__ import annotations

import pytest

from sar_desk.services import access, backup, retention
from sar_desk.services import cases as C
from sar_desk.services.workspace import open_workspace
from sar_desk.store.errors import UnknownCase
from tests.reliability.conftest import PASSPHRASE, clock
from tests.reliability.test_destruction import Setup

EVE = "eve's passphrase, long enough"


@pytest.mark.parametrize("rotated", [False, True])
def test_a_case_purged_after_the_archive_stays_purged_after_a_key_rotation(
        tmp_path, monkeypatch, rotated):
    monkeypatch.setenv("LOGNAME", "ada")
    setup = Setup(tmp_path)
    archive = tmp_path / "before-purge.sdbk"
    victim, kept = setup.due
    with setup.open() as ws:
        access.add_user(ws, "eve", "staff", passphrase=EVE)
        backup.backup_workspace(ws, archive)
        old_key = ws.master_key
        retention.purge(ws, references=[victim], confirm=1)
        if rotated:
            rotation = access.remove_user(ws, "eve")
            assert rotation is not None
        assert (ws.master_key != old_key) is rotated  # the live key differs from the archive's

    target = tmp_path / "far" / "copy"
    with backup.restore_workspace(archive, target, passphrase=PASSPHRASE, clock=clock(),
                                  originals=[setup.path]) as ws:
        done = backup.last_restore(ws)
        assert done["not_read"] == []
        assert done["purges_read_from"] == [str(setup.path.resolve())]
        assert done["destroyed_again"] == [victim]
        assert ws.registry.key_entry(victim) is None
        with pytest.raises(UnknownCase):
            C.get_case(ws, victim)
        assert not ws.case_path(victim).exists()
        assert victim in {t.reference for t in retention.tombstones(ws)}
        assert C.get_case(ws, kept).reference == kept  # not purged: still readable
    with open_workspace(target, passphrase=PASSPHRASE, clock=clock()) as ws:  # and stays so
        assert victim in {t.reference for t in retention.tombstones(ws)}
        with pytest.raises(UnknownCase):
            C.get_case(ws, victim)
