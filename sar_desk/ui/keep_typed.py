"""A change that the server could not take (unreachable, or someone saved first) keeps
what was typed: the error is shown, and the form it came from opens again as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

KEEP_FORM = frozenset({"server.unreachable", "case.stale_save"})


def run_keeping_form(view: Any, op: Callable[[], Any], on_success: Callable[[Any], None],
                     title: str) -> Any:
    """Run ``op`` for ``view`` (a case view); when the server refuses it, say why, reload
    the case on a stale save, and open the form again with its text."""
    form = getattr(view, "active_dialog", None)

    def failed(exc: BaseException) -> None:
        view.ctx.runner.present_error(view, title or "SAR Desk", exc)
        if getattr(exc, "code", "") not in KEEP_FORM:
            return
        if getattr(exc, "code", "") == "case.stale_save" and getattr(view, "reference", ""):
            view.load(view.reference)
        if form is not None and not form.isVisible():
            form.open()  # its fields still hold what was typed

    return view.ctx.run(op, on_success=on_success, on_error=failed, parent=view, title=title)
