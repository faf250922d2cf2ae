"""Entry point of the frozen app (PyInstaller, ``build_installer.spec``): the same ``sar-desk``
command line and window as an installed package.

keyring finds the OS key stores (Windows Credential Manager, macOS Keychain, Secret Service,
KWallet) through its package metadata's entry points. The spec bundles that metadata; should
it ever be missing, the app would silently see no keyring and ask for a passphrase every
time, so this names the platform's store explicitly instead.
"""

from __future__ import annotations

import os
import sys

# The OS key store keyring should use on each platform when its entry points are missing.
PLATFORM_BACKENDS = {
    "win32": "keyring.backends.Windows.WinVaultKeyring",
    "darwin": "keyring.backends.macOS.Keyring",
}
DEFAULT_BACKEND = "keyring.backends.SecretService.Keyring"


def keyring_entry_points() -> list[str]:
    """The keyring backends advertised by the (bundled) package metadata."""
    from importlib.metadata import entry_points

    return [ep.value for ep in entry_points(group="keyring.backends")]


def choose_keyring_backend(environ: dict[str, str] | None = None,
                           platform: str | None = None) -> str | None:
    """Name the OS key store in ``PYTHON_KEYRING_BACKEND`` when keyring could not find it.

    Leaves a backend chosen by the user alone. Returns the backend set, or None. Reading the
    metadata is cheap; the key store itself is only contacted when a workspace is opened.
    """
    env = os.environ if environ is None else environ
    if env.get("PYTHON_KEYRING_BACKEND") or keyring_entry_points():
        return None
    backend = PLATFORM_BACKENDS.get(platform or sys.platform, DEFAULT_BACKEND)
    env["PYTHON_KEYRING_BACKEND"] = backend
    return backend


def main() -> None:
    if getattr(sys, "frozen", False):
        choose_keyring_backend()
    from sar_desk.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
