"""Errors as data: messages free of any front end's syntax, remedies worded by each front end.

The rules, store, letters and services are shared by the command line and the window, so
their messages never name a command, an option or a menu. Each front end's table adds the
remedy by error code; these tests keep the tables and the raise sites in step.
"""

from __future__ import annotations

import ast
import pathlib
import re
import string
from functools import cache

import pytest

from sar_desk.cli import remedies as cli_remedies
from sar_desk.errors import InputError, SarDeskError, remedy_for, worded
from sar_desk.store.errors import CaseFileMissing, UnknownCase, WorkspaceNotFound

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "sar_desk"
SHARED = ("core", "services", "store", "documents")
# A command line option, a command to type, or Markdown code quotes.
COMMAND_SYNTAX = re.compile(r"--[a-z]|\bsar-desk [a-z]|`")


def shared_modules() -> list[pathlib.Path]:
    files = [p for pkg in SHARED for p in sorted((PACKAGE / pkg).rglob("*.py"))]
    return [*files, PACKAGE / "errors.py"]


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)):
            found.add(id(body[0].value))
    return found


def text_with_command_syntax(path: pathlib.Path) -> list[str]:
    """Every string in ``path`` (docstrings aside) that holds command-line syntax."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docs and COMMAND_SYNTAX.search(node.value)
    ]


def test_no_shared_message_holds_command_line_syntax():
    assert len(shared_modules()) > 50
    offenders = [line for path in shared_modules() for line in text_with_command_syntax(path)]
    assert offenders == []


def test_the_scan_finds_command_line_syntax_in_messages_but_not_in_docstrings(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text('"""Run `sar-desk verify`."""\n'
                     "def f(ref):\n"
                     "    raise ValueError(f\"no {ref}; run 'sar-desk case list'\")\n"
                     "def g():\n"
                     "    raise ValueError('give --passphrase-file FILE')\n"
                     "KIND = 'sar-desk-case'\n", encoding="utf-8")
    assert sorted(text_with_command_syntax(probe)) == [
        "probe.py:3: \"; run 'sar-desk case list'\"",
        "probe.py:5: 'give --passphrase-file FILE'",
    ]


# --- the codes raised and the codes the tables word ---------------------------------------


@cache
def raised_codes() -> dict[str, list[set[str]]]:
    """code -> the facts given at each place it is raised with ``code=...``."""
    sites: dict[str, list[set[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            words = {k.arg: k.value for k in node.keywords if k.arg}
            code = words.get("code")
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                sites.setdefault(code.value, []).append(set(words) - {"code"})
    return sites


@cache
def class_codes() -> set[str]:
    codes = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (isinstance(item, ast.Assign) and len(item.targets) == 1
                            and getattr(item.targets[0], "id", "") == "code"
                            and isinstance(item.value, ast.Constant)):
                        codes.add(item.value.value)
    return codes


def ui_table() -> dict:
    from sar_desk.ui import remedies as ui_remedies

    return ui_remedies.REMEDIES


@pytest.mark.parametrize("side", ["cli", "ui"])
def test_every_remedy_is_for_a_code_that_is_raised(side):
    table = cli_remedies.REMEDIES if side == "cli" else ui_table()
    known = set(raised_codes()) | class_codes() | {"*"}
    assert sorted(set(table) - known) == []


@pytest.mark.parametrize("side", ["cli", "ui"])
def test_every_remedy_template_names_only_facts_each_raise_site_gives(side):
    table = cli_remedies.REMEDIES if side == "cli" else ui_table()
    sites = raised_codes()
    problems = []
    for code, entry in table.items():
        if not isinstance(entry, str):
            continue
        wanted = {name for _, name, _, _ in string.Formatter().parse(entry) if name}
        for given in sites.get(code, [set()]):
            if wanted - given:
                problems.append(f"{code}: needs {sorted(wanted - given)}, a site gives "
                                f"{sorted(given)}")
    assert problems == []


def test_the_window_table_names_no_command_line_syntax():
    texts = [e for e in ui_table().values() if isinstance(e, str)]
    assert texts and not [t for t in texts if COMMAND_SYNTAX.search(t)]


# --- the error values themselves -----------------------------------------------------------


def test_an_error_carries_its_code_and_facts_and_a_plain_message(tmp_path):
    missing = WorkspaceNotFound(tmp_path)
    assert missing.code == "workspace.not_found" and missing.facts == {"path": tmp_path}
    assert missing.message == str(missing) == f"No SAR Desk workspace at {tmp_path}."
    unknown = UnknownCase("SAR-2026-0099")
    assert (unknown.code, unknown.facts, unknown.exit_code) == (
        "case.unknown", {"reference": "SAR-2026-0099"}, 2)
    gone = CaseFileMissing(tmp_path / "x.sarcase", "The case file is missing.", reference="R")
    assert gone.code == "casefile.missing" and gone.facts["reference"] == "R"
    assert gone.path == gone.facts["path"] == tmp_path / "x.sarcase"
    assert InputError("bad").code == "input" and SarDeskError().message == "SarDeskError"


def test_the_command_line_words_the_remedy_with_commands_and_the_facts(tmp_path):
    text = cli_remedies.describe(WorkspaceNotFound(tmp_path))
    assert text == (f"No SAR Desk workspace at {tmp_path}. Create one with 'sar-desk init "
                    f"--workspace {tmp_path}' or point --workspace (or SAR_DESK_WORKSPACE) at "
                    "an existing one.")
    needs = InputError("Say what was restricted.", code="field.required",
                       fields=("detail", "lifts"))
    assert cli_remedies.remedy(needs) == "Give them with --detail TEXT and --lifts TEXT."


def test_a_code_falls_back_to_its_prefix_then_the_default_and_a_missing_fact_gives_none():
    table = {"key": "use the key", "*": "default", "user.unknown": "add {login}"}
    assert remedy_for(SarDeskError("m", code="key.wrong.deep"), table) == "use the key"
    assert remedy_for(SarDeskError("m", code="other"), table) == "default"
    assert remedy_for(SarDeskError("m", code="user.unknown", login="ana"), table) == "add ana"
    assert remedy_for(SarDeskError("m", code="user.unknown"), table) is None
    assert worded(SarDeskError("Nothing.", code="user.unknown"), table) == "Nothing."
