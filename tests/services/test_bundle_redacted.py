"""An item provided in part reaches the bundle only as its verified, approved redacted copy."""

from __future__ import annotations

import datetime as dt
import subprocess

import pymupdf
import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError
from sar_desk.services import bundle as B
from sar_desk.services import cases as C
from sar_desk.services import redaction
from tests.services.team import as_alice, signoff_team

PASS = "bundle redaction passphrase"
THIRD = "Zbigniew Kowalczyk"


@pytest.fixture(scope="module")
def handles(tmp_path_factory):
    with signoff_team(tmp_path_factory.mktemp("bundle-redacted") / "ws", PASS) as opened:
        yield opened


@pytest.fixture
def team(handles, monkeypatch):
    return as_alice(handles, monkeypatch)


def pdf(path, text: str):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), text)
    doc.save(path)
    return path


def pdftotext(data: bytes, tmp_path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_part_provided_item_goes_in_redacted_once_verified_and_approved(team, tmp_path):
    alice, bob = team["alice"], team["bob"]
    ref = C.create_case(alice, C.NewCase(requester=Person("Ada Requester"),
                                         received=dt.date(2026, 6, 1))).reference
    C.attach_document(alice, ref, pdf(tmp_path / "minutes.pdf", "Minutes about Ada"))
    C.attach_document(alice, ref, pdf(tmp_path / "report.pdf",
                                      f"Report about Ada that names {THIRD} as a witness"))
    C.set_document_status(alice, ref, 1, "disclose")
    C.set_document_status(alice, ref, 2, "partly", "third-party")

    with pytest.raises(InputError, match="report.pdf"):  # no redacted copy yet: named
        B.build(alice, ref)
    redaction.propose(alice, ref, 2, term=THIRD, reason="third-party")
    redaction.decide(alice, ref, 2, None, "accepted")
    redaction.apply(alice, ref, 2)
    with pytest.raises(InputError):  # made, but not verified
        B.build(alice, ref)
    assert redaction.verify(alice, ref, 2).verified == "passed"
    with pytest.raises(InputError):  # verified, but the redacted set is not approved
        B.build(alice, ref)
    redaction.approve(bob, ref)

    B.build(alice, ref)
    _info, data = B.bundle_data(alice, ref)
    text = pdftotext(data, tmp_path)
    assert "Minutes about Ada" in text and "Report about Ada that names" in text
    assert "Kowalczyk" not in text and "Zbigniew" not in text
    assert text.count(f"{ref} · page") == pymupdf.open(stream=data).page_count
