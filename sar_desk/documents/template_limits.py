"""Jinja's sandbox, with limits on time and memory: an edited template cannot hang or exhaust.

The sandbox stops a template reaching into Python; these limits stop one that loops a
billion times, calls a macro that calls itself twice, or builds a gigabyte of text:

- every loop step and every call (macros included) spends one step of a budget
  (``template_loop_steps``), shared by the whole letter;
- text built by ``~``, ``+``, ``*`` or padding methods, and the letter itself, may not pass
  ``template_output_chars``; ``**`` is limited to small exponents;
- recursion past Python's limit is refused.

The limits come from :class:`sar_desk.core.limits.Limits` (profile ``[limits]`` table).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import nodes, pass_eval_context
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from sar_desk.core.limits import Limits
from sar_desk.documents.errors import TemplateFieldError

__all__ = ["BoundedEnvironment", "TemplateLimitError", "rendering_budget"]

# A width in a %-format or {}-format spec large enough to matter ("%999999999s").
_PERCENT_WIDTH = re.compile(r"%[-#0 +]*(\*|\d{6,})")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}]*(\d{6,})")
MAX_EXPONENT = 64


class TemplateLimitError(TemplateFieldError):
    """A template went past a limit on steps or text size while rendering."""


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.steps = limits.template_loop_steps
        self.chars = limits.template_output_chars

    def spend(self, steps: int = 1) -> None:
        self.steps -= steps
        if self.steps < 0:
            raise TemplateLimitError(
                "the letter template runs too many loop steps or calls (a loop or a macro "
                "that never ends, or multiplies); the limit is template_loop_steps")

    def check_size(self, size: int) -> None:
        if size > self.chars:
            raise TemplateLimitError(
                f"the letter template builds text of {size:,} characters; the limit is "
                f"{self.chars:,} (template_output_chars)")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("budget", default=None)


def _budget() -> _Budget:
    budget = _BUDGET.get()
    # Outside rendering_budget() (constant folding while compiling): the default limits.
    return budget if budget is not None else _Budget(Limits())


@contextlib.contextmanager
def rendering_budget(limits: Limits) -> Iterator[_Budget]:
    """A fresh budget for one letter's rendering."""
    token = _BUDGET.set(_Budget(limits))
    try:
        yield _BUDGET.get()  # type: ignore[misc]
    finally:
        _BUDGET.reset(token)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple | bytes) else 0


def _bounded_loop(iterable: Iterable[Any]) -> Iterator[Any]:
    budget = _budget()
    for item in iterable:
        budget.spend()
        yield item


@pass_eval_context
def _bounded_concat(eval_ctx: Any, parts: list[Any]) -> str:
    values = [str(p) if not isinstance(p, str) else p for p in parts]
    _budget().check_size(sum(len(v) for v in values))
    return (markup_join if eval_ctx.autoescape else str_join)(parts)


def _bounded_filter(func: Any) -> Any:
    """``func`` (a filter) refusing huge numbers and widths, and a result past the limit."""

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        budget = _budget()
        budget.spend()
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) \
                    and abs(value) > budget.chars:
                raise TemplateLimitError(f"the letter template passes the number {value} to "
                                         f"the filter {func.__name__}; it is larger than any "
                                         "letter")
            if isinstance(value, str) and (_PERCENT_WIDTH.search(value)
                                           or _BRACE_WIDTH.search(value)):
                if func.__name__ in ("do_format", "format"):
                    raise TemplateLimitError("the letter template formats text with a huge "
                                             "width")
        result = func(*args, **kwargs)
        budget.check_size(_size(result))
        return result

    return bounded


class _Bounder(NodeTransformer):
    """Rewrites a parsed template: loops go through the step budget, ``~`` through the size
    check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802 - NodeTransformer hook
        node = self.generic_visit(node)  # type: ignore[assignment]
        node.iter = nodes.Filter(node.iter, "_bounded_loop", [], [], None, None,
                                 lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        node = self.generic_visit(node)  # type: ignore[assignment]
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "_bounded_concat",
                            [], [], None, None, lineno=node.lineno)


class BoundedEnvironment(SandboxedEnvironment):
    """:class:`SandboxedEnvironment` whose templates run within the current budget."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: _bounded_filter(f) for name, f in self.filters.items()}
        self.filters["_bounded_loop"] = _bounded_loop
        self.filters["_bounded_concat"] = _bounded_concat

    def compile(self, source: Any, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        if isinstance(source, str):
            source = self.parse(source, name, filename)
        if isinstance(source, nodes.Template):
            source = _Bounder().visit(source)
        return super().compile(source, name, filename, raw, defer_init)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise TemplateLimitError(f"the letter template raises a number to the power "
                                         f"{right}; the limit is {MAX_EXPONENT}")
            return left**right
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if _size(text) and isinstance(times, int):
                    budget.check_size(_size(text) * times)
            return left * right
        if operator == "+":
            if _size(left) or _size(right):
                budget.check_size(_size(left) + _size(right))
            return left + right
        if isinstance(left, str) and _PERCENT_WIDTH.search(left):  # "%"
            raise TemplateLimitError("the letter template formats text with a huge width")
        return left % right

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = _budget()
        budget.spend()
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) \
                    and abs(value) > budget.chars:
                raise TemplateLimitError(f"the letter template passes the number {value} to "
                                         "a function; it is larger than any letter")
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str) and getattr(__obj, "__name__", "") in ("format",
                                                                          "format_map") \
                and _BRACE_WIDTH.search(owner):
            raise TemplateLimitError("the letter template formats text with a huge width")
        result = super().call(__context, __obj, *args, **kwargs)
        budget.check_size(_size(result))
        return result
