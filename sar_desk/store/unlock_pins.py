"""Where unlock PIN verifiers are kept: a small JSON file in the user's own config folder.

One entry per workspace and login, holding only the salted scrypt verifier
(:mod:`sar_desk.core.unlock_pin`), never the PIN. The file is the OS user's own, like the
keyring entry it stands beside; a missing or unreadable file means no PIN is set.
"""

from __future__ import annotations

import json
from pathlib import Path

from sar_desk.store.outfile import write_out

PINS_FILE = "unlock-pins.json"
APP_NAME = "sar-desk"


def pins_path(config_dir: str | Path | None = None) -> Path:
    """The verifiers' file (the user config folder unless ``config_dir`` is given)."""
    if config_dir is None:
        import platformdirs

        config_dir = platformdirs.user_config_dir(APP_NAME, appauthor=False)
    return Path(config_dir) / PINS_FILE


def _key(workspace_id: str, login: str) -> str:
    return f"{workspace_id}:{login}"


def _read(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)}


def read_verifier(workspace_id: str, login: str, path: Path | None = None) -> dict | None:
    """The verifier kept for ``login`` in the workspace ``workspace_id`` (None: no PIN)."""
    return _read(path or pins_path()).get(_key(workspace_id, login))


def write_verifier(workspace_id: str, login: str, verifier: dict | None,
                   path: Path | None = None) -> None:
    """Keep ``verifier`` for ``login`` (None forgets it), replacing the file whole."""
    file = path or pins_path()
    data = _read(file)
    if verifier is None:
        data.pop(_key(workspace_id, login), None)
    else:
        data[_key(workspace_id, login)] = verifier
    file.parent.mkdir(parents=True, exist_ok=True)
    write_out(file, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"),
              what="the unlock PIN file")
