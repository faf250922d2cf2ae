"""The organisation profile: a TOML file the organisation edits (who writes, and the Art. 15 facts).

:func:`load_profile` validates every field a letter needs and names the first one that is
missing, empty or of the wrong type, so a letter is never sent with a gap in it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sar_desk.core.limits import MAX_PROFILE_BYTES, Limits, limits_from, limits_reason
from sar_desk.core.policy import Policy
from sar_desk.documents.errors import ProfileError
from sar_desk.errors import InputError

# (dotted field, kind): "str" = non-empty text, "list" = non-empty list of non-empty text.
REQUIRED_FIELDS: tuple[tuple[str, str], ...] = (
    ("organisation.name", "str"),
    ("organisation.address", "list"),
    ("organisation.company_number", "str"),
    ("organisation.phone", "str"),
    ("organisation.email", "str"),
    ("organisation.website", "str"),
    ("privacy_contact.name", "str"),
    ("privacy_contact.email", "str"),
    ("regulator.name", "str"),
    ("regulator.address", "list"),
    ("regulator.helpline", "str"),
    ("regulator.website", "str"),
    ("article15.categories", "list"),
    ("article15.purposes", "list"),
    ("article15.lawful_bases", "list"),
    ("article15.recipients", "list"),
    ("article15.sources", "list"),
    ("article15.transfers", "str"),
    ("article15.safeguards", "str"),
    ("article15.retention", "list"),
    ("article15.automated_decisions", "str"),
    ("identity.accepted", "list"),
)
OPTIONAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("organisation.registered_in", "str"),
    ("privacy_contact.phone", "str"),
    ("privacy_contact.address", "list"),
    ("regulator.short_name", "str"),
    ("signatory.name", "str"),
    ("signatory.role", "str"),
    ("letters.templates", "str"),
    ("fees.payment", "str"),
    ("fees.payee", "str"),
    ("fees.bank", "str"),
    ("fees.sort_code", "str"),
    ("fees.account_number", "str"),
)
# The bank details a fee letter prints (letters asking for a fee are refused without them).
PAYMENT_FIELDS: tuple[str, ...] = ("fees.payee", "fees.bank", "fees.sort_code",
                                   "fees.account_number")
# Fields letters print as an email address: text without an "@" is a typing slip.
EMAIL_FIELDS: tuple[str, ...] = ("organisation.email", "privacy_contact.email")
# Whole numbers from 1 to a ceiling (the retention service destroys cases after it; backups
# are pruned after it).
POSITIVE_INT_FIELDS: dict[str, int] = {"retention.closed_case_years": 200,
                                       "backups.keep_days": 36500}

# The Article 15 items a final response must state, with the heading each is shown under.
ARTICLE15_ITEMS: tuple[tuple[str, str], ...] = (
    ("purposes", "Why we use your information"),
    ("categories", "The kinds of information we hold"),
    ("lawful_bases", "Our lawful bases"),
    ("recipients", "Who receives your information"),
    ("sources", "Where your information comes from"),
    ("transfers", "Transfers outside the UK"),
    ("safeguards", "Safeguards for those transfers"),
    ("retention", "How long we keep your information"),
    ("automated_decisions", "Automated decision-making"),
)


@dataclass(frozen=True)
class Profile:
    """A validated profile. ``data`` holds the TOML tables; use :meth:`get` for dotted names."""

    data: dict[str, Any]
    source: str
    templates_dir: Path | None = None

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    @property
    def limits(self) -> Limits:
        """The size limits in force (the profile's ``[limits]`` table over the defaults)."""
        return limits_from(self.data.get("limits"))

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}


def default_profile_path() -> Path:
    return Path(str(resources.files("sar_desk") / "resources" / "profiles" / "default.toml"))


def _check(data: dict[str, Any], dotted: str, kind: str, required: bool, source: str) -> None:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            if required:
                raise ProfileError(
                    f"organisation profile {source} is missing the field '{dotted}', "
                    "which letters need; add it and try again"
                )
            return
        node = node[part]
    if kind == "str":
        if not isinstance(node, str) or (required and not node.strip()):
            raise ProfileError(
                f"organisation profile {source}: the field '{dotted}' must be non-empty text"
            )
    else:
        ok = isinstance(node, list) and all(isinstance(i, str) and i.strip() for i in node)
        if not ok or (required and not node):
            raise ProfileError(
                f"organisation profile {source}: the field '{dotted}' must be a list of "
                'one or more pieces of text, like ["first", "second"]'
            )


def _lookup(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _check_values(data: dict[str, Any], source: str) -> None:
    for dotted in EMAIL_FIELDS:
        value = _lookup(data, dotted)
        if isinstance(value, str) and value.strip() and "@" not in value:
            raise ProfileError(f"organisation profile {source}: the field '{dotted}' must be "
                               f"an email address (it has no @): {value!r}")
    for dotted, ceiling in POSITIVE_INT_FIELDS.items():
        value = _lookup(data, dotted)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 1 <= value <= ceiling):
            raise ProfileError(f"organisation profile {source}: the field '{dotted}' must be "
                               f"a whole number from 1 to {ceiling} (it is "
                               f"{str(value)[:40]})")


