"""The shape of the package: Qt only in sar_desk/ui, no import cycles, no private names
borrowed from another module.

The checkers read source text and never import or write the code they check; their own tests
run them on small packages written into a temporary folder.
"""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sar_desk"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
# The packages in layers: each imports only from lower layers, so the packages form a graph
# without cycles. ("sar_desk" is the package's own __init__; "__main__" and "_frozen" start it.)
LAYERS = {"sar_desk": 0, "errors": 0, "core": 1, "logfile": 1, "store": 2, "documents": 2,
          "services": 3, "ui": 4, "cli": 5, "__main__": 6, "_frozen": 6}

# Known problems being removed, each named exactly as the checks report it; none today.
KNOWN_PROBLEMS: frozenset[str] = frozenset()


# --- reading imports ----------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import in a module: what it names, the names taken from it, and where."""

    target: str
    names: tuple[str, ...]
    line: int


def _call_name(node: ast.Call) -> str:
    return getattr(node.func, "attr", getattr(node.func, "id", ""))


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of a relative import ``level`` dots up from ``module``."""
    if level == 0:
        return name or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, name] if name else parts)


def imports_in(source: str, module: str, is_package: bool = False) -> list[Import]:
    """Every import in ``source`` (the text of ``module``), wherever it stands: at the top,
    inside functions, under ``TYPE_CHECKING``, and ``import_module``/``__import__`` calls with
    a constant name."""
    found: list[Import] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, (), node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            found.append(Import(base, tuple(a.name for a in node.names), node.lineno))
        elif (isinstance(node, ast.Call) and _call_name(node) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant)):
            name = str(node.args[0].value)
            if name.startswith("."):
                level = len(name) - len(name.lstrip("."))
                name = _absolute(module, is_package, level, name.lstrip(".") or None)
            found.append(Import(name, (), node.lineno))
    return found


def dynamic_imports(source: str) -> list[int]:
    """Lines that import a module whose name is computed: no checker can follow them."""
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and _call_name(node) in ("import_module", "__import__")
            and not (node.args and isinstance(node.args[0], ast.Constant))]


def qt_imports(source: str, where: str) -> list[str]:
    return [f"{where}:{imp.line} imports {imp.target}" for imp in imports_in(source, where)
            if imp.target.split(".")[0] in QT_MODULES]


# --- the package as a graph ---------------------------------------------------------------


def modules(package: pathlib.Path) -> dict[str, pathlib.Path]:
    """Module name -> file, for every module of ``package`` (a folder)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _read(package: pathlib.Path) -> dict[str, tuple[pathlib.Path, list[Import]]]:
    return {name: (path, imports_in(path.read_text(encoding="utf-8"), name,
                                    path.name == "__init__.py"))
            for name, path in modules(package).items()}


