"""No SQL text outside the store: services, the window and the command line call store
methods with named columns, so every statement and every table name lives in ``store/``.

The string literals of each module (f-string parts included, docstrings left out) are
searched for the shape of an SQL statement.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sar_desk"
NO_SQL = ("services", "ui", "cli")

# Upper-case keywords, as this code base writes SQL: prose such as "Select the cases from
# the list" does not match, "SELECT ready FROM case_flags" does.
SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\b(?:CREATE|DROP)\s+(?:TEMP\s+|UNIQUE\s+|VIRTUAL\s+)?"
    r"(?:TABLE|INDEX|VIEW|TRIGGER)\b|\bALTER\s+TABLE\b|\bPRAGMA\s+\w+|^\s*VACUUM\b"
    r"|\bBEGIN\s+(?:IMMEDIATE|EXCLUSIVE|DEFERRED)\b|\bREPLACE\s+INTO\b")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the constant nodes that are docstrings (module, class, function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def sql_in(path: Path) -> list[str]:
    """``path:line: text`` for every string literal in ``path`` that looks like SQL."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skip and SQL.search(node.value)):
            hits.append(f"{path}:{node.lineno}: {node.value.strip()[:70]!r}")
    return hits


def sql_under(root: Path, packages: tuple[str, ...] = NO_SQL) -> list[str]:
    return [hit for package in packages for path in sorted((root / package).rglob("*.py"))
            for hit in sql_in(path)]


def test_services_ui_and_cli_hold_no_sql():
    assert all((PACKAGE / p).is_dir() for p in NO_SQL)
    assert sql_under(PACKAGE) == []


def test_the_store_is_where_the_sql_is():
    """The same search finds the statements the store really runs."""
    found = "\n".join(sql_under(PACKAGE, ("store",)))
    for where in ("registry_schema.py", "case_flags.py", "registry.py", "users.py"):
        assert where in found


@pytest.mark.parametrize("planted", [
    'rows = conn.exec_driver_sql("SELECT ready FROM case_flags WHERE reference = ?")',
    'conn.execute("INSERT INTO tombstones VALUES (?,?,?)", values)',
    'conn.execute("INSERT OR REPLACE INTO meta VALUES (:k, :v)")',
    'sql = f"UPDATE case_keys SET salt = {salt!r}"',
    'conn.execute("DELETE FROM case_flags WHERE reference = ?", (ref,))',
    'run(engine, "PRAGMA wal_checkpoint(TRUNCATE)")',
    'run(engine, "VACUUM")',
    'DDL = ["CREATE VIRTUAL TABLE cases_fts USING fts5(reference)"]',
    'conn.execute("ALTER TABLE request DROP COLUMN x")',
    'query = ("SELECT reference\\n"\n         "FROM cases")',
])
def test_a_planted_statement_is_caught(tmp_path, planted):
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "planted.py").write_text(
        f'"""A module that talks to the database itself."""\n\n{planted}\n', encoding="utf-8")
    (hit,) = sql_under(tmp_path, ("services",))
    assert "planted.py:3:" in hit


def test_prose_and_docstrings_are_not_mistaken_for_sql(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "ui" / "prose.py").write_text(
        '"""Reads the PRAGMA user_version; SELECT rows FROM the registry (documentation)."""\n'
        'hint = "Select a letter from the Letters tab first."\n'
        'label = "Create table of contents"\n'
        'tip = "Update the case, then delete from the list"\n', encoding="utf-8")
    assert sql_under(tmp_path, ("ui",)) == []
