"""The user's own settings and the organisation profile file, read and saved safely.

User settings (the name and role printed under letters, the default jurisdiction for new
cases) are not secret and hold no case data: they live in a small JSON file in the user's
configuration folder (platformdirs). The organisation profile is the TOML file the letters
read; it is validated with the letters' own loader before anything is written, and written
through a temporary file so a failed save never leaves half a profile behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sar_desk.errors import InputError

if TYPE_CHECKING:
    from sar_desk.core.limits import Limits
    from sar_desk.documents import Profile, Sender
    from sar_desk.store.workspace import Workspace

APP_NAME = "sar-desk"
SETTINGS_FILE = "user-settings.json"
PROFILE_FILE = "profile.toml"
MAX_NAME = 200
THEMES = ("system", "light", "dark")  # the window's look: follow the desktop, or fixed


@dataclass(frozen=True)
class UserSettings:
    """Per-user preferences; ``name``/``role`` sign letters, ``jurisdiction`` seeds new cases."""

    name: str = ""
    role: str = ""
    jurisdiction: str = "uk-ew"
    theme: str = "system"

    def sender(self):  # noqa: ANN201 - documents.Sender, imported lazily
        """The letters' Sender for this user, or None when no name is set."""
        if not self.name.strip():
            return None
        from sar_desk.documents.context import Sender

        return Sender(name=self.name.strip(), role=self.role.strip())


def settings_path(config_dir: str | Path | None = None) -> Path:
    """Where the settings file lives (the user config folder unless ``config_dir`` is given)."""
    if config_dir is None:
        import platformdirs

        config_dir = platformdirs.user_config_dir(APP_NAME, appauthor=False)
    return Path(config_dir) / SETTINGS_FILE


def validate_settings(settings: UserSettings) -> UserSettings:
    """Return the settings tidied (trimmed, canonical jurisdiction) or raise InputError."""
    from sar_desk.core.calendars import validate_jurisdiction

    name = " ".join(settings.name.split())
    role = " ".join(settings.role.split())
    for label, value in (("name", name), ("role", role)):
        if len(value) > MAX_NAME:
            raise InputError(
                f"the {label} is {len(value)} characters long; keep it under {MAX_NAME}"
            )
        if any(ord(ch) < 32 for ch in value):
            raise InputError(f"the {label} contains control characters")
    if role and not name:
        raise InputError("a role was given without a name: give the name letters are signed with")
    if settings.theme not in THEMES:
        raise InputError(f"unknown appearance {settings.theme!r}: choose one of "
                         f"{', '.join(THEMES)}")
    return UserSettings(
        name=name, role=role, jurisdiction=validate_jurisdiction(settings.jurisdiction),
        theme=settings.theme,
    )


def load_user_settings(path: str | Path | None = None) -> UserSettings:
    """Read the settings file; a missing or unreadable file gives the defaults (never an error)."""
    file = Path(path) if path is not None else settings_path()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return UserSettings()
    if not isinstance(data, dict):
        return UserSettings()
    known = {k: str(v) for k, v in data.items() if k in UserSettings.__dataclass_fields__}
    settings = replace(UserSettings(), **known)
    try:
        return validate_settings(settings)
    except InputError:
        settings = replace(settings, theme=settings.theme if settings.theme in THEMES
                           else UserSettings.theme)
        return replace(settings, jurisdiction=UserSettings.jurisdiction)


def save_user_settings(settings: UserSettings, path: str | Path | None = None) -> UserSettings:
    """Validate and save; returns what was saved."""
    clean = validate_settings(settings)
    file = Path(path) if path is not None else settings_path()
    _atomic_write(file, json.dumps(asdict(clean), ensure_ascii=False, indent=2).encode("utf-8"))
    return clean


# -- organisation profile ----------------------------------------------------------------
def profile_path(workspace_root: str | Path) -> Path:
    """The workspace's own organisation profile (letters fall back to the built-in one)."""
    return Path(workspace_root) / PROFILE_FILE


def workspace_profile(ws: Workspace) -> Profile:
    """The workspace's organisation profile, or the built-in default when it has none."""
    from sar_desk.documents import load_profile

    path = profile_path(ws.path)
    return load_profile(path if path.is_file() else None)


def signing_sender(profile: Profile) -> Sender:
    """The user's name and role from their settings, else the profile's signatory."""
    from sar_desk.documents import default_sender

    return load_user_settings().sender() or default_sender(profile)


def read_profile_text(path: str | Path | None) -> str:
    """The profile's TOML text: the workspace file if present, else the built-in default."""
    from sar_desk.documents.errors import ProfileError
    from sar_desk.documents.profile import default_profile_path, read_profile_file

    if path is not None and Path(path).exists():
        raw = read_profile_file(Path(path))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ProfileError(f"organisation profile {path} is not UTF-8 text") from None
    return default_profile_path().read_text(encoding="utf-8")


def validate_profile_text(text: str, source: str = "(being edited)"):  # noqa: ANN201
    """Parse and validate profile TOML with the letters' loader; returns the Profile."""
    from sar_desk.documents.profile import parse_profile_toml, profile_from_dict

    return profile_from_dict(parse_profile_toml(text, source), source)


def save_profile_text(text: str, path: str | Path):  # noqa: ANN201
    """Validate, then write the profile atomically; returns the validated Profile."""
    file = Path(path)
    profile = validate_profile_text(text, str(file))
    _atomic_write(file, text.encode("utf-8"))
    return profile


def _atomic_write(file: Path, data: bytes) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, file)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            from sar_desk.store.engine import is_disk_full
            from sar_desk.store.errors import DiskFull, StoreError

            if is_disk_full(exc):
                raise DiskFull(file, f"cannot write {file}; the previous version is unchanged"
                               ) from None
            raise StoreError(f"Cannot write {file}: {exc.strerror or exc}. The previous "
                             "version is unchanged.", path=file) from None
        raise


def workspace_limits(ws: Workspace) -> Limits:
    """The size limits the organisation profile sets (the defaults without one)."""
    from sar_desk.documents.profile import load_limits

    return load_limits(profile_path(ws.path))
