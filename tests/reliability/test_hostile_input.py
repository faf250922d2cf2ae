"""Hostile input: each of these was a traceback or a hang; each is now a clear refusal (exit 2,
or 1 for a damaged workspace file, one line naming the problem) or works, within bounded
time and memory. Commands run in-process, except where a hang must be caught by a timeout.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from sar_desk.cli import main
from tests.reliability.conftest import make_workspace, run_cli
from tests.reliability.test_cli_properties import assert_clean, call

REQUESTER = "Imogen Hostile"
SURROGATE = "bad\udcff"  # what invalid UTF-8 bytes in a command line become in Python


@pytest.fixture
def wksp(tmp_path, monkeypatch):
    """A workspace with one open case (as of the reliability suite's today)."""
    from tests.reliability.conftest import TODAY

    monkeypatch.setenv("SAR_DESK_TODAY", TODAY)
    monkeypatch.chdir(tmp_path)
    made = make_workspace(tmp_path / "w", cases=0)
    code = main(["case", "new", f"--requester={REQUESTER}", "--received=2026-11-02",
                 "--email=imogen@example.org", *args_of(made)])
    assert code == 0
    made.refs.append("SAR-2026-0001")
    return made


def args_of(wksp) -> list[str]:
    return ["--workspace", str(wksp.path), "--passphrase-file", str(wksp.passfile)]


def refused(argv, capsys, codes=(2,), words: str = "") -> str:
    """Run ``argv``: it must be refused with one clear line (containing ``words``)."""
    code, out, err = call(argv, capsys)
    assert_clean(code, out, err, codes, argv)
    assert code != 0, out
    assert words.lower() in err.lower(), err
    return err


def ok(argv, capsys) -> str:
    code, out, err = call(argv, capsys)
    assert_clean(code, out, err, (0,), argv)
    return out


def profile_with(wksp, extra: str = "", replace: tuple[str, str] | None = None) -> Path:
    from sar_desk.documents.profile import default_profile_path

    text = default_profile_path().read_text(encoding="utf-8")
    if replace:
        text, n = re.subn(replace[0], replace[1], text, count=1, flags=re.MULTILINE)
        assert n == 1
    path = wksp.path / "profile.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


# --- text that is not text -------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["case", "new", f"--requester={SURROGATE}", "--received=2026-11-01",
     "--email=a@example.org"],
    ["case", "note", "SAR-2026-0001", f"note {SURROGATE}"],
    ["case", "void", "SAR-2026-0001", "1", f"--reason={SURROGATE}"],
    ["case", "edit", "SAR-2026-0001", f"--requester-name={SURROGATE}", "--reason=typo"],
    ["user", "add", SURROGATE, "--role=staff"],
    ["case", "assign", "SAR-2026-0001", SURROGATE],
], ids=["requester", "note", "reason", "edit-name", "user", "assignee"])
def test_unpaired_surrogates_are_refused(argv, wksp, capsys):
    refused([*argv, *args_of(wksp)], capsys, words="not valid text")


@pytest.mark.parametrize("name", ["Bob\x01Smith", "Ann\x1bO'Neil", "Zed\x7f", "Line\nbreak"])
def test_a_control_character_in_a_name_is_refused(name, wksp, capsys):
    refused(["case", "new", f"--requester={name}", "--received=2026-11-01",
             "--email=a@example.org", *args_of(wksp)], capsys, words="control character")


def test_control_characters_headed_for_xlsx_are_replaced(wksp, capsys, tmp_path):
    """One case holding control characters (typed before names were checked, or in its
    request text) must not stop the register of the whole workspace."""
    from openpyxl import load_workbook

    ok(["case", "new", "--requester=Carl Control", "--received=2026-11-01",
        "--email=c@example.org", "--text=bell\x07 and escape\x1b[31m", *args_of(wksp)], capsys)
    out = tmp_path / "register.xlsx"
    ok(["register", "--full", f"--out={out}", *args_of(wksp)], capsys)
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert any(isinstance(v, str) and "bell\ufffd and escape\ufffd[31m" in v for v in cells)

    from sar_desk.services.reports import xlsx_bytes

    assert xlsx_bytes({"Register": [["name"], ["Ann\x01\x02 \ud800"]]})


