"""The keyring that isn't one: a plain-file keyring never holds the workspace key."""

from __future__ import annotations

import keyring
import pytest

from sar_desk.cli import main
from sar_desk.core.keyring_rules import Backend, plaintext_keyring_reason
from sar_desk.services.workspace import init_workspace, keyring_refusal, open_workspace
from sar_desk.store.errors import PassphraseRequired
from tests.plaintext_keyring import PlaintextKeyring

PASS = "correct horse battery"


@pytest.fixture
def plain_keyring():
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)  # the autouse fixture puts the memory keyring back
    return backend


@pytest.mark.parametrize("backend, refused", [
    (Backend("PlaintextKeyring", "keyrings.alt.file", 0.5), True),
    (Backend("Keyring", "keyrings.alt.file", 0.5), True),
    (Backend("EncryptedKeyring", "keyrings.alt.file", 0.6), False),
    (Backend("SecretService", "keyring.backends.SecretService", 5), False),
    (Backend("Keyring", "keyring.backends.macOS", 5), False),
    (Backend("Vault", "some.vendor", 2, encrypted=False), True),
    (Backend("Store", "some.vendor", 2, description="Stores passwords in plain text"), True),
    (Backend("MemoryKeyring", "tests.memory_keyring", 1), False),
])
def test_the_rule_names_plain_file_keyrings(backend, refused):
    reason = plaintext_keyring_reason(backend)
    assert bool(reason) is refused
    if refused:
        assert backend.name in reason and "plain file" in reason


def test_a_new_workspace_needs_a_passphrase_and_says_why(tmp_path, plain_keyring, clock):
    assert "PlaintextKeyring" in keyring_refusal()
    with pytest.raises(PassphraseRequired) as caught:
        init_workspace(tmp_path / "ws", clock=clock)
    assert "plain file" in str(caught.value) and "passphrase" in str(caught.value)
    assert not (tmp_path / "ws").exists()
    ws, _recovery = init_workspace(tmp_path / "ws", passphrase=PASS, clock=clock)
    ws.close()
    assert plain_keyring.store == {}  # nothing of the key went into the plain file
    with pytest.raises(PassphraseRequired) as caught:
        open_workspace(tmp_path / "ws", clock=clock)
    assert "plain file" in str(caught.value)
    open_workspace(tmp_path / "ws", passphrase=PASS, clock=clock).close()
    assert plain_keyring.store == {}


def test_a_key_already_in_a_plain_file_is_not_used(tmp_path, memory_keyring, clock):
    ws, _ = init_workspace(tmp_path / "ws", passphrase=PASS, clock=clock)
    ws.close()
    assert memory_keyring.store  # kept in the (good) keyring
    plain = PlaintextKeyring()
    plain.store = dict(memory_keyring.store)  # the same entries, now in a plain file
    keyring.set_keyring(plain)
    with pytest.raises(PassphraseRequired, match="plain file"):
        open_workspace(tmp_path / "ws", clock=clock)
    open_workspace(tmp_path / "ws", passphrase=PASS, clock=clock).close()


def test_the_command_line_refuses_it_by_name(tmp_path, plain_keyring, capsys):
    code = main(["init", "--workspace", str(tmp_path / "ws")])
    err = capsys.readouterr().err
    assert code != 0
    assert "PlaintextKeyring" in err and "plain file" in err and "Traceback" not in err
