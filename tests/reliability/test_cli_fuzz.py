"""Fuzz every subcommand's arguments with hostile values (hypothesis, in-process).

Every command the parser knows is enumerated from it (a new subcommand is fuzzed without
touching this file), and each of its arguments gets values a hostile user or a broken
script could pass: unpaired surrogates, control characters, numbers past 2^63, NaN, dates
the arithmetic cannot hold, megabytes of text. Each run must end within 30 seconds, with
exit 0, 1 or 2, one clear line on error and never a traceback.

Derandomized, so CI sees the same examples every run; ``SAR_DESK_FUZZ_EXAMPLES`` sets how
many per command (default 12).
"""

from __future__ import annotations

import argparse
import os
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.test_cli_properties import (
    NAMES,
    assert_clean,
    call,
    leaf_commands,
    refs_for,
    shared_ws,  # noqa: F401 - the module's workspace fixture
    ws_args,  # noqa: F401 - the fixture giving --workspace
)

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("SAR_DESK_FUZZ_EXAMPLES", "12"))
TIMEOUT = 30  # seconds per example: longer is a hang

HOSTILE_TEXT = [
    "bad\udcff", "\ud800", "a\udfffb", "\x00", "nul\x00byte", "bell\x07", "esc\x1b[31m",
    "del\x7f", "c1\x85", "\u2028", "\ufeff", "x" * 1_000_000, "🏴‍☠️" * 10_000, "{{ 7 * 7 }}",
    "{% for i in range(99999) %}x{% endfor %}", "=1+1", "@b", "+2", "-3", ".", "..",
    "%n%n%n", "a" * 300,
]  # no device or system path: an --out over /dev/null would replace it on this machine
HOSTILE_NUMBERS = [
    "NaN", "nan", "inf", "-Infinity", "sNaN", "1e999999", "-0", "0", "-1",
    str(2**63), str(2**63 - 1), str(-(2**63) - 1), "99999999999999999999", "1_000", " 7 ",
    "0x10", "١٢", "٣", "1e3", "+5",
]
HOSTILE_DATES = [
    "0001-01-01", "9999-12-31", "9999-12-30", "1899-12-31", "1900-01-01", "2026-02-29",
    "2024-02-29", "0000-00-00", "99999-01-01",
]

chars = st.characters(blacklist_categories=())  # every code point, surrogates included
texts = st.one_of(st.text(chars, max_size=30), st.sampled_from(HOSTILE_TEXT + NAMES))
numbers = st.one_of(st.sampled_from(HOSTILE_NUMBERS), st.integers(-(2**70), 2**70).map(str),
                    texts)
dates = st.one_of(st.sampled_from(HOSTILE_DATES), texts)

# 'gui' would open a window and 'init' makes workspaces where it is told: each has its own
# tests. 'demo' is fuzzed below with a folder of its own.
FUZZED = sorted(set(leaf_commands()) - {"gui", "init", "demo"})


def value_for(action: argparse.Action, refs, ref: str) -> st.SearchStrategy:
    kind = getattr(action.type, "__name__", "")
    if action.dest in ("reference", "ref"):  # half the time a real case: deeper paths
        base = st.one_of(st.just(ref), refs)
    elif kind in ("iso_date", "year_month"):
        base = dates
    elif kind == "int":
        base = st.one_of(st.sampled_from(HOSTILE_NUMBERS), numbers)
    elif action.dest in ("amount",):
        base = numbers
    else:
        base = st.one_of(texts, numbers, dates)
    if action.choices:
        base = st.one_of(st.sampled_from(sorted(map(str, action.choices))), base)
    return base


class Hang(BaseException):  # not caught by the CLI's last line of defence
    """A command ran past TIMEOUT."""


def run_bounded(argv, capsys):
    """The command's (exit code, stdout, stderr); :class:`Hang` after TIMEOUT seconds."""

    def alarm(signum, frame):  # noqa: ANN001
        raise Hang(f"no answer within {TIMEOUT} s: {argv!r:.300}")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(TIMEOUT)
    try:
        return call(argv, capsys)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(argv, capsys) -> None:
    code, out, err = run_bounded(argv, capsys)
    # A message may quote a megabyte the user typed: compare without it.
    assert_clean(code, out[:10_000], err, (0, 1, 2), argv)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the hang guard needs SIGALRM")
@pytest.mark.parametrize("command", FUZZED)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_every_command_survives_hostile_arguments(command, data, shared_ws, ws_args,  # noqa: F811
                                                  capsys):
    parser = leaf_commands()[command]
    refs, ref = refs_for(shared_ws), shared_ws.refs[0]
    options, positionals = [], []
    for action in parser._actions:
        if action.dest in ("help", "workspace"):
            continue
        if not action.option_strings:
            if action.nargs in ("?", "*") and not data.draw(st.booleans()):
                continue
            positionals.append(data.draw(value_for(action, refs, ref)))
        elif action.nargs == 0:
            if data.draw(st.booleans()):
                options.append(action.option_strings[-1])
        elif action.required or data.draw(st.booleans()):
            options.append(f"{action.option_strings[-1]}={data.draw(value_for(action, refs, ref))}")
    check([*command.split(), *options, *ws_args, "--", *positionals], capsys)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the hang guard needs SIGALRM")
@settings(max_examples=EXAMPLES * 2, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cases=st.sampled_from([n for n in HOSTILE_NUMBERS if n not in ("0", "-0", "1e3", "+5",
                                                                       " 7 ", "1_000")]),
       seed=numbers)
def test_demo_refuses_hostile_sizes(cases, seed, tmp_path_factory, capsys):
    target = tmp_path_factory.mktemp("demo") / "ws"
    check(["demo", f"--cases={cases}", f"--seed={seed}", "--workspace", str(target)], capsys)
