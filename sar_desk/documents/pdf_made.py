"""The creation date a generated PDF carries: the day it is dated (the workspace's day), at
the real time of day, in place of the computer's date that reportlab would write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sar_desk.core import clock


def made_on(day: dt.date) -> Callable[..., str]:
    """A reportlab date formatter (``canvas.setDateFormatter``): ``day`` at the real time of
    day, in UTC."""
    def formatted(*_local_time: int) -> str:
        return clock.stamp(day).strftime("D:%Y%m%d%H%M%SZ")

    return formatted


def dated_on(day: dt.date) -> Callable[[Any, Any], None]:
    """A reportlab page callback (``onFirstPage``) giving the PDF the creation date ``day``."""
    def on_page(canvas: Any, _doc: Any) -> None:
        canvas.setDateFormatter(made_on(day))

    return on_page
