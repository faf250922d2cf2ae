"""The log file records errors with their tracebacks, and never any personal data."""

from __future__ import annotations

import ast
import logging
import pathlib

import pytest

from sar_desk import logfile
from sar_desk.cli import main
from sar_desk.errors import InputError

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "sar_desk"
CANARIES = ("Zebedee", "Canaryfield", "zebedee.canaryfield@example.org", "Łódź", "王芳",
            "عائشة", "Quokka Lane")


@pytest.fixture(autouse=True)
def fresh_log():
    """Each test starts without a log handler and leaves none behind."""
    logfile.uninstall()
    yield
    logfile.uninstall()


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_session_with_errors_logs_codes_and_tracebacks_but_no_personal_data(
        tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    ws = str(tmp_path / "ws")
    assert run(capsys, "init", "--workspace", ws)[0] == 0
    code, out, _ = run(capsys, "case", "new", "--workspace", ws,
                       "--requester", "Zebedee Canaryfield",
                       "--email", "zebedee.canaryfield@example.org", "--received", "2026-06-01",
                       "--subject", "王芳", "--address", "1 Quokka Lane\\nŁódź")
    assert code == 0
    ref = out.strip()
    # Refused input whose messages quote what was typed.
    code, _, err = run(capsys, "case", "show", "Zebedee Canaryfield", "--workspace", ws)
    assert code == 2 and "Zebedee Canaryfield" in err  # on screen, where it belongs
    code, _, err = run(capsys, "case", "exemption", ref, "عائشة-王芳", "--note", "Łódź",
                       "--workspace", ws)
    assert code == 2 and "عائشة-王芳" in err
    # A bug: an unexpected exception whose message and locals hold the person's details.
    import sar_desk.services.cases as cases

    def broken(_ws, reference):
        person = {"name": "Zebedee Canaryfield", "email": "zebedee.canaryfield@example.org"}
        try:
            raise KeyError(person["name"])
        except KeyError as exc:
            raise RuntimeError(f"no deadline for {person} at 1 Quokka Lane, Łódź") from exc

    monkeypatch.setattr(cases, "get_case", broken)
    code, _, err = run(capsys, "case", "show", ref, "--workspace", ws)
    log_path = logfile.default_folder() / logfile.FILE_NAME
    assert code == 1 and f"The details are in the log file {log_path}." in err

    logged = log_path.read_text(encoding="utf-8")
    leaked = [c for c in (*CANARIES, str(tmp_path)) if c.lower() in logged.lower()]
    assert leaked == []
    assert "sar_desk.store.errors.UnknownCase [case.unknown]" in logged
    assert "sar_desk.errors.InputError [exemption.unknown]" in logged
    assert 'File "sar_desk/core/exemptions.py"' in logged and "in get_exemption" in logged
    assert "KeyError\nwhich led to:" in logged and "\nRuntimeError" in logged
    assert 'File "sar_desk/cli/case_cmd.py"' in logged and ", in broken" in logged


def test_the_formatter_drops_arguments_messages_facts_and_home_folders(tmp_path):
    record = logging.LogRecord("sar_desk.core", logging.WARNING, "/home/zebedee/x.py", 7,
                               "case %s: bad timeline for %s", ("SAR-1", "Zebedee"), None)
    try:
        raise InputError("Zebedee Canaryfield is not valid", code="input.name", name="Zebedee")
    except InputError as exc:
        record.exc_info = (type(exc), exc, exc.__traceback__)
    text = logfile.ScrubbingFormatter().format(record)
    assert "zebedee" not in text.lower() and "SAR-1" not in text
    assert "WARNING sar_desk.core x.py:7" in text and "case %s: bad timeline for %s" in text
    assert text.endswith("sar_desk.errors.InputError [input.name]")
    assert 'File "tests/test_log_file.py"' not in text  # the test lives outside the package
    assert 'File "test_log_file.py", line' in text
    assert logfile.short_path("/home/zebedee/.venv/lib/python3.11/site-packages/sqlalchemy/"
                              "engine/base.py") == "sqlalchemy/engine/base.py"
    assert logfile.short_path("C:\\Users\\Zebedee\\app\\sar_desk\\cli\\__init__.py".replace(
        "\\", "/")) == "sar_desk/cli/__init__.py"


def test_the_file_rotates_and_is_made_only_when_something_is_logged(tmp_path, monkeypatch):
    monkeypatch.setattr(logfile, "MAX_BYTES", 2_000)
    path = logfile.install(tmp_path / "logs")
    assert path == tmp_path / "logs" / logfile.FILE_NAME and logfile.current_path() == path
    assert not path.exists()
    logging.getLogger("sar_desk.core").info("not an error: not written")
    assert not path.exists()
    for _ in range(60):
        logging.getLogger("sar_desk.services").error("something failed")
    assert path.exists() and (tmp_path / "logs" / f"{logfile.FILE_NAME}.1").exists()
    assert path.stat().st_size <= 2_000


def logging_calls_with_a_built_message() -> list[str]:
    """Log calls in the package whose message is not a constant (it could quote data)."""
    levels = {"debug", "info", "warning", "error", "exception", "critical"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            if not (isinstance(owner, ast.Name) and owner.id in ("log", "logger", "logging")):
                continue
            name = node.func.attr
            index = 1 if name == "log" else 0 if name in levels else None
            if index is None:
                continue
            message = node.args[index] if len(node.args) > index else None
            if not (isinstance(message, ast.Constant) and isinstance(message.value, str)):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_log_call_in_the_package_uses_a_constant_message():
    assert logging_calls_with_a_built_message() == []


def test_a_log_folder_that_cannot_be_made_is_not_named_and_breaks_nothing(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    logfile.install(blocker / "logs")
    logging.getLogger("sar_desk.cli").error("something failed")
    assert logfile.current_path() is None
    assert capsys.readouterr().err == ""