# --- numbers and dates past what the arithmetic holds -----------------------------------


@pytest.mark.parametrize("amount", ["NaN", "nan", "inf", "-Infinity", "sNaN", "1e999999"])
def test_a_fee_that_is_not_a_number_is_refused(amount, wksp, capsys):
    refused(["case", "decision", "SAR-2026-0001", "fee", "--ground=excessive", "--reason=x",
             f"--amount={amount}", *args_of(wksp)], capsys)


BIG = str(2**63)
HUGE = "99999999999999999999"


@pytest.mark.parametrize("argv", [
    ["approve", "SAR-2026-0001", BIG],
    ["approve", "SAR-2026-0001", HUGE],
    ["rights", "done", "SAR-2026-0001", HUGE],
    ["rights", "export", "SAR-2026-0001", f"--id={HUGE}", "--out=x"],
    ["rights", "export", "SAR-2026-0001", f"--documents={BIG}"],
    ["case", "void", "SAR-2026-0001", HUGE, "--reason=x"],
    ["case", "detach", "SAR-2026-0001", BIG, "--reason=x"],
    ["case", "exemption", "SAR-2026-0001", f"--withdraw={HUGE}", "--reason=x"],
    ["approve", "SAR-2026-0001", "-1"],
])
def test_record_numbers_past_two_to_the_63_are_refused(argv, wksp, capsys):
    refused([*argv, *args_of(wksp)], capsys)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_received_date_before_1900_is_refused(day, wksp, capsys):
    refused(["case", "new", "--requester=Old Timer", f"--received={day}",
             "--email=o@example.org", *args_of(wksp)], capsys, words="before 1900")
    refused(["case", "edit", "SAR-2026-0001", f"--received={day}", "--reason=typo",
             *args_of(wksp)], capsys)
    refused(["case", "event", "SAR-2026-0001", "id_requested", f"--date={day}",
             *args_of(wksp)], capsys)


@pytest.mark.parametrize("argv", [
    ["deadline", "--received=9999-12-31"],
    ["deadline", "--received=0001-01-01"],
    ["deadline", "--received=9999-12-20", "--event=extended=9999-12-21"],
    ["case", "show", "SAR-2026-0001", "--as-of=9999-12-31"],
    ["case", "show", "SAR-2026-0001", "--as-of=0001-01-01"],
    ["overdue", "--as-of=9999-12-31"],
    ["retention", "--as-of=9999-12-31"],
    ["retention", "--as-of=0001-01-01"],
    ["case", "exam-results", "SAR-2026-0001", "--date=9999-12-31"],
])
def test_extreme_dates_never_crash(argv, wksp, capsys):
    code, out, err = call([*argv, *args_of(wksp)], capsys)
    assert_clean(code, out, err, (0, 2), argv)


def test_demo_with_an_absurd_number_of_cases_is_refused_at_once(tmp_path, capsys):
    started = time.monotonic()
    refused(["demo", f"--cases={HUGE}", "--workspace", str(tmp_path / "demo")], capsys,
            words="demo workspace holds")
    assert time.monotonic() - started < 10
    assert not (tmp_path / "demo").exists()  # refused before any workspace was made


# --- the organisation profile -----------------------------------------------------------


def test_retention_years_past_any_calendar_are_refused(wksp, capsys):
    profile_with(wksp, replace=(r"^closed_case_years = .*$",
                                "closed_case_years = 99999999999999999999"))
    refused(["retention", *args_of(wksp)], capsys, words="closed_case_years")


@pytest.mark.parametrize("content", [bytes(range(256)) * 4, b"\x00" * 100,
                                     b"a = [" * 100_000, b"x = 1\n" * 400_000])
def test_a_binary_or_absurd_profile_is_refused_on_the_command_line(content, wksp, capsys):
    (wksp.path / "profile.toml").write_bytes(content)
    refused(["retention", *args_of(wksp)], capsys, words="profile")
    refused(["letter", "SAR-2026-0001", "acknowledgement", "--out=a.pdf", *args_of(wksp)],
            capsys, words="profile")