def import_graph(package: pathlib.Path) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (``from pkg import mod`` names
    the module ``pkg.mod``; importing a package's module is not counted as importing the
    package's ``__init__``)."""
    read = _read(package)
    graph: dict[str, set[str]] = {name: set() for name in read}
    for name, (_path, found) in read.items():
        for imp in found:
            targets = [f"{imp.target}.{n}" for n in imp.names if f"{imp.target}.{n}" in read]
            if len(targets) < len(imp.names) or not imp.names:
                targets.append(imp.target)
            graph[name] |= {t for t in targets if t in read and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another in a circle (strongly connected
    components of more than one module), each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, without recursion
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return sorted(groups)


def cycle_problems(package: pathlib.Path) -> dict[str, str]:
    """Each import cycle, named by its modules, with the imports that close it."""
    graph = import_graph(package)
    problems = {}
    for group in cycles(graph):
        edges = "; ".join(f"{m} -> {', '.join(sorted(graph[m] & set(group)))}" for m in group)
        problems["import cycle among " + ", ".join(group)] = edges
    return problems


def private_imports(package: pathlib.Path) -> list[str]:
    """Private names (``_x``) one module of ``package`` takes from another: imported by
    name, or read as an attribute of an imported module."""
    read = _read(package)
    top = package.name
    found = []
    for name, (path, imports) in read.items():
        for imp in imports:
            if not imp.target.split(".")[0] == top or imp.target == name:
                continue
            for taken in imp.names:
                if taken.startswith("_") and not taken.startswith("__"):
                    found.append(f"{name} imports the private name {taken} from {imp.target}")
        aliases = _module_aliases(path.read_text(encoding="utf-8"), name,
                                  path.name == "__init__.py", read)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases and node.attr.startswith("_")
                    and not node.attr.startswith("__") and aliases[node.value.id] != name):
                found.append(f"{name} imports the private name {node.attr} from "
                             f"{aliases[node.value.id]}")
    return sorted(set(found))


def _module_aliases(source: str, module: str, is_package: bool, known) -> dict[str, str]:
    """Local name -> package module, for the modules ``source`` binds to a name."""
    aliases = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in known:
                    aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
    return aliases


# --- the rules, on sar_desk ---------------------------------------------------------------


def non_ui_modules() -> list[pathlib.Path]:
    return [p for name, p in modules(PACKAGE).items() if name.split(".")[1:2] != ["ui"]]


def test_there_are_modules_to_check():
    assert len(non_ui_modules()) > 5
    assert len(import_graph(PACKAGE)) > 100


def test_no_qt_outside_ui():
    offenders = [line for p in non_ui_modules()
                 for line in qt_imports(p.read_text(encoding="utf-8"),
                                        str(p.relative_to(ROOT)))]
    assert offenders == []


def test_every_import_can_be_followed():
    computed = [f"{p.relative_to(ROOT)}:{line}" for p in modules(PACKAGE).values()
                for line in dynamic_imports(p.read_text(encoding="utf-8"))]
    assert computed == [], "import modules by a constant name, so the cycle check sees them"


def test_no_import_cycles():
    found = cycle_problems(PACKAGE)
    unexpected = {name: edges for name, edges in found.items() if name not in KNOWN_PROBLEMS}
    assert unexpected == {}


def layer_breaches(package: pathlib.Path, layers: dict[str, int]) -> list[str]:
    """Imports from a package of the same or a higher layer (or one not in ``layers``)."""
    def part(module: str) -> str:
        return module.split(".")[1] if "." in module else module

    return sorted(f"{name} imports {target}" for name, targets in import_graph(package).items()
                  for target in targets if part(name) != part(target)
                  and layers.get(part(target), 99) >= layers.get(part(name), -1))


def test_packages_import_only_from_lower_layers():
    assert layer_breaches(PACKAGE, LAYERS) == [], "a new package or top module joins LAYERS"


def test_no_private_names_imported_from_another_module():
    assert [p for p in private_imports(PACKAGE) if p not in KNOWN_PROBLEMS] == []


def test_every_known_problem_still_exists():
    """A known problem that is gone must leave the list, so it cannot come back unseen."""
    found = set(cycle_problems(PACKAGE)) | set(private_imports(PACKAGE))
    assert KNOWN_PROBLEMS - found == set()


@pytest.mark.parametrize("package", ["core", "store", "documents", "services"])
def test_importing_non_ui_packages_loads_no_qt(package):
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


# --- the checkers catch what they look for (on packages written to tmp_path) --------------


def write_package(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    """Write a package ``pkg`` under ``root`` from {relative path: source}."""
    package = root / "pkg"
    for rel, source in {"__init__.py": "", **files}.items():
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()
        path.write_text(source, encoding="utf-8")
    return package


def test_checker_catches_a_qt_import(tmp_path):
    probe = write_package(tmp_path, {"core/probe.py": "from PySide6.QtCore import QDate\n"})
    path = probe / "core" / "probe.py"
    assert qt_imports(path.read_text(encoding="utf-8"), "pkg/core/probe.py") == [
        "pkg/core/probe.py:1 imports PySide6.QtCore"]
    assert qt_imports("import importlib\nimportlib.import_module('PySide6.QtGui')\n", "x")


def test_checker_catches_a_cycle_through_an_import_inside_a_function(tmp_path):
    package = write_package(tmp_path, {
        "a.py": "from pkg import b\n",
        "b.py": "def later():\n    from pkg.c import thing\n    return thing\n",
        "c.py": "from .a import anything\n",
        "d.py": "from pkg import a, b, c\n",
    })
    assert cycle_problems(package) == {
        "import cycle among pkg.a, pkg.b, pkg.c": "pkg.a -> pkg.b; pkg.b -> pkg.c; pkg.c -> pkg.a"}


def test_checker_catches_cycles_through_type_checking_and_import_module(tmp_path):
    package = write_package(tmp_path, {
        "x/one.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                    "    from pkg.x.two import Thing\n",
        "x/two.py": "import importlib\nmod = importlib.import_module('pkg.x.one')\n",
        "y.py": "import pkg.z as z\n",
        "z.py": "__import__('pkg.y')\n",
    })
    assert list(cycle_problems(package)) == ["import cycle among pkg.x.one, pkg.x.two",
                                             "import cycle among pkg.y, pkg.z"]


def test_checker_finds_no_cycle_in_a_layered_package(tmp_path):
    package = write_package(tmp_path, {
        "low.py": "import json\n",
        "mid.py": "from pkg.low import thing\nfrom . import low\n",
        "top.py": "def f():\n    from pkg import low, mid\n",
        "__init__.py": "from pkg.top import f\n",
    })
    assert cycle_problems(package) == {}


def test_checker_catches_an_import_from_a_higher_layer(tmp_path):
    package = write_package(tmp_path, {
        "core/rule.py": "def f():\n    from pkg.store.rows import Row\n",
        "store/rows.py": "from pkg.core import rule\n",
        "store/other.py": "from pkg.documents import letter\n",
        "documents/letter.py": "",
    })
    layers = {"pkg": 0, "core": 1, "store": 2, "documents": 2}
    assert layer_breaches(package, layers) == ["pkg.core.rule imports pkg.store.rows",
                                               "pkg.store.other imports pkg.documents.letter"]


def test_checker_catches_a_private_import(tmp_path):
    package = write_package(tmp_path, {
        "a.py": "def _helper():\n    pass\n_TABLE = {}\n",
        "b.py": "def use():\n    from pkg.a import _helper\n    return _helper()\n",
        "c.py": "from pkg import a\nfrom . import a as other\nx = a._TABLE\ny = other._helper\n",
        "d.py": "from pkg.a import __doc__\nimport pkg.a as mod\nz = mod.public, mod.__name__\n",
    })
    assert private_imports(package) == [
        "pkg.b imports the private name _helper from pkg.a",
        "pkg.c imports the private name _TABLE from pkg.a",
        "pkg.c imports the private name _helper from pkg.a",
    ]


def test_checker_catches_an_import_it_cannot_follow():
    assert dynamic_imports("import importlib\nimportlib.import_module(f'pkg.{name}')\n") == [2]
    assert dynamic_imports("import importlib\nimportlib.import_module('pkg.cli')\n") == []
