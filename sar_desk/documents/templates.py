"""Letter templates: the Jinja2 environment, rendering, and the check of the fields they use.

Templates live in ``sar_desk/resources/letters/<kind>.j2``; an organisation may keep edited
copies in its own folder (profile ``letters.templates``), which wins over the built-in one.
Autoescaping is on and undefined values are errors. :func:`check_template` reads a
template's source and rejects any field that letters do not provide, naming it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes

from sar_desk.core.limits import Limits
from sar_desk.documents.context import FIELDS
from sar_desk.documents.errors import TemplateFieldError
from sar_desk.documents.letter_kinds import letter_kind
from sar_desk.documents.markup import escape_value
from sar_desk.documents.template_limits import BoundedEnvironment, rendering_budget

_ANY = object()
_BUILTINS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "caller",
             "true", "false", "none", "True", "False", "None"}


def builtin_dir() -> Path:
    return Path(str(resources.files("sar_desk") / "resources" / "letters"))


@cache
def environment(override_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment (cached per template folder).

    Sandboxed, because organisations edit the templates: a template can format the values
    it is given but cannot reach into Python objects, and runs within the limits on steps
    and text size (:mod:`sar_desk.documents.template_limits`).
    """
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_dir())))
    return BoundedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=escape_value,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_source(kind: str, override_dir: Path | None = None) -> tuple[str, str]:
    """(source, file name) of a kind's template, the organisation's copy first."""
    return named_template_source(letter_kind(kind).code, override_dir)


def named_template_source(name: str, override_dir: Path | None = None) -> tuple[str, str]:
    """(source, file name) of template ``<name>.j2`` (a kind's or the recipient notice)."""
    env = environment(override_dir)
    try:
        source, filename, _ = env.loader.get_source(env, f"{name}.j2")  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        raise TemplateFieldError(
            f"the template for {name!r} letters ({name}.j2) is missing"
        ) from None
    return source, filename or f"{name}.j2"


def _target_names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


class _FieldChecker:
    def __init__(self) -> None:
        self.unknown: list[tuple[str, int]] = []

    def report(self, path: str, node: nodes.Node) -> None:
        if path not in [p for p, _ in self.unknown]:
            self.unknown.append((path, node.lineno))

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> tuple[Any, str]:
        """(schema, dotted path) of an expression; unknown fields are reported."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name], node.name
            if node.name in FIELDS:
                return FIELDS[node.name], node.name
            if node.name not in _BUILTINS:
                self.report(node.name, node)
            return _ANY, node.name
        key: Any = None
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            key = node.arg.value
        if key is not None:
            base, path = self.resolve(node.node, scope)  # type: ignore[attr-defined]
            here = f"{path}.{key}"
            if isinstance(base, dict):
                if key in base:
                    return base[key], here
                self.report(here, node)
                return _ANY, here
            if isinstance(base, list) and isinstance(key, int):
                return base[0], here
            return _ANY, here  # methods of text and lists
        self.walk(node, scope)
        return _ANY, "?"

    def walk(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem) and not (
            isinstance(node, nodes.Name) and node.ctx == "store"
        ):
            if isinstance(node, nodes.Getitem) and not isinstance(node.arg, nodes.Const):
                self.walk(node.arg, scope)
            self.resolve(node, scope)
            return
        if isinstance(node, nodes.For):
            schema, _ = self.resolve(node.iter, scope)
            item = schema[0] if isinstance(schema, list) else _ANY
            inner = dict(scope)
            inner["loop"] = _ANY
            names = _target_names(node.target)
            for name in names:
                inner[name] = item if len(names) == 1 else _ANY
            for child in [*node.body, *node.else_]:
                self.walk(child, inner)
            if node.test is not None:
                self.walk(node.test, inner)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            for name in _target_names(node.target):
                scope[name] = _ANY
        if isinstance(node, nodes.Macro | nodes.CallBlock | nodes.With):
            inner = dict(scope)
            for arg in node.find_all(nodes.Name):
                if arg.ctx == "param" or arg.ctx == "store":
                    inner[arg.name] = _ANY
            for child in node.iter_child_nodes():
                self.walk(child, inner)
            return
        for child in node.iter_child_nodes():
            self.walk(child, scope)


@cache
def _checked(source: str, name: str) -> bool:
    check_template(source, name)
    return True


def check_template(source: str, name: str = "template") -> None:
    """Reject a template that is not valid Jinja or uses a field letters do not provide."""
    env = environment(None)
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFieldError(
            f"letter template {name} line {exc.lineno} is not valid: {exc.message}"
        ) from None
    checker = _FieldChecker()
    checker.walk(tree, {})
    if checker.unknown:
        path, line = checker.unknown[0]
        others = [p for p, _ in checker.unknown[1:]]
        also = f" (also unknown: {', '.join(others)})" if others else ""
        raise TemplateFieldError(
            f"letter template {name} line {line} uses the unknown field '{path}'{also}; "
            "the fields letters provide are listed in docs/letters.md"
        )


def render_template(kind: str, context: dict[str, Any], override_dir: Path | None = None,
                    limits: Limits | None = None) -> str:
    """Check and render a kind's template to markup text (see :mod:`markup`)."""
    return render_named(letter_kind(kind).code, context, override_dir, limits)


def render_named(name: str, context: dict[str, Any], override_dir: Path | None = None,
                 limits: Limits | None = None) -> str:
    """Check and render template ``<name>.j2`` to markup text, within ``limits`` (the
    defaults when None) on loop steps and text size."""
    source, filename = named_template_source(name, override_dir)
    _checked(source, Path(filename).name)
    env = environment(override_dir)
    try:
        with rendering_budget(limits or Limits()) as budget:
            parts: list[str] = []
            size = 0
            for part in env.get_template(f"{name}.j2").generate(context):
                size += len(part)
                budget.check_size(size)
                parts.append(part)
            return "".join(parts)
    except RecursionError:
        raise TemplateFieldError(
            f"letter template {Path(filename).name} calls itself without end (a macro or "
            "a recursive loop)") from None
    except jinja2.UndefinedError as exc:
        raise TemplateFieldError(
            f"letter template {Path(filename).name} uses a value letters do not provide: "
            f"{exc.message}"
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateFieldError(
            f"letter template {Path(filename).name} tried something templates may not do: {exc}"
        ) from None
    except jinja2.TemplateError as exc:
        raise TemplateFieldError(f"letter template {Path(filename).name} failed: {exc}") from None
