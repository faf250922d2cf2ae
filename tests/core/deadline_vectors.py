"""The shared worked deadline examples (tests/data/deadline-vectors.json), each with its source."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

VECTORS_PATH = pathlib.Path(__file__).resolve().parents[1] / "data" / "deadline-vectors.json"
VECTORS: list[dict] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


def vector_params() -> list:
    return [pytest.param(vector, id=vector["id"]) for vector in VECTORS]


def vector_events(vector: dict) -> list[tuple[str, dt.date]]:
    return [(event["type"], dt.date.fromisoformat(event["date"])) for event in vector["events"]]


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