def test_a_binary_profile_is_refused_by_the_settings_service(tmp_path):
    from sar_desk.errors import InputError
    from sar_desk.services.settings import read_profile_text, validate_profile_text

    path = tmp_path / "profile.toml"
    path.write_bytes(b"\xff\xfe" + bytes(range(256)))
    with pytest.raises(InputError, match="not UTF-8"):
        read_profile_text(path)
    with pytest.raises(InputError, match="binary"):
        validate_profile_text("name = 'a\x00'")


@pytest.mark.parametrize("value", ["x" * 1_000_000, "word " * 200_000])
def test_a_megabyte_profile_value_is_refused_quickly(value, wksp, capsys):
    profile_with(wksp, replace=(r'^name = "[^"]*"', f'name = "{value}"'))
    started = time.monotonic()
    refused(["letter", "SAR-2026-0001", "acknowledgement", "--out=a.pdf", *args_of(wksp)],
            capsys, words="the limit is 10,000")
    assert time.monotonic() - started < 20


def test_profile_limits_are_configurable_and_checked(wksp, capsys):
    profile_with(wksp, "\n[limits]\nprofile_value_chars = 99999999999\n")
    refused(["letter", "SAR-2026-0001", "acknowledgement", "--out=a.pdf", *args_of(wksp)],
            capsys, words="limits.profile_value_chars")
    profile_with(wksp, "\n[limits]\nprofile_value_chars = 20\n")
    refused(["letter", "SAR-2026-0001", "acknowledgement", "--out=a.pdf", *args_of(wksp)],
            capsys, words="the limit is 20")


LOOP_BOMBS = {
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}"
                    "{% for k in range(100000) %}{% endfor %}{% endfor %}{% endfor %}",
    "doubling recursion": "{% for x in [1] recursive %}{% if loop.depth < 60 %}"
                          "{{ loop([1, 1]) }}{% endif %}{% endfor %}",
    "endless recursion": "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}",
    "doubling text": '{% set ns = namespace(s="x") %}{% for i in range(64) %}'
                     '{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}',
    "repeated text": "{{ 'x' * 100000000000 }}",
    "padding": "{{ 'x'.ljust(100000000000) }}",
    "padding filter": "{{ 'x'|center(100000000000) }}",
    "format width": "{{ '%999999999999s'|format('x') }}",
    "brace width": "{{ '{:999999999999}'.format('x') }}",
    "power": "{{ 10 ** 100000000000 }}",
    "output": "{% for i in range(100000) %}{% for j in range(3) %}"
              "{{ 'abcdefghijklmnopqrstuvwxyz' }}{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("bomb", sorted(LOOP_BOMBS))
def test_a_jinja_bomb_in_the_profiles_template_folder_is_stopped(bomb, wksp, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "acknowledgement.j2").write_text(LOOP_BOMBS[bomb] + "\n", encoding="utf-8")
    profile_with(wksp, f"\n[letters]\ntemplates = '{folder}'\n")
    started = time.monotonic()
    result = run_cli("letter", "SAR-2026-0001", "acknowledgement",
                     f"--out={tmp_path / 'a.pdf'}", *args_of(wksp), timeout=60)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "template" in result.stderr
    assert time.monotonic() - started < 30


# --- files ------------------------------------------------------------------------------


def test_a_deeply_nested_multipart_email_is_refused(wksp, capsys, tmp_path):
    head = ("From: A <a@example.org>\nSubject: x\nDate: Mon, 2 Nov 2026 10:00:00 +0000\n"
            "MIME-Version: 1.0\n")
    depth = 5000
    body = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n'
                   for i in range(depth))
    body += "Content-Type: text/plain\n\nhello\n" + "".join(
        f"--b{i}--\n" for i in reversed(range(depth)))
    eml = tmp_path / "nested.eml"
    eml.write_text(head + body, encoding="utf-8")
    refused(["case", "new", f"--from-email={eml}", *args_of(wksp)], capsys,
            words="nests its parts too deeply")


