"""Dates written the way UK letters write them: "3 October 2025" (:mod:`sar_desk.core.dates`)."""

from __future__ import annotations

from sar_desk.core.dates import long_date

__all__ = ["long_date"]
