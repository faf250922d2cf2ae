"""The request part of a case form: received date, channel, jurisdiction, rights asked for
and the request text, with the field rules both the new case and the edit dialogs apply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from sar_desk.core.calendars import JURISDICTIONS, jurisdiction_name
from sar_desk.core.entities import Channel, RequestType
from sar_desk.core.input_rules import future_date_reason, request_types_reason
from sar_desk.ui.dialogs.base import date_edit, error_label, pydate

CHANNEL_TEXT = {  # how a request arrived, in words ("received by ...")
    Channel.EMAIL: "email",
    Channel.POST: "post",
    Channel.WEB: "web form",
    Channel.PHONE: "phone",
    Channel.IN_PERSON: "in person",
    Channel.SOCIAL: "social media",
}


class RequestFields:
    """The request's widgets and their error labels; a dialog lays them out with
    :meth:`add_rows` and checks them with :meth:`problems`."""

    def __init__(self, received: dt.date, *, channel: Channel | None = None,
                 jurisdiction: str = "uk-ew",
                 request_types: Iterable[RequestType] = (RequestType.ACCESS,),
                 request_text: str = "") -> None:
        self.received = date_edit(received)
        self.received_error = error_label()
        self.channel = QComboBox()
        for item in Channel:
            self.channel.addItem(CHANNEL_TEXT.get(item, item.value).capitalize(), item)
        if channel is not None:
            self.channel.setCurrentIndex(max(0, self.channel.findData(channel)))
        self.jurisdiction = QComboBox()
        for code in JURISDICTIONS:
            self.jurisdiction.addItem(jurisdiction_name(code), code)
        self.jurisdiction.setCurrentIndex(max(0, self.jurisdiction.findData(jurisdiction)))
        chosen = set(request_types)
        self.request_types: dict[RequestType, QCheckBox] = {}
        self.types_row = QHBoxLayout()
        for kind in RequestType:
            box = QCheckBox(kind.value.capitalize())
            box.setChecked(kind in chosen)
            self.request_types[kind] = box
            self.types_row.addWidget(box)
        self.types_row.addStretch()
        self.types_error = error_label()
        self.request_text = QPlainTextEdit(request_text)
        self.request_text.setTabChangesFocus(True)

    def add_rows(self, form: QFormLayout,
                 before_text: Iterable[tuple[str, QWidget]] = ()) -> None:
        """Add the request rows to ``form``; ``before_text`` rows go just above the text."""
        form.addRow("&Received on:", self.received)
        form.addRow("", self.received_error)
        form.addRow("Channe&l:", self.channel)
        form.addRow("&Jurisdiction:", self.jurisdiction)
        form.addRow("Rights asked for:", self.types_row)
        form.addRow("", self.types_error)
        for label, widget in before_text:
            form.addRow(label, widget)
        form.addRow("Re&quest text:", self.request_text)

    def connect(self, slot: Callable[..., object]) -> None:
        """Call ``slot`` whenever the received date or a ticked right changes."""
        self.received.dateChanged.connect(slot)
        for box in self.request_types.values():
            box.toggled.connect(slot)

    def received_date(self) -> dt.date:
        return pydate(self.received.date())

    def ticked(self) -> list[RequestType]:
        return [k for k, b in self.request_types.items() if b.isChecked()]

    def problems(
        self,
        today: dt.date,
        *,
        received_rule: Callable[[dt.date], str | None] | None = None,
        types_rule: Callable[[list[RequestType]], str | None] | None = None,
    ) -> dict[QLabel, str]:
        """Error text per label ('' when fine); the rules add checks after the shared ones."""
        day, ticked = self.received_date(), self.ticked()
        return {
            self.received_error: (future_date_reason(day, today, "received date")
                                  or (received_rule(day) if received_rule else None) or ""),
            self.types_error: (request_types_reason(ticked)
                               or (types_rule(ticked) if types_rule else None) or ""),
        }
