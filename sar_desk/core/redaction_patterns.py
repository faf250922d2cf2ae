"""What redaction looks for in a page's text: terms, bounded regular expressions and the UK
patterns (one record list), as pure functions from text to character spans.

A span is ``(start, end)`` in the text given; the PDF layer maps spans to rectangles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sar_desk.errors import InputError

MAX_REGEX = 200  # characters of a regular expression typed by a user


def nhs_number_ok(text: str) -> bool:
    """Whether ``text`` (spaces and hyphens allowed) is a ten-digit NHS number whose
    modulus-11 check digit is right (a remainder giving 10 is never valid)."""
    digits = [int(c) for c in text if c.isdigit()]
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == digits[9]


def _ni_ok(text: str) -> bool:
    prefix = text.replace(" ", "")[:2].upper()
    return prefix[0] not in "DFIQUV" and prefix[1] not in "DFIOQUV" and prefix not in {
        "BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


@dataclass(frozen=True)
class PatternRule:
    """One UK pattern: its name (as the command line takes it), what it finds, its regular
    expression and an extra check a match must pass (a checksum)."""

    name: str
    label: str
    regex: re.Pattern[str]
    check: Callable[[str], bool] | None = None


_B = r"(?<![\w@.])"  # not inside a longer word, number or address
_E = r"(?![\w@])"

PATTERNS: tuple[PatternRule, ...] = (
    PatternRule("email", "e-mail address", re.compile(
        r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")),
    PatternRule("uk-phone", "UK telephone number", re.compile(
        _B + r"(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?!\d)")),
    PatternRule("ni-number", "National Insurance number", re.compile(
        _B + r"[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]" + _E),
        _ni_ok),
    PatternRule("nhs-number", "NHS number", re.compile(
        _B + r"\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)"), nhs_number_ok),
    PatternRule("postcode", "UK postcode", re.compile(
        r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})"
        r"(?![A-Za-z0-9])", re.IGNORECASE)),
    PatternRule("bank-account", "sort code and account number", re.compile(
        _B + r"\d{2}[-\s]\d{2}[-\s]\d{2}[,;:\s]+(?:(?:account|acc|a/c)(?:\s*(?:no|number))?"
        r"[.:]?\s*)?\d{8}(?!\d)", re.IGNORECASE)),
)
PATTERN_NAMES = tuple(p.name for p in PATTERNS)


def pattern_named(name: str) -> PatternRule:
    """The pattern called ``name``; InputError listing the names otherwise."""
    for rule in PATTERNS:
        if rule.name == name:
            return rule
    raise InputError(f"There is no redaction pattern called {name!r}: the patterns are "
                     f"{', '.join(PATTERN_NAMES)}.", code="redaction.pattern", name=name)


def pattern_spans(text: str, rule: PatternRule) -> list[tuple[int, int]]:
    return [m.span() for m in rule.regex.finditer(text)
            if rule.check is None or rule.check(m.group())]


def term_spans(text: str, term: str) -> list[tuple[int, int]]:
    """Whole-word, case-insensitive places of ``term``; its spaces match any run of space."""
    words = term.split()
    if not words:
        return []
    body = r"\s+".join(re.escape(w) for w in words)
    return [m.span() for m in re.finditer(rf"(?<!\w){body}(?!\w)", text, re.IGNORECASE)]


def _overlapping(branches) -> bool:  # noqa: ANN001 - parser internals
    """Whether alternatives (inside a repeat) may begin with the same character: each then
    doubles the ways to match, as in ``(a|aa)*``. Only distinct first letters pass."""
    from re import _constants as c  # type: ignore[attr-defined]

    firsts = []
    for branch in branches:
        items = list(branch)
        if not items or items[0][0] != c.LITERAL:
            return True
        firsts.append(items[0][1])
    return len(set(firsts)) != len(firsts)


def _nested_repeat(items, inside: bool = False) -> bool:  # noqa: ANN001 - parser internals
    from re import _constants as c  # type: ignore[attr-defined]

    for op, arg in items:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, body = arg
            unbounded = high == c.MAXREPEAT or high > 50
            if inside and unbounded:
                return True
            if _nested_repeat(body, inside or unbounded):
                return True
        elif op == c.SUBPATTERN:
            if _nested_repeat(arg[-1], inside):
                return True
        elif op == c.BRANCH:
            if inside and _overlapping(arg[1]):
                return True
            if any(_nested_repeat(b, inside) for b in arg[1]):
                return True
        elif op in (c.ASSERT, c.ASSERT_NOT):
            if _nested_repeat(arg[1], inside):
                return True
        elif op in (c.GROUPREF, c.GROUPREF_EXISTS):
            return True
    return False


def regex_refusal(expression: str) -> str | None:
    """Why a typed regular expression may not be used (or None): too long, not valid, able to
    match nothing, or able to run for ever (a repeat inside a repeat, alternatives inside a
    repeat that can start with the same character, a back-reference)."""
    from re import _parser  # type: ignore[attr-defined]

    if not expression.strip():
        return "The regular expression is empty."
    if len(expression) > MAX_REGEX:
        return f"The regular expression is longer than {MAX_REGEX} characters."
    try:
        parsed = _parser.parse(expression)
        compiled = re.compile(expression)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"The regular expression is not valid ({exc})."
    if _nested_repeat(parsed.data):
        return ("The regular expression repeats a repeat (or alternatives that start alike, or "
                "refers back to a group), which can take for ever on some text; write it "
                "without the nested repeat.")
    if compiled.fullmatch(""):
        return "The regular expression matches empty text, so it would mark nothing useful."
    return None


def regex_spans(text: str, expression: str) -> list[tuple[int, int]]:
    reason = regex_refusal(expression)
    if reason:
        raise InputError(f"{reason} Nothing was proposed.", code="redaction.regex")
    return [m.span() for m in re.finditer(expression, text) if m.end() > m.start()]
