"""The disclosure bundle: what it holds, what blocks it, its approval and its dispatch.

The bundle is checked the way a requester reads it: ``pdftotext`` of the built PDF.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pymupdf
import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import bundle as B
from sar_desk.services import cases as C
from sar_desk.services import redaction
from sar_desk.services.bulk_add import add_files
from sar_desk.store import keys
from tests.services.team import as_alice, signoff_team

D = dt.date
PASS = "bundle passphrase"


@pytest.fixture(scope="module")
def handles(tmp_path_factory):
    with signoff_team(tmp_path_factory.mktemp("bundle") / "ws", PASS) as opened:
        yield opened


@pytest.fixture
def team(handles, monkeypatch):
    return as_alice(handles, monkeypatch)


def make_pdf(path, *lines_per_page: str):
    doc = pymupdf.open()
    for text in lines_per_page:
        doc.new_page().insert_text((72, 100), text)
    doc.save(path)
    return path


def pdftotext(data: bytes, tmp_path, page: int | None = None, layout: bool = False) -> str:
    path = tmp_path / "bundle-read.pdf"
    path.write_bytes(data)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    pages += ["-layout"] if layout else []
    return subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def mixed_case(ws, tmp_path, monkeypatch):
    """A case with items provided, withheld, in part, undecided and a duplicate."""
    ref = C.create_case(ws, C.NewCase(requester=Person("Ελένη Łódź"),
                                      received=D(2026, 6, 1))).reference
    files = {
        "provided.pdf": ("Minutes of the meeting about Eleni", "Second page of minutes"),
        "withheld.pdf": ("Counsel advice TOPSECRETWORDS",),
        "partly.pdf": ("Report naming a third party PARTLYORIGINAL",),
        "undecided.pdf": ("Undecided memo",),
    }
    for name, pages in files.items():
        C.attach_document(ws, ref, make_pdf(tmp_path / name, *pages))
    copy = tmp_path / "copy-of-provided.pdf"  # the same bytes: found as a duplicate of item 1
    copy.write_bytes((tmp_path / "provided.pdf").read_bytes())
    add_files(ws, ref, [copy])  # what the window and the command line use
    assert C.get_case(ws, ref).documents[4].duplicate_of == C.get_case(ws, ref).documents[0].id
    C.set_document_status(ws, ref, 1, "disclose")
    C.set_document_status(ws, ref, 2, "withhold", "legal-privilege")
    C.set_document_status(ws, ref, 3, "partly", "third-party")
    C.set_document_status(ws, ref, 5, "disclose")
    return ref


def test_the_bundle_is_blocked_naming_the_undecided_and_part_provided_items(team, tmp_path,
                                                                             monkeypatch):
    alice = team["alice"]
    ref = mixed_case(alice, tmp_path, monkeypatch)
    with pytest.raises(B.BundleBlocked) as caught:
        B.build(alice, ref)
    message = caught.value.message
    assert "item 4 (undecided.pdf) has no disclosure decision" in message
    assert "item 3 (partly.pdf) is provided in part" in message
    assert "redacted copy" in message
    assert C.get_case(alice, ref).bundle is None  # nothing stored


def test_the_bundle_holds_what_is_provided_stamped_and_scheduled(team, tmp_path, monkeypatch):
    alice = team["alice"]
    ref = mixed_case(alice, tmp_path, monkeypatch)
    C.set_document_status(alice, ref, 4, "disclose")
    redacted = make_pdf(tmp_path / "redacted.pdf", "Report naming a third party [REDACTED]")
    monkeypatch.setattr(B, "_redacted_pdf", lambda ws, ref, document: redacted.read_bytes())

    info = B.build(alice, ref)
    stored, data = B.bundle_data(alice, ref)
    assert (stored.id, stored.sha256, stored.pages) == (info.id, keys.sha256_hex(data),
                                                        info.pages)
    # cover, schedule, 2 + 1 (redacted) + 1 pages of items
    assert info.pages == 6 and info.items == 3
    text = pdftotext(data, tmp_path)
    for n in range(1, info.pages + 1):
        assert f"{ref} · page {n} of {info.pages}" in pdftotext(data, tmp_path, n)
    schedule = " ".join(pdftotext(data, tmp_path, 2).split())
    # the rows read as laid out: plain reading order depends on how the dates wrap
    rows = " ".join(pdftotext(data, tmp_path, 2, layout=True).split())
    for row in ("1 provided.pdf", "2 withheld.pdf", "3 partly.pdf", "4 undecided.pdf",
                "5 copy-of-provided.pdf"):
        assert row in rows
    for status in ("provided", "withheld", "provided in part", "duplicate of item 1",
                   "Legal professional privilege", "Protection of the rights of others"):
        assert status in schedule
    assert "Minutes of the meeting about Eleni" in text and "Undecided memo" in text
    assert "[REDACTED]" in text
    assert text.count("Second page of minutes") == 1  # the duplicate is left out
    for hidden in ("TOPSECRETWORDS", "PARTLYORIGINAL"):
        assert hidden not in text
    toc = pymupdf.open("pdf", data).get_toc()
    assert [t[1] for t in toc] == ["Cover", "Schedule of documents", "Item 1: provided.pdf",
                                   "Item 3: partly.pdf", "Item 4: undecided.pdf"]
    assert [t[2] for t in toc] == [1, 2, 3, 5, 6]
    meta = pymupdf.open("pdf", data).metadata
    assert meta["title"] == f"Disclosure bundle {ref}" and not meta["author"]
    built = [e for e in C.audit_trail(alice, ref) if e.action == "bundle_built"][-1]
    assert built.details["sha256"] == info.sha256
    assert C.check_case(alice, ref) == []


def test_a_document_without_a_pdf_rendition_is_named(team, tmp_path):
    alice = team["alice"]
    ref = C.create_case(alice, C.NewCase(requester=Person("王芳"),
                                         received=D(2026, 6, 1))).reference
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n but the rest of the file is missing")
    C.attach_document(alice, ref, scan)
    C.set_document_status(alice, ref, 1, "disclose")
    with pytest.raises(B.NoPdfRendition, match=r"\(scan.png\) of .* has no PDF rendition"):
        B.build(alice, ref)


def approved_case(team, tmp_path):
    alice = team["alice"]
    ref = C.create_case(alice, C.NewCase(requester=Person("عائشة"),
                                         received=D(2026, 6, 1))).reference
    C.attach_document(alice, ref, make_pdf(tmp_path / "a.pdf", "Alpha"))
    C.set_document_status(alice, ref, 1, "disclose")
    return ref, B.build(alice, ref)


def test_the_bundle_is_approved_by_a_second_officer_and_only_then_sent(team, tmp_path):
    alice, bob = team["alice"], team["bob"]
    ref, info = approved_case(team, tmp_path)
    with pytest.raises(B.BundleNotApproved, match="has not been approved"):
        C.record_dispatch(alice, ref, None, D(2026, 6, 30), "post", bundle_id=info.id)
    with pytest.raises(PermissionDenied, match="built bundle"):
        B.approve(alice, ref)
    with pytest.raises(PermissionDenied):
        B.approve(team["sam"], ref)
    approved = B.approve(bob, ref)
    assert approved.approved_by == "bob" and C.get_case(alice, ref).bundle.approved
    entry = [e for e in C.audit_trail(alice, ref) if e.action == "bundle_approved"][-1]
    assert (entry.actor, entry.details["sha256"]) == ("bob", info.sha256)
    C.record_dispatch(alice, ref, None, D(2026, 6, 30), "secure e-mail", bundle_id=info.id)
    sent = [e for e in C.audit_trail(alice, ref) if e.action == "dispatch_recorded"][-1]
    assert (sent.details["bundle_sha256"], sent.details["method"]) == (info.sha256,
                                                                     "secure e-mail")
    assert C.check_case(alice, ref) == []


def test_a_bundle_rebuilt_after_approval_needs_approving_again(team, tmp_path):
    alice, meg = team["alice"], team["meg"]
    ref, first = approved_case(team, tmp_path)
    B.approve(meg, ref)  # a manager may approve too
    second = B.build(alice, ref)
    assert second.id != first.id and not second.approved
    with pytest.raises(B.BundleNotApproved, match="not its latest bundle"):
        C.record_dispatch(alice, ref, None, D(2026, 6, 30), "post", bundle_id=first.id)
    with pytest.raises(B.BundleNotApproved, match="has not been approved"):
        C.record_dispatch(alice, ref, None, D(2026, 6, 30), "post", bundle_id=second.id)
    B.approve(meg, ref)
    C.record_dispatch(alice, ref, None, D(2026, 6, 30), "post", bundle_id=second.id)


def test_a_saved_copy_is_the_stored_bundle_and_is_audited(team, tmp_path):
    alice = team["alice"]
    ref, info = approved_case(team, tmp_path)
    out = B.save_copy(alice, ref, tmp_path / "out.pdf")
    assert keys.sha256_hex(out.read_bytes()) == info.sha256
    saved = [e for e in C.audit_trail(alice, ref) if e.action == "bundle_saved"][-1]
    assert saved.details == {"bundle_id": info.id, "sha256": info.sha256, "to": "out.pdf"}
    with pytest.raises(InputError, match="inside the workspace"):
        B.save_copy(alice, ref, alice.path / "copy.pdf")


def test_the_portable_bundle_writes_provided_items_natively_with_a_manifest(team, tmp_path):
    from sar_desk.services import rights

    alice = team["alice"]
    ref = C.create_case(alice, C.NewCase(requester=Person("Ελένη"),
                                         received=D(2026, 6, 1))).reference
    data = tmp_path / "orders.csv"
    data.write_text("order,item\n1,book\n", encoding="utf-8")
    C.attach_document(alice, ref, data)
    C.attach_document(alice, ref, make_pdf(tmp_path / "hidden.pdf", "Hidden"))
    C.set_document_status(alice, ref, 1, "disclose")
    C.set_document_status(alice, ref, 2, "withhold", "third-party")
    with pytest.raises(InputError, match="does not ask for portability"):
        B.write_portable(alice, ref, tmp_path / "portable")
    rights.add_right(alice, ref, "portability")
    written = B.write_portable(alice, ref, tmp_path / "portable")
    assert sorted(p.name for p in written) == ["001-orders.csv", "manifest.json"]
    assert (tmp_path / "portable" / "001-orders.csv").read_bytes() == data.read_bytes()
    manifest = json.loads((tmp_path / "portable" / "manifest.json").read_text("utf-8"))
    assert manifest["files"][0]["sha256"] == keys.sha256_hex(data.read_bytes())
    assert manifest["export"]["files"][0]["records"] == [{"order": "1", "item": "book"}]


def test_the_final_response_refers_to_the_bundle_built_and_the_searches_made(team, tmp_path):
    from sar_desk.services.letters import generate_letter
    from tests.documents.helpers import docx_paragraphs

    alice = team["alice"]
    ref, info = approved_case(team, tmp_path)
    C.add_search_log(alice, ref, "HR system", "عائشة, employee 77", "HR team",
                     on=D(2026, 6, 3))
    _letter, docx = generate_letter(alice, ref, "final-response", "docx")
    text = "\n".join(docx_paragraphs(docx))
    assert f"enclosed as one bundle of {info.pages} pages (1 document)" in text
    assert ("3 June 2026: HR system, searching for عائشة, employee 77, in the records of "
            "HR team") in text


def test_a_final_response_written_before_the_bundle_is_not_sent_with_it(team, tmp_path):
    from sar_desk.services import signoff
    from sar_desk.services.letters import generate_letter

    alice, bob = team["alice"], team["bob"]
    ref, first = approved_case(team, tmp_path)
    letter, _data = generate_letter(alice, ref, "final-response", "pdf")
    signoff.approve_letter(bob, ref, letter.id)
    second = B.build(alice, ref)  # built after the letter: its page count may differ
    B.approve(bob, ref)
    with pytest.raises(InputError, match=f"Letter {letter.id} .* written before bundle "
                                         f"{second.id}"):
        C.record_dispatch(alice, ref, letter.id, D(2026, 6, 30), "post", bundle_id=second.id)
    letter2, _data = generate_letter(alice, ref, "final-response", "pdf")
    signoff.approve_letter(bob, ref, letter2.id)
    C.record_dispatch(alice, ref, letter2.id, D(2026, 6, 30), "post", bundle_id=second.id)
    sent = [e for e in C.audit_trail(alice, ref) if e.action == "dispatch_recorded"][-1]
    assert (sent.details["letter_id"], sent.details["bundle_id"]) == (letter2.id, second.id)
    # the same case builds the same bytes: the bundle is reproducible
    assert sent.details["bundle_sha256"] == second.sha256 == first.sha256
    assert sent.details["letter_sha256"]


THIRD = "Zbigniew Kowalczyk"


def test_the_part_provided_item_goes_in_redacted_once_verified_and_approved(team, tmp_path):
    alice, bob = team["alice"], team["bob"]
    ref = C.create_case(alice, C.NewCase(requester=Person("Ada Requester"),
                                         received=D(2026, 6, 1))).reference
    C.attach_document(alice, ref, make_pdf(tmp_path / "minutes.pdf", "Minutes about Ada"))
    C.attach_document(alice, ref, make_pdf(tmp_path / "report.pdf",
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
