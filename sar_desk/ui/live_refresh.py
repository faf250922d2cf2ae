"""Live refresh of a team workspace's window: a change saved on another workstation
refreshes its row, the list and the dashboard, and the case if it is open here (unless
something is being typed in it); a change to the workspace's own state (a hold, a letter
marked ready, an approval asked for) refreshes the lists, the dashboard and My work."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal


class ChangeRelay(QObject):
    """Carries a change heard on a background thread to the window's thread."""

    changed = Signal(str)


def install_live_refresh(window: Any) -> bool:
    """Refresh ``window`` on other workstations' changes; False for a folder workspace."""
    from sar_desk.services import changes

    ws = window.ctx.workspace
    if not changes.is_team(ws):
        return False
    relay = ChangeRelay(window)
    window.setWindowTitle(f"SAR Desk — team workspace on {changes.server_name(ws)}")

    def on_change(reference: str) -> None:
        if not reference:  # the workspace's own state: holds, ready flags, approvals, users
            window.ctx.signals.cases_changed.emit()  # the lists, the dashboard, My work
            return
        window.ctx.signals.case_changed.emit(reference)  # the row, the list, the dashboard
        view = getattr(window, "_pages", {}).get("case")
        if view is not None and getattr(view, "reference", None) == reference \
                and getattr(view, "case", None) is not None and not view.holds_typing():
            view.load(reference)
        window.statusBar().showMessage(f"{reference} was changed on another workstation.",
                                       8000)

    relay.changed.connect(on_change)
    window.live_refresh = relay
    return changes.subscribe(ws, lambda reference, _version: relay.changed.emit(reference))
