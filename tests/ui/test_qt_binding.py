"""The Qt binding must not corrupt reference counts (PySide6 6.12.0 on Python 3.11 did:
every call into Qt dropped a reference to None or True, and the window aborted after a few
thousand calls)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    changed = Signal(int)


def test_calls_into_qt_keep_none_and_true_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    seen: list[int] = []
    emitter.changed.connect(seen.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(2000):
        label.setText("x")  # returns None
        emitter.changed.emit(i)
    assert len(seen) == 2000
    # Other code may take or drop a few references meanwhile; a leak per call would be 2000.
    assert sys.getrefcount(None) - none_before > -200
    assert sys.getrefcount(True) - true_before > -200
