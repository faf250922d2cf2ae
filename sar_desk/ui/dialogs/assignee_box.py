"""The assignee field: a combo box of the users who may work cases, checked by the core rule.

A name can still be typed (the list completes it); anything that is not one of those users
is refused by name next to the field, as the service would refuse it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from sar_desk.core.roles import assignee_reason

UNASSIGNED = "(nobody yet)"


def case_worker_names(ws: object) -> list[tuple[str, str]]:
    """(login, display name) of the users of ``ws`` who may work cases (a quick query)."""
    from sar_desk.services.access import case_workers

    return [(u.login, u.name) for u in case_workers(ws)]  # type: ignore[arg-type]


class AssigneeBox(QComboBox):
    """``workers``: (login, display name) of each user who may work cases.

    ``optional``: leaving it unassigned is allowed (a new case); the first entry says so.
    """

    def __init__(self, workers: Sequence[tuple[str, str]], current: str = "", *,
                 optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workers = list(workers)
        self.optional = optional
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if optional:
            self.addItem(UNASSIGNED, "")
        for login, name in self.workers:
            self.addItem(name or login, name or login)
        self.set_value(current)

    def set_value(self, text: str) -> None:
        """Show ``text``: the matching user if there is one, else the text as typed."""
        key = " ".join((text or "").split()).casefold()
        for index in range(self.count()):
            data = self.itemData(index) or ""
            login = next((lg for lg, nm in self.workers if (nm or lg) == data), "")
            if key and key in (data.casefold(), login.casefold()):
                self.setCurrentIndex(index)
                return
        if key or not self.optional:
            self.setEditText(" ".join((text or "").split()))
        else:
            self.setCurrentIndex(0)

    def value(self) -> str:
        """The name chosen or typed ('' when left unassigned)."""
        text = " ".join(self.currentText().split())
        return "" if self.optional and text in ("", UNASSIGNED) else text

    def reason(self) -> str | None:
        """Why the case cannot go to the name shown (None: it can)."""
        value = self.value()
        if self.optional and not value:
            return None
        return assignee_reason(value, self.workers)
