"""Composition root: the QApplication, the error hook, the workspace and the main window.

Everything a widget needs is built here once and passed down through constructors.
``run(..., screenshot=FILE)`` renders the window offscreen into a PNG instead of showing it
(used for the README and by support).
"""

from __future__ import annotations

import logging
import sys
import time
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from sar_desk.core.clock import Clock
from sar_desk.errors import SarDeskError
from sar_desk.ui.context import AppSignals, UiContext
from sar_desk.ui.tasks import TaskRunner, error_text, show_error_dialog

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("SAR Desk")
    app.setOrganizationName("SAR Desk")
    app.setApplicationDisplayName("SAR Desk")
    return app


@cache
def install_fonts() -> tuple[str, ...]:
    """Make the fonts shipped for letters available to the window too (once per process).

    A machine without CJK fonts (a bare Linux, a frozen app) would otherwise draw names
    such as 王芳 as empty boxes. Returns the font families added.
    """
    from importlib import resources

    from PySide6.QtGui import QFontDatabase

    folder = Path(str(resources.files("sar_desk") / "resources" / "fonts"))
    families: list[str] = []
    for path in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
        else:
            log.warning("font %s could not be loaded", path.name)
    return tuple(dict.fromkeys(families))


UI_FONTS = ("DejaVu Sans", "Droid Sans Fallback")  # shipped; the second for CJK names


def use_ui_font() -> None:
    """Draw the window in the shipped DejaVu Sans, at the desktop's point size.

    The window looks the same on every computer, whatever fonts its desktop has, and its
    layout is measured (and tested) in the font it is drawn in.
    """
    from PySide6.QtGui import QFont

    families = [f for f in UI_FONTS if f in install_fonts()]
    if families:  # a font that failed to load leaves the desktop's font in place
        font = QFont(QApplication.font())
        font.setFamilies(families)
        QApplication.setFont(font)