def check_sizes(data: dict[str, Any], source: str) -> None:
    """Refuse a bad ``[limits]`` table, and any text or list larger than the limits allow
    (a letter would take minutes to lay out a megabyte of name)."""
    reason = limits_reason(data.get("limits"))
    if reason:
        raise ProfileError(f"organisation profile {source}: {reason}")
    limits = limits_from(data.get("limits"))

    def walk(node: Any, path: str, depth: int) -> None:
        if depth > 8:
            raise ProfileError(f"organisation profile {source}: '{path}' is nested deeper "
                               "than a profile can be")
        if isinstance(node, str) and len(node) > limits.profile_value_chars:
            raise ProfileError(f"organisation profile {source}: the field '{path}' is "
                               f"{len(node):,} characters long; the limit is "
                               f"{limits.profile_value_chars:,}")
        if isinstance(node, list):
            if len(node) > limits.profile_list_items:
                raise ProfileError(f"organisation profile {source}: the field '{path}' has "
                                   f"{len(node):,} items; the limit is "
                                   f"{limits.profile_list_items:,}")
            for item in node:
                walk(item, path, depth + 1)
        if isinstance(node, dict):
            if len(node) > limits.profile_list_items:
                raise ProfileError(f"organisation profile {source}: the table "
                                   f"'{path or '(top)'}' has {len(node):,} fields; the limit is "
                                   f"{limits.profile_list_items:,}")
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key, depth + 1)

    walk(data, "", 0)


def deadline_policy_of(data: dict[str, Any], source: str = "(in memory)") -> Policy:
    """The deadline policy set by the optional ``[deadline]`` table (defaults for the rest);
    :class:`ProfileError` naming the table when a setting is unknown or has a bad value."""
    table = data.get("deadline", {})
    if not isinstance(table, dict):
        raise ProfileError(f"organisation profile {source}: 'deadline' must be a table of "
                           "deadline settings, like [deadline]")
    try:
        return Policy.from_dict(dict(table))
    except InputError as exc:
        raise ProfileError(f"organisation profile {source}, table [deadline]: {exc}") from None


def load_deadline_policy(path: str | Path | None) -> Policy:
    """The deadline policy of the profile file at ``path`` (the defaults when it is None or
    missing). Only the ``[deadline]`` table is checked: a gap a letter would refuse does not
    stop a case from being logged."""
    if path is None or not Path(path).is_file():
        return deadline_policy_of({})
    return deadline_policy_of(_read_toml(Path(path)), str(path))


def load_limits(path: str | Path | None) -> Limits:
    """The size limits the profile file at ``path`` sets (the defaults when it is None or
    missing). Only the ``[limits]`` table is checked, as for the deadline policy."""
    if path is None or not Path(path).exists():
        return Limits()
    table = _read_toml(Path(path)).get("limits")
    reason = limits_reason(table)
    if reason:
        raise ProfileError(f"organisation profile {path}: {reason}")
    return limits_from(table)


def profile_from_dict(data: dict[str, Any], source: str = "(in memory)",
                      base_dir: Path | None = None) -> Profile:
    """Validate already-parsed profile tables; raises :class:`ProfileError` naming the field."""
    check_sizes(data, source)
    for dotted, kind in REQUIRED_FIELDS:
        _check(data, dotted, kind, True, source)
    for dotted, kind in OPTIONAL_FIELDS:
        _check(data, dotted, kind, False, source)
    _check_values(data, source)
    deadline_policy_of(data, source)
    templates = data.get("letters", {}).get("templates") if isinstance(
        data.get("letters"), dict) else None
    templates_dir = None
    if templates:
        templates_dir = Path(templates).expanduser()
        if not templates_dir.is_absolute() and base_dir is not None:
            templates_dir = base_dir / templates_dir
        if not templates_dir.is_dir():
            raise ProfileError(
                f"organisation profile {source}: 'letters.templates' names the folder "
                f"{templates_dir}, which does not exist"
            )
    return Profile(data=data, source=source, templates_dir=templates_dir)


def load_profile(path: str | Path | None = None) -> Profile:
    """Read and validate a profile TOML file (the built-in default when ``path`` is None)."""
    file = Path(path) if path is not None else default_profile_path()
    return profile_from_dict(_read_toml(file), str(file), base_dir=file.parent)


def read_profile_file(file: Path) -> bytes:
    """The bytes of a profile file, refused when it is missing, not a regular file or larger
    than :data:`~sar_desk.core.limits.MAX_PROFILE_BYTES`."""
    try:
        if file.exists() and not file.is_file():
            raise ProfileError(f"organisation profile {file} is not a regular file")
        with file.open("rb") as handle:
            raw = handle.read(MAX_PROFILE_BYTES + 1)
    except FileNotFoundError:
        raise ProfileError(f"organisation profile {file} does not exist") from None
    except OSError as exc:
        raise ProfileError(f"cannot read organisation profile {file}: {exc.strerror}") from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(f"organisation profile {file} is larger than "
                           f"{MAX_PROFILE_BYTES // (1024 * 1024)} MB: it cannot be a profile")
    return raw


def _read_toml(file: Path) -> dict[str, Any]:
    raw = read_profile_file(file)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError(f"organisation profile {file} is not UTF-8 text") from None
    return parse_profile_toml(text, str(file))


def parse_profile_toml(text: str, source: str) -> dict[str, Any]:
    """The tables of profile TOML text; :class:`ProfileError` when it is too large, is not
    text or is not TOML."""
    if len(text) > MAX_PROFILE_BYTES:
        raise ProfileError(f"organisation profile {source} is larger than "
                           f"{MAX_PROFILE_BYTES // (1024 * 1024)} MB: it cannot be a profile")
    if "\x00" in text:
        raise ProfileError(f"organisation profile {source} holds binary data, not text")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"organisation profile {source} is not valid TOML: {exc}") from None
    except RecursionError:
        raise ProfileError(f"organisation profile {source} nests arrays or tables deeper "
                           "than a profile can be") from None