def test_a_deeply_nested_json_document_exports_as_its_text(wksp, capsys, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    ok(["rights", "add", "SAR-2026-0001", "portability", *args_of(wksp)], capsys)
    ok(["case", "attach", "SAR-2026-0001", str(deep), *args_of(wksp)], capsys)
    out = tmp_path / "export"
    out.mkdir()
    ok(["rights", "export", "SAR-2026-0001", "--documents=1", f"--out={out}",
        *args_of(wksp)], capsys)
    (written,) = out.glob("*.json")
    item = json.loads(written.read_text(encoding="utf-8"))["files"][0]
    assert item["media_type"] == "text/plain" and item["text"] == deep.read_text()


def test_attaching_a_file_past_the_size_limit_is_refused_without_reading_it(wksp, capsys,
                                                                             tmp_path):
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:  # sparse: 1.1 GB on paper, nothing on disk
        handle.truncate(1100 * 1024 * 1024)
    started = time.monotonic()
    refused(["case", "attach", "SAR-2026-0001", str(big), *args_of(wksp)], capsys,
            words="larger than the limit of 512.0 MB")
    assert time.monotonic() - started < 20
    # The limit is the organisation's to set.
    profile_with(wksp, "\n[limits]\nattachment_mb = 1\n")
    small = tmp_path / "two.bin"
    small.write_bytes(b"x" * (2 * 1024 * 1024))
    refused(["case", "attach", "SAR-2026-0001", str(small), *args_of(wksp)], capsys,
            words="limit of 1.0 MB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("argv", [["case", "attach", "SAR-2026-0001"],
                                  ["case", "new", "--from-email"]])
def test_a_fifo_is_refused_not_waited_on(argv, wksp, tmp_path):
    fifo = tmp_path / "pipe.eml"
    os.mkfifo(fifo)
    result = run_cli(*argv, str(fifo), *args_of(wksp), timeout=60)
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr


def test_a_binary_passphrase_file_is_refused(wksp, capsys, tmp_path):
    for content, words in ((b"\xff\xfe\x00garbage", "not UTF-8"), (b"pass\x00word", "binary"),
                           (b"x" * 100_000, "larger than")):
        passfile = tmp_path / "pass.bin"
        passfile.write_bytes(content)
        refused(["case", "list", "--workspace", str(wksp.path), "--passphrase-file",
                 str(passfile)], capsys, words=words)


USERS_EDITS = {
    "absurd scrypt cost": lambda u: u["passphrase"].update(n=2**40),
    "absurd scrypt r": lambda u: u["passphrase"].update(r=2**30),
    "absurd scrypt p": lambda u: u["passphrase"].update(p=2**30),
    "n not a power of two": lambda u: u["passphrase"].update(n=1000),
    "n as text": lambda u: u["passphrase"].update(n="32768"),
    "salt as a number": lambda u: u["passphrase"].update(salt=5),
    "wrap as a list": lambda u: u.update(passphrase=[1, 2]),
    "keyring as text": lambda u: u.update(keyring="yes"),
}


@pytest.mark.parametrize("edit", sorted(USERS_EDITS))
def test_wrong_types_in_users_json_are_refused_before_use(edit, wksp, capsys):
    path = wksp.path / "users.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = data["users"].values()
    USERS_EDITS[edit](entry)
    path.write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    refused(["case", "list", *args_of(wksp)], capsys, codes=(1,), words="damaged")
    assert time.monotonic() - started < 10


def test_a_users_file_that_is_not_an_object_is_refused(wksp, capsys):
    (wksp.path / "users.json").write_text('{"format": "sar-desk-users", "users": {"a": 5}}',
                                          encoding="utf-8")
    refused(["case", "list", *args_of(wksp)], capsys, codes=(1,), words="damaged")


def test_the_settings_form_refuses_a_profile_past_the_limits_before_building_fields():
    """A table of 60,000 fields would build 60,000 editors in the window."""
    from sar_desk.documents.profile import default_profile_path
    from sar_desk.errors import InputError
    from sar_desk.services.profile_form import form_values

    text = default_profile_path().read_text(encoding="utf-8")
    many = text + "\n[extra]\n" + "".join(f"k{i} = 'v'\n" for i in range(60_000))
    started = time.monotonic()
    with pytest.raises(InputError, match="60,000 fields; the limit is 200"):
        form_values(many)
    with pytest.raises(InputError, match="organisation.name. is 1,000,0.. characters long"):
        form_values(text.replace('name = "', 'name = "' + "x" * 1_000_000, 1))
    assert time.monotonic() - started < 20