def install_excepthook() -> None:
    """Unexpected errors are logged (see :mod:`sar_desk.logfile`) and shown as a short readable
    message naming the log file, never a traceback."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        log.error("unexpected error in the window", exc_info=(kind, exc, tb))
        if QApplication.instance() is not None:
            QMessageBox.critical(None, "SAR Desk", error_text(exc))

    sys.excepthook = hook


def obtain_workspace(
    path: str | Path | None,
    *,
    passphrase: str | None,
    runner: TaskRunner,
    interactive: bool = True,
    clock: Clock | None = None,
    server: str = "",
) -> Any:
    """Open the workspace: keyring first, else ask; offer to create one on the first run.

    The workspace runs on ``clock`` (default: the computer's date). ``server``: a team
    workspace on that PostgreSQL server instead of a folder.
    """
    from sar_desk.services.workspace import open_workspace, resolve
    from sar_desk.store.errors import KeyProblem, WorkspaceNotFound
    from sar_desk.ui.dialogs.startup_dialogs import StartDialog, UnlockDialog, show_recovery_key

    if server:
        from sar_desk.services.team import open_team

        return open_team(server, passphrase=passphrase, clock=clock)
    root = resolve(path)
    try:
        return open_workspace(root, passphrase=passphrase, clock=clock)
    except WorkspaceNotFound:
        if not interactive:
            raise
        start = StartDialog(root, runner, clock=clock)
        if start.exec() != QDialog.DialogCode.Accepted:
            return None
        ws, recovery = start.result_value
        show_recovery_key(None, recovery)
        return ws
    except KeyProblem as exc:
        if not interactive:
            raise
        unlock = UnlockDialog(root, error_text(exc), runner, clock=clock)
        if unlock.exec() != QDialog.DialogCode.Accepted:
            return None
        return unlock.result_value


def build_window(
    ws: Any, *, runner: TaskRunner, clock: Clock | None = None, settings_file: Path | None = None
) -> Any:
    """The main window over an open workspace (its list starts loading at once).

    The window says what day it is by ``clock``, by default the workspace's own clock, so the
    window and the services it calls agree.
    """
    from sar_desk.services import staff_desk
    from sar_desk.ui.main_window import MainWindow

    app = QCoreApplication.instance()
    ctx = UiContext.create(
        ws, clock=clock or ws.clock, runner=runner, settings_file=settings_file, parent=app
    )
    ctx.signals = AppSignals(app)
    if staff_desk.is_staff_only(ws):  # the staff key only: the ready letters, nothing else
        from sar_desk.ui.staff_window import StaffWindow

        return StaffWindow(ctx)
    from sar_desk.ui.live_refresh import install_live_refresh

    window = MainWindow(ctx)  # its case list starts loading at once
    install_live_refresh(window)  # a team workspace: others' changes show here
    return window


def settle(window: Any, rounds: int = 3) -> None:
    """Let background loads finish and the views update (screenshots, benchmarks)."""
    for _ in range(rounds):
        window.ctx.runner.wait_idle(60_000)
        QCoreApplication.processEvents()
        time.sleep(0.02)
        QCoreApplication.processEvents()


PAGES = ("cases", "dashboard", "settings", "complaints", "my-work", "users", "backup",
         "reports")


def save_screenshot(window: Any, file: str | Path, view: str = "cases") -> Path:
    """Show ``view`` (cases, dashboard, settings, my-work, case:REF or search:TEXT) and save
    the window as PNG."""
    from sar_desk.errors import InputError

    window.show()
    settle(window)
    if getattr(window, "staff_only", False):  # staff: the ready letters page only
        if view != "cases":
            raise InputError("a staff user's window shows only the letters of ready cases")
    elif view.startswith("case:"):
        window.open_case(view.split(":", 1)[1].strip())
    elif view.startswith("redact:"):  # the review opens in its own window: that is saved
        window.open_case(view.split(":", 1)[1].strip())
        settle(window)
        window = window.case_view.open_redaction()
        window.resize(window.parentWidget().window().size())
    elif view.startswith("search:"):
        window.show_view("cases")
        window.cases.search.setText(view.split(":", 1)[1])
        window.cases.apply_filters()
    elif view in PAGES:
        window.show_view(view)
    else:
        raise InputError(f"unknown view {view!r}: use {', '.join(PAGES)}, case:REF, "
                         "redact:REF or search:TEXT")
    settle(window)
    if view.startswith("case:") and window.case_view.case is None:
        raise InputError(f"the case {view[5:]!r} could not be shown")
    out = Path(file)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        raise InputError(f"could not write the screenshot to {out}")
    return out


def run(
    workspace: str | Path | None = None,
    *,
    passphrase: str | None = None,
    screenshot: str | Path | None = None,
    view: str = "cases",
    size: tuple[int, int] = (1280, 800),
    clock: Clock | None = None,
    theme: str | None = None,
    server: str = "",
) -> int:
    """Start the window (or render a screenshot); returns the exit code.

    ``clock`` says what day it is (default: the computer's date); ``theme`` (system, light
    or dark) overrides the user's setting.
    """
    from sar_desk import logfile
    from sar_desk.store import holiday_cache

    logfile.install()  # already done when started by the command line: no change then
    holiday_cache.install()
    app = application()
    use_ui_font()
    from sar_desk.services.settings import load_user_settings
    from sar_desk.ui.theme import apply_theme

    apply_theme(theme or load_user_settings().theme, app)
    install_excepthook()
    failures: list[BaseException] = []
    if screenshot is None:
        runner = TaskRunner(app)
    else:  # no one to read a dialog: collect errors and report the first one
        runner = TaskRunner(app, error_presenter=lambda _p, _t, exc: failures.append(exc))
    try:
        ws = obtain_workspace(
            workspace, passphrase=passphrase, runner=runner, interactive=screenshot is None,
            clock=clock, server=server,
        )
    except SarDeskError as exc:
        if screenshot is not None:
            raise
        show_error_dialog(None, "SAR Desk", exc)  # started from a desktop: no terminal
        return exc.exit_code
    if ws is None:
        return 1
    window = build_window(ws, runner=runner)
    window.resize(QSize(*size))
    if screenshot is not None:
        try:
            out = save_screenshot(window, screenshot, view)
        except SarDeskError:
            if failures:  # the reason the view could not be shown comes first
                raise failures[0] from None
            raise
        finally:
            window.close()
            window.deleteLater()
            ws.close()
        if failures:
            raise failures[0]
        print(f"saved {out}")
        return 0
    window.show()
    if view != "cases" and not getattr(window, "staff_only", False):  # staff: one page
        if view.startswith("case:"):
            window.open_case(view.split(":", 1)[1])
        elif view in PAGES:
            window.show_view(view)
    code = app.exec()
    runner.shutdown()
    return int(code)
