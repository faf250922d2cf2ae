"""Property tests of every CLI command's argument handling (hypothesis, in-process).

Whatever a user types — dates that cannot be, empty or huge strings, any Unicode — a
command either succeeds (exit 0) or prints one clear line on stderr and exits 2. Never a
traceback, and never the last-resort "unexpected error" (an exception nobody typed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sar_desk.cli import build_parser, main
from tests.reliability.conftest import TODAY, make_workspace

SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

# Any Unicode a command line can carry (a real argv cannot hold NUL or lone surrogates).
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
NAMES = ["Łódź", "王芳", "عائشة", "Ελένη", "Zoë Brontë-Hughes", "O'Connor; DROP TABLE cases",
         "\u202eevil", "e\u0301", "👩‍👩‍👧", "  ", "\t", "a\nb", "-", "--", "%s%n", "' OR 1=1 --",
         '"quoted"', "NEAR(", "*", "AND", "\"unbalanced"]
texts = st.one_of(
    st.text(chars, max_size=40),
    st.sampled_from(NAMES),
    st.just(""),
    st.builds(lambda s, n: (s * n)[:100_000], st.text(chars, min_size=1, max_size=4),
              st.integers(2_000, 30_000)),
).filter(lambda s: s != "--")  # '--opt=--': test_a_date_option_given_two_dashes_is_refused...
IMPOSSIBLE = ["2025-02-29", "2024-02-30", "2025-13-01", "2025-00-10", "2025-04-31", "0000-01-01",
              "10000-01-01", "2025-1-1", "01/02/2025", "2025/01/02", "yesterday", "20250102",
              "2025-01-02T00:00", "", " ", "٢٠٢٥-٠١-٠٢", "２０２５-０１-０２", "-2025-01-01"]
dates = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(IMPOSSIBLE),
    texts,
)
amounts = st.one_of(texts, st.sampled_from(
    ["£25", "1,000.50", "-5", "NaN", "Infinity", "1e400", "0", "sNaN", "1e-400", "£"]))
ERROR_LINE = re.compile(r"^sar-desk( [\w-]+)*: (error: )?\s*\S")


def call(argv: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse rejecting an argument
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def check(argv: list[str], capsys, allowed: tuple[int, ...] = (0, 2)) -> tuple[int, str]:
    code, out, err = call(argv, capsys)
    assert_clean(code, out, err, allowed, argv)
    return code, out


def assert_clean(code: int, out: str, err: str, allowed: tuple[int, ...] = (0, 2),
                 argv: list[str] | None = None) -> None:
    """Success, or one clear error line and the documented exit code; never a traceback.

    A message may quote what the user typed (a path holding a newline, say): those values
    are blanked out before the lines are counted.
    """
    assert "Traceback" not in out + err, err
    assert "unexpected error" not in err, err
    assert code in allowed, f"exit {code}: {err}"
    if code != 0:
        for arg in sorted(argv or (), key=len, reverse=True):
            value = arg.split("=", 1)[1] if arg.startswith("--") and "=" in arg else arg
            if "\n" in value:
                err = err.replace(value, "<value>")
        lines = [line for line in err.split("\n") if line.strip()]
        assert lines, "an error must say what went wrong"
        # argparse prints its usage first; the error itself is the last line, alone.
        errors = [line for line in lines if ERROR_LINE.match(line)]
        assert len(errors) == 1 and errors[0] == lines[-1], err
        assert len(lines[-1]) > len("sar-desk: ") + 10, err


@pytest.fixture(scope="module")
def shared_ws(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("cli-props"), cases=4)


@pytest.fixture
def ws_args(shared_ws, memory_keyring, monkeypatch, tmp_path):
    """--workspace for in-process calls: the key goes into this test's in-memory keyring."""
    from sar_desk.services.workspace import unlock_with_recovery_key

    monkeypatch.setenv("SAR_DESK_TODAY", TODAY)
    monkeypatch.chdir(tmp_path)  # any file a command writes lands here
    unlock_with_recovery_key(shared_ws.path, shared_ws.recovery)
    return ["--workspace", str(shared_ws.path)]


def refs_for(shared_ws):
    ref = shared_ws.refs[0]
    year, seq = ref.split("-")[1:]
    return st.one_of(texts, st.sampled_from(
        [ref, ref.lower(), f"SAR {year} {int(seq)}", "SAR-2026-9999", "SAR-", "SAR-0-0"]))


