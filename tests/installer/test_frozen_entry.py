"""The frozen app's entry point names the OS key store when keyring's metadata is missing."""

from __future__ import annotations

from sar_desk import _frozen


def test_keyring_found_through_metadata_is_left_alone(monkeypatch):
    monkeypatch.setattr(_frozen, "keyring_entry_points", lambda: ["keyring.backends.macOS"])
    env: dict[str, str] = {}
    assert _frozen.choose_keyring_backend(env, "linux") is None
    assert env == {}


def test_missing_metadata_names_the_platform_store(monkeypatch):
    monkeypatch.setattr(_frozen, "keyring_entry_points", lambda: [])
    for platform, backend in (("win32", "keyring.backends.Windows.WinVaultKeyring"),
                              ("darwin", "keyring.backends.macOS.Keyring"),
                              ("linux", "keyring.backends.SecretService.Keyring")):
        env: dict[str, str] = {}
        assert _frozen.choose_keyring_backend(env, platform) == backend
        assert env == {"PYTHON_KEYRING_BACKEND": backend}


def test_a_backend_chosen_by_the_user_wins(monkeypatch):
    monkeypatch.setattr(_frozen, "keyring_entry_points", lambda: [])
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    assert _frozen.choose_keyring_backend(env, "win32") is None
    assert env["PYTHON_KEYRING_BACKEND"] == "keyring.backends.fail.Keyring"


def test_installed_keyring_advertises_its_backends():
    # What the spec copies into the bundle; if this ever fails the fallback above is used.
    assert any("SecretService" in value for value in _frozen.keyring_entry_points())
