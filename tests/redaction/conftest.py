"""A case with one PDF attached, for the redaction tests."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person


@pytest.fixture
def attach(ws, tmp_path):
    """``attach(pdf_bytes) -> (reference, document number)`` on a new case."""
    from sar_desk.services import cases

    def make(data: bytes, name: str = "notes.pdf") -> tuple[str, int]:
        ref = cases.create_case(ws, cases.NewCase(
            requester=Person("Ada Requester", "ada@example.org"),
            received=dt.date(2026, 6, 1))).reference
        path = tmp_path / name
        path.write_bytes(data)
        document = cases.attach_document(ws, ref, path, status="partly",
                                         exemption_code="third-party")
        return ref, document.id

    return make