# --- pure commands ---------------------------------------------------------------------


@SETTINGS
@given(received=dates, jurisdiction=st.one_of(texts, st.sampled_from(
    ["uk-ew", "uk-sct", "uk-ni", "eu", "eu-ie", "eu-xx", "EU-DE", "uk"])),
    event=st.tuples(st.one_of(texts, st.sampled_from(["id_requested", "extended", "closed"])),
                    dates), as_of=dates)
def test_deadline(received, jurisdiction, event, as_of, capsys):
    argv = ["deadline", f"--received={received}", f"--jurisdiction={jurisdiction}",
            f"--event={event[0]}={event[1]}", f"--as-of={as_of}", "--json"]
    check(argv, capsys)


def test_option_value_of_two_dashes(ws_args, capsys):
    """argparse on Python 3.11 reads '--opt=--' as an empty list, not the text '--'."""
    check(["unlock", "--recovery-key=--", *ws_args], capsys, allowed=(1, 2))


def test_a_date_option_given_two_dashes_is_refused_everywhere():
    """argparse (Python 3.11) drops the "--" of '--opt=--'; the CLI parser must not."""
    bad = []
    for command, parser in leaf_commands().items():
        for action in parser._actions:
            if getattr(action.type, "__name__", "") != "iso_date":
                continue
            argv = [*command.split(), f"{action.option_strings[-1]}=--",
                    *required_arguments(parser, skip=action)]
            try:
                value = getattr(build_parser().parse_args(argv), action.dest)
            except SystemExit as exc:
                assert exc.code == 2
                continue
            if not isinstance(value, dt.date):
                bad.append(f"{command} {action.option_strings[-1]}: {value!r}")
    assert not bad, bad


def required_arguments(parser: argparse.ArgumentParser, skip: argparse.Action) -> list[str]:
    """Plausible values for the arguments a command requires (so parsing gets that far)."""
    options, positionals = [], []
    for action in parser._actions:
        if action is skip or action.dest == "help" or not (
                action.required or not action.option_strings and action.nargs != "?"):
            continue
        kind = getattr(action.type, "__name__", "")
        value = (sorted(map(str, action.choices))[0] if action.choices else
                 "2025-01-02" if kind == "iso_date" else "2025-01" if kind == "year_month"
                 else "1" if kind == "int" else "SAR-2026-0001")
        if action.option_strings:
            options.append(f"{action.option_strings[-1]}={value}")
        else:
            positionals.append(value)
    return [*options, "--", *positionals]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(value=dates)
def test_every_date_option_accepts_real_dates_and_names_the_rest(value):
    """Every option typed as a date, in every command, takes exactly the real dates."""
    parser = build_parser()
    for action in iter_actions(parser):
        if getattr(action.type, "__name__", "") != "iso_date":
            continue
        try:
            parsed = action.type(value)
        except argparse.ArgumentTypeError as exc:
            assert repr(value)[:20] in str(exc) or len(value) > 20, str(exc)
            assert "YYYY-MM-DD" in str(exc)
            with pytest.raises(ValueError):
                dt.date.fromisoformat(value.strip())
        else:
            assert parsed == dt.date.fromisoformat(value.strip())


