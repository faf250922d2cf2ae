"""Settings for the points of the deadline rules where the authorities differ.

Each setting matches one bullet of "Settings for the points where sources differ" in the
rules summary; the defaults are the ones written there and reproduce the shared worked
examples. A case records the policy that computed its dates (:meth:`Policy.to_dict`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from sar_desk.errors import InputError


class PauseCount(StrEnum):
    """How many days a clarification pause from day A to day B stops the clock."""

    INCLUSIVE = "inclusive"  # both A and B do not count: (B - A) + 1 days
    EXCLUSIVE = "exclusive"  # A and B both count as running days: (B - A) - 1 days


class ExtensionBase(StrEnum):
    """Where the extended (three-month) deadline is counted from."""

    RELEVANT_PLUS_3_MONTHS = "relevant-date-plus-3-months"
    FIRST_DUE_PLUS_2_MONTHS = "first-due-plus-2-months"  # the unrolled, unpaused first due


class MonthRule(StrEnum):
    """What "one month" means."""

    # The ICO's reading: the same day number in the next month (3 Sep -> 3 Oct).
    ICO_SAME_DATE = "ico-same-date"
    # Strict statutory "period of one month beginning with" the relevant date: the day
    # before the corresponding date (3 Sep -> 2 Oct); if the month has no corresponding
    # date, its last day (31 Jan -> 28/29 Feb).
    STRICT_STATUTORY = "strict-statutory"


@dataclass(frozen=True, slots=True)
class Policy:
    """How the deadline engine settles the disputed points (defaults as in the rules)."""

    pause_count: PauseCount = PauseCount.INCLUSIVE
    extension_base: ExtensionBase = ExtensionBase.RELEVANT_PLUS_3_MONTHS
    roll_extended: bool = True
    month_rule: MonthRule = MonthRule.ICO_SAME_DATE
    show_internal_target: bool = False
    internal_target_days: int = 28
    # EU GDPR has no statutory stop-the-clock: a clarification moves an ``eu``/``eu-XX``
    # deadline only where the organisation's regulator allows it and this is turned on.
    eu_clarification_pause: bool = False

    def __post_init__(self) -> None:
        for name, kind in _ENUMS.items():
            value = getattr(self, name)
            if not isinstance(value, kind):
                object.__setattr__(self, name, _enum_value(name, kind, value))
        for name in ("roll_extended", "show_internal_target", "eu_clarification_pause"):
            if not isinstance(getattr(self, name), bool):
                raise InputError(f"policy setting {name} must be true or false")
        days = self.internal_target_days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 90:
            raise InputError("policy setting internal_target_days must be a number from 1 to 90")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready settings (enum values as strings)."""
        return {
            f.name: (str(v) if isinstance(v := getattr(self, f.name), StrEnum) else v)
            for f in fields(self)
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Policy:
        """Settings from :meth:`to_dict` output; missing keys take the defaults."""
        if not isinstance(data, dict):
            raise InputError("a deadline policy must be a mapping of setting names to values")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InputError(
                f"unknown deadline policy setting(s) {', '.join(unknown)}; "
                f"known settings: {', '.join(sorted(known))}"
            )
        return cls(**data)

    def to_text(self) -> str:
        """The settings that differ from the defaults as JSON text ("" for the defaults):
        what a case file records as the policy that computes its dates."""
        changed = {k: v for k, v in self.to_dict().items() if v != _DEFAULTS.get(k)}
        return json.dumps(changed, sort_keys=True) if changed else ""

    @classmethod
    def from_text(cls, text: str) -> Policy:
        """The policy :meth:`to_text` wrote ("" or missing: the defaults)."""
        if not text or not text.strip():
            return DEFAULT_POLICY
        try:
            data = json.loads(text)
        except ValueError:
            raise InputError(f"the recorded deadline policy {text!r} is not readable") from None
        return cls.from_dict(data)

    def describe(self) -> str:
        """One plain-English line naming every setting."""
        pause = (
            "pauses count both end days"
            if self.pause_count is PauseCount.INCLUSIVE
            else "pauses exclude both end days"
        )
        month = (
            "one month = same day number next month (ICO)"
            if self.month_rule is MonthRule.ICO_SAME_DATE
            else "one month = strict statutory period (one day earlier)"
        )
        ext = (
            "extension = relevant date + 3 months"
            if self.extension_base is ExtensionBase.RELEVANT_PLUS_3_MONTHS
            else "extension = first due date + 2 months"
        )
        roll = (
            "extended date rolled to a working day"
            if self.roll_extended
            else "extended date not rolled"
        )
        target = (
            f"internal {self.internal_target_days}-day target shown"
            if self.show_internal_target
            else "no internal target"
        )
        eu = (
            "clarification pauses EU deadlines too (organisation setting)"
            if self.eu_clarification_pause
            else "clarification does not pause EU deadlines"
        )
        return (
            f"Policy: {month}; {pause}; a pause asked after the due date does not count, even "
            f"while that date rolls over a weekend or holiday; {ext}; {roll}; {target}; {eu}."
        )


_ENUMS: dict[str, type[StrEnum]] = {
    "pause_count": PauseCount,
    "extension_base": ExtensionBase,
    "month_rule": MonthRule,
}


def _enum_value(name: str, kind: type[StrEnum], value: object) -> StrEnum:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise InputError(
            f"policy setting {name} cannot be {value!r}; choose one of {choices}"
        ) from None


DEFAULT_POLICY = Policy()
_DEFAULTS = DEFAULT_POLICY.to_dict()
