"""Only sar_desk/ui may import Qt: the rules, store, letters and services run without a display."""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "sar_desk"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def qt_imports(path: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names = [str(node.args[0].value)]
        found += [f"{path.relative_to(PACKAGE.parent)}:{node.lineno} imports {n}"
                  for n in names if n.split(".")[0] in QT_MODULES]
    return found


def non_ui_modules() -> list[pathlib.Path]:
    return [
        p for p in sorted(PACKAGE.rglob("*.py"))
        if "ui" not in p.relative_to(PACKAGE).parts[:1]
    ]


def test_there_are_modules_to_check():
    assert len(non_ui_modules()) > 5


def test_no_qt_outside_ui():
    offenders = [line for p in non_ui_modules() for line in qt_imports(p)]
    assert offenders == []


def test_checker_catches_a_qt_import(tmp_path):
    bad = PACKAGE / "core" / "_probe_for_test.py"
    bad.write_text("from PySide6.QtCore import QDate\n", encoding="utf-8")
    try:
        assert qt_imports(bad)
    finally:
        bad.unlink()


@pytest.mark.parametrize("package", ["core", "store", "documents", "services"])
def test_importing_non_ui_packages_loads_no_qt(package):
    import subprocess
    import sys

    code = (
        "import importlib, pkgutil, sys\n"
        f"import sar_desk.{package} as pkg\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