def iter_actions(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from iter_actions(sub)
        else:
            yield action


def leaf_commands() -> dict[str, argparse.ArgumentParser]:
    """Every command path (``case new``, ``rights action``...) and its parser."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser, path):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs and path:
            found[" ".join(path)] = parser
        for sub in subs:
            for name, child in sub.choices.items():
                walk(child, [*path, name])

    walk(build_parser(), [])
    return found


# Not fuzzed blindly: 'gui' would open a window, 'demo --cases N' could run for hours and
# 'init' makes workspaces; each has its own test below.
BLIND = sorted(set(leaf_commands()) - {"gui", "demo", "init"})


def value_for(action: argparse.Action, refs) -> st.SearchStrategy:
    kind = getattr(action.type, "__name__", "")
    if action.dest in ("reference", "ref"):
        base = refs
    elif kind == "iso_date":
        base = dates
    elif kind == "year_month":
        base = st.one_of(texts, st.sampled_from(["2026-01", "2026-13", "2026-00", "1-1"]))
    elif kind == "int":
        base = st.one_of(texts, st.integers(-3, 5).map(str))
    else:
        base = texts
    if action.choices:
        base = st.one_of(st.sampled_from(sorted(map(str, action.choices))), base)
    return base


@pytest.mark.parametrize("command", BLIND)
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_command_with_any_arguments(command, data, shared_ws, ws_args, capsys):
    """Every command (new ones included automatically), every argument, any value."""
    parser = leaf_commands()[command]
    refs = refs_for(shared_ws)
    options, positionals = [], []
    for action in parser._actions:
        if action.dest in ("help", "workspace", "passphrase_file"):
            continue
        if not action.option_strings:
            if action.nargs in ("?", "*") and not data.draw(st.booleans()):
                continue
            positionals.append(data.draw(value_for(action, refs)))
        elif action.nargs == 0:
            if data.draw(st.booleans()):
                options.append(action.option_strings[-1])
        elif action.required or data.draw(st.booleans()):
            options.append(f"{action.option_strings[-1]}={data.draw(value_for(action, refs))}")
    argv = [*command.split(), *options, *ws_args, "--", *positionals]
    check(argv, capsys)


@SETTINGS
@given(view=st.one_of(texts, st.sampled_from(["cases", "dashboard", "case:SAR-2026-0001"])),
       size=st.one_of(texts, st.sampled_from(["1280x800", "99x99", "800X600", "0x0"])))
def test_gui_options(view, size, capsys):
    # Parsing only: a valid combination would open a window.
    parser = build_parser()
    try:
        args = parser.parse_args(["gui", f"--view={view}", f"--size={size}"])
    except SystemExit as exc:
        _, err = capsys.readouterr()
        assert_clean(exc.code, "", err)
    else:
        assert args.view.strip() and len(args.size) == 2


# --- workspace commands ----------------------------------------------------------------


@SETTINGS
@given(key=texts)
def test_unlock_with_any_recovery_key(key, ws_args, capsys):
    # A well-formed but wrong key is a key problem (exit 1); anything else is bad input.
    check(["unlock", f"--recovery-key={key}", *ws_args], capsys, allowed=(2, 1))


@SETTINGS
@given(cases=st.one_of(texts, st.integers(-3, 2).map(str)), seed=st.one_of(
    texts, st.integers(-10, 10).map(str)), as_of=dates)
def test_demo_arguments(cases, seed, as_of, ws_args, capsys, tmp_path_factory):
    target = tmp_path_factory.mktemp("demo") / "ws"
    check(["demo", f"--cases={cases}", f"--seed={seed}", f"--as-of={as_of}",
           "--workspace", str(target)], capsys)


def test_workspace_name_too_long(ws_args, capsys):
    check(["verify", "--workspace=" + "w" * 300], capsys, allowed=(1, 2))


@SETTINGS
@given(path=texts, passfile=texts)
def test_workspace_and_passphrase_file_options(path, passfile, ws_args, capsys):
    assume(path.strip() and not path.startswith("~"))
    # No workspace there, or an unreadable passphrase file: a clear message, never a crash.
    check(["verify", f"--workspace={path}", f"--passphrase-file={passfile}"], capsys,
          allowed=(1, 2))


# --- case commands ---------------------------------------------------------------------


@SETTINGS
@given(requester=texts, received=dates, email=texts, address=texts, subject=st.one_of(
    st.none(), texts), jurisdiction=st.one_of(texts, st.just("uk-ew")), text=texts)
def test_case_new(requester, received, email, address, subject, jurisdiction, text, ws_args,
                  capsys):
    argv = ["case", "new", f"--requester={requester}", f"--received={received}",
            f"--email={email}", f"--address={address}", f"--jurisdiction={jurisdiction}",
            f"--text={text}", "--json", *ws_args]
    if subject is not None:
        argv.append(f"--subject={subject}")
    code, out = check(argv, capsys)
    if code == 0:
        import json

        made = json.loads(out)
        assert made["requester"]["name"] == requester.strip()
        assert dt.date.fromisoformat(made["received"]) <= dt.date.fromisoformat(TODAY)


@SETTINGS
@given(search=texts, status=st.one_of(texts, st.sampled_from(["open", "closed", "all"])))
def test_case_list(search, status, ws_args, capsys):
    check(["case", "list", f"--search={search}", f"--status={status}", *ws_args],
                       capsys)


@SETTINGS
@given(data=st.data())
def test_case_show(data, shared_ws, ws_args, capsys):
    ref = data.draw(refs_for(shared_ws))
    as_of = data.draw(dates)
    check(["case", "show", f"--as-of={as_of}", *ws_args, "--", ref], capsys)


@SETTINGS
@given(data=st.data())
def test_case_event(data, shared_ws, ws_args, capsys):
    ref = data.draw(refs_for(shared_ws))
    kind = data.draw(st.one_of(texts, st.sampled_from(
        ["id_requested", "clarification_requested", "extended", "responded", "closed"])))
    argv = ["case", "event", f"--date={data.draw(dates)}", f"--note={data.draw(texts)}",
            *ws_args, "--", ref, kind]
    check(argv, capsys)


@SETTINGS
@given(data=st.data())
def test_case_exemption(data, shared_ws, ws_args, capsys):
    ref = data.draw(refs_for(shared_ws))
    code = data.draw(st.one_of(texts, st.sampled_from(
        ["legal-privilege", "third-party", "crime", "crime-and-taxation"])))
    argv = ["case", "exemption", f"--note={data.draw(texts)}", f"--scope={data.draw(texts)}",
            *ws_args, "--", ref, code]
    check(argv, capsys)


@SETTINGS
@given(data=st.data())
def test_case_decision(data, shared_ws, ws_args, capsys):
    ref = data.draw(refs_for(shared_ws))
    argv = ["case", "decision", f"--ground={data.draw(st.sampled_from(['unfounded', 'x']))}",
            f"--reason={data.draw(texts)}", f"--factors={data.draw(texts)}",
            f"--amount={data.draw(amounts)}",
            f"--date={data.draw(dates)}", *ws_args, "--", ref,
            data.draw(st.sampled_from(["fee", "refuse", "maybe"]))]
    check(argv, capsys)


@SETTINGS
@given(data=st.data())
def test_case_note_assign_and_search_log(data, shared_ws, ws_args, capsys):
    ref = data.draw(refs_for(shared_ws))
    check(["case", "note", *ws_args, "--", ref, data.draw(texts)], capsys)
    check(["case", "assign", *ws_args, "--", ref, data.draw(texts)], capsys)
    check(["case", "search-log", f"--system={data.draw(texts)}",
                        f"--terms={data.draw(texts)}", f"--people={data.draw(texts)}",
                        f"--date={data.draw(dates)}", *ws_args, "--", ref], capsys)


@SETTINGS
@given(data=st.data())
def test_case_attach_and_export(data, shared_ws, ws_args, capsys, tmp_path):
    ref = data.draw(refs_for(shared_ws))
    name = data.draw(texts)
    check(["case", "attach", f"--exemption={data.draw(texts)}", *ws_args, "--", ref, name],
          capsys)
    check(["case", "export", f"--out={data.draw(texts)}",
           f"--export-passphrase-file={data.draw(texts)}", *ws_args, "--", ref], capsys)


@SETTINGS
@given(data=st.data())
def test_letter(data, shared_ws, ws_args, capsys):
    ref = data.draw(refs_for(shared_ws))
    kind = data.draw(st.one_of(texts, st.sampled_from(["acknowledgement", "refusal"])))
    argv = ["letter", f"--out={data.draw(texts)}", f"--as-of={data.draw(dates)}",
            f"--profile={data.draw(texts)}", *ws_args, "--", ref, kind]
    check(argv, capsys)


@SETTINGS
@given(as_of=dates, first=texts, last=st.one_of(texts, st.sampled_from(
    ["2026-01", "2026-13", "2026-00", "1-1"])), out=texts, organisation=texts)
def test_overdue_report_and_register(as_of, first, last, out, organisation, ws_args, capsys):
    check(["overdue", f"--as-of={as_of}", "--json", *ws_args], capsys)
    check(["report", f"--from={first}", f"--to={last}", f"--out={out}", f"--as-of={as_of}",
           f"--organisation={organisation}", *ws_args], capsys)
    check(["register", f"--out={out}", f"--as-of={as_of}", *ws_args], capsys)


def test_init_and_reindex_with_any_folder(ws_args, capsys, tmp_path):
    for name in ("Łódź 王芳 عائشة", "x" * 200, "a b\tc", "-leading-dash"):
        check(["init", f"--workspace={tmp_path / name}"], capsys, allowed=(0, 1, 2))
    check(["reindex", *ws_args], capsys)
