"""Complaints through the services: own encrypted file, registry row, link to a case."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.core.roles import Role
from sar_desk.errors import InputError, PermissionDenied
from sar_desk.services import access, cases, complaints, staff_desk
from sar_desk.services.complaints import NewComplaint
from sar_desk.store.users import User

D = dt.date


@pytest.fixture
def case(ws):
    return cases.create_case(ws, cases.NewCase(
        requester=Person("Zoë Brontë-Hughes", "zoe@example.org", "1 Mill Road\nYork"),
        received=D(2026, 5, 1), jurisdiction="uk-sct"), actor="po")


def new(ws, **kw):
    values = {"complainant": Person("Zoë Brontë-Hughes", "zoe@example.org", "1 Mill Road\nYork"),
              "received": D(2026, 6, 19)} | kw
    return complaints.create_complaint(ws, NewComplaint(**values), actor="po")


def test_a_complaint_gets_its_own_reference_file_and_registry_row(ws):
    first = new(ws)
    second = new(ws, channel="social")
    assert first.complaint.reference == "CMP-2026-0001"
    assert second.complaint.reference == "CMP-2026-0002"
    assert second.complaint.channel.value == "social"
    path = ws.case_path("CMP-2026-0001")
    assert path.exists()
    assert b"Bront" not in path.read_bytes()  # encrypted
    # Case references keep their own series.
    snap = cases.create_case(ws, cases.NewCase(requester=Person("A B"), received=D(2026, 6, 1)))
    assert snap.reference == "SAR-2026-0001"
    rows = complaints.list_complaints(ws)
    assert [r.reference for r in rows] == ["CMP-2026-0001", "CMP-2026-0002"]
    assert rows[0].ack_due == D(2026, 7, 20)
    assert [a.action for a in complaints.complaint_audit(ws, "cmp 2026 1")] == [
        "complaint_created", "complaint_handler_assigned"]  # whoever raised it handles it


def test_a_linked_complaint_appears_on_the_case_and_takes_its_calendar(ws, case):
    view = new(ws, case_ref=case.reference.lower(), received=D(2026, 4, 2))
    assert view.complaint.case_ref == case.reference
    assert view.complaint.jurisdiction == "uk-sct"
    about = complaints.complaints_about(ws, case.reference)
    assert [c.reference for c in about] == [view.complaint.reference]
    assert complaints.get_complaint(ws, view.complaint.reference).complaint.case_ref == \
        case.reference
    with pytest.raises(InputError, match="SAR-2026-0099"):
        new(ws, case_ref="SAR-2026-0099")


def test_working_a_complaint_to_its_close(ws):
    ref = new(ws).complaint.reference
    view = complaints.record_complaint_event(ws, ref, "acknowledged", D(2026, 6, 22))
    assert view.clock.ack_on_time is True
    number, _ = complaints.add_issue(ws, ref, "The reply to my request was late")
    number2, _ = complaints.add_issue(ws, ref, "Emails were missing")
    complaints.record_outcome(ws, ref, number, "upheld", "It was sent 10 days late.",
                              remedy="An apology and a fee refund.", enquiries="Checked log")
    with pytest.raises(InputError, match=r"issue 2 \(Emails were missing\)"):
        complaints.close_complaint(ws, ref)
    complaints.record_outcome(ws, ref, number2, "not-upheld", "Every email was included.")
    complaints.record_complaint_event(ws, ref, "update_sent", D(2026, 6, 29))
    view = complaints.close_complaint(ws, ref)
    assert view.complaint.status.value == "closed"
    row = complaints.list_complaints(ws, status="closed")[0]
    assert row.closed == D(2026, 6, 30)
    assert row.outcomes == ("upheld", "not-upheld")
    complaints.record_complaint_event(ws, ref, "ico_contacted", D(2026, 6, 30))
    with pytest.raises(InputError, match="closed"):
        complaints.record_complaint_event(ws, ref, "update_sent", D(2026, 6, 30))
    data = complaints.get_complaint(ws, ref).to_json()
    assert data["ack_due"] == "2026-07-20"
    assert data["ico_contacted"] == ["2026-06-30"]
    assert data["issues"][0]["remedy"] == "An apology and a fee refund."


@contextlib.contextmanager
def acting_as_staff(ws):
    officer = access.current_user(ws)
    ws.user = User("sam", (Role.STAFF,))
    try:
        yield
    finally:
        ws.user = officer


def test_staff_see_only_ready_complaints_and_never_notes(ws):
    ref = new(ws).complaint.reference
    complaints.add_complaint_note(ws, ref, "CANARY internal note")
    with acting_as_staff(ws):
        assert complaints.list_complaints(ws) == []
        with pytest.raises(PermissionDenied):
            complaints.get_complaint(ws, ref)
    complaints.mark_complaint_ready(ws, ref)
    with acting_as_staff(ws):  # staff read the ready letters store, never the complaint
        with pytest.raises(PermissionDenied):
            complaints.get_complaint(ws, ref)
        [entry] = [c for c in staff_desk.ready_cases(ws) if c.reference == ref]
        assert "CANARY" not in repr(entry)
        assert [r.reference for r in complaints.list_complaints(ws)] == [ref]
        with pytest.raises(PermissionDenied):
            complaints.add_issue(ws, ref, "x")


def test_reindex_and_verify_cover_complaints(ws, case):
    from sar_desk.services.workspace import reindex, verify_workspace

    new(ws, case_ref=case.reference)
    assert reindex(ws) == 2
    assert len(complaints.list_complaints(ws)) == 1
    assert verify_workspace(ws) == []


def test_retention_purges_a_closed_complaint_with_a_certificate(ws):
    import pypdf

    from sar_desk.services import retention

    ref = new(ws, received=D(2018, 3, 1)).complaint.reference
    complaints.add_issue(ws, ref, "Late reply")
    complaints.record_outcome(ws, ref, 1, "upheld", "It was late.")
    complaints.close_complaint(ws, ref, on=D(2018, 4, 2))
    still_open = new(ws, received=D(2018, 3, 5)).complaint.reference
    due = {i.reference: i for i in retention.due_for_purge(ws)}
    assert ref in due and still_open not in due
    assert due[ref].retain_until == D(2024, 4, 2)
    done = retention.purge(ws, references=[ref.lower()], confirm=1)
    assert [p.tombstone.reference for p in done] == [ref]
    assert done[0].certificate_path.name == f"{ref}-destruction.pdf"
    text = pypdf.PdfReader(done[0].certificate_path).pages[0].extract_text()
    assert ref in text and "data protection complaint named below" in " ".join(text.split())
    assert not ws.case_path(ref).exists()
    assert ws.registry.key_entry(ref) is None
    assert [r.reference for r in complaints.list_complaints(ws)] == [still_open]
    assert ref in {t.reference for t in retention.tombstones(ws)}
    with pytest.raises(InputError):
        complaints.get_complaint(ws, ref)


def test_dashboard_tiles_and_the_monthly_report(ws, tmp_path):
    import openpyxl

    from sar_desk.services import reports

    first = new(ws, received=D(2026, 5, 1)).complaint.reference  # overdue on 30 June
    new(ws, received=D(2026, 6, 19))
    tiles = complaints.complaint_tiles(ws)
    assert (tiles.to_acknowledge, tiles.ack_overdue, tiles.past_target) == (1, 1, 1)
    complaints.record_complaint_event(ws, first, "acknowledged", D(2026, 6, 2))
    report = reports.compliance_report(ws, (2026, 5), (2026, 6))
    assert report.complaints[1] == ("2026-05", 1, 1, 0, 0, 0, 0, 0)
    out = reports.export_report(ws, (2026, 5), (2026, 6), tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(out)
    assert book["Complaints"]["B4"].value == 2  # total received
    pdf = reports.export_report(ws, (2026, 5), (2026, 6), tmp_path / "r.pdf")
    import pypdf

    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "Data protection complaints" in text


def test_the_outcome_target_comes_from_the_workspace_profile(ws):
    from importlib import resources

    default = (resources.files("sar_desk") / "resources" / "profiles" / "default.toml")
    text = default.read_text(encoding="utf-8")
    access.save_profile(ws, text + "\n[complaints]\noutcome_target_weeks = 6\n")
    view = new(ws)
    assert view.clock.target == D(2026, 7, 31)
    assert "6 weeks from receipt" in "\n".join(view.clock.explanation)
    access.save_profile(ws, text + "\n[complaints]\noutcome_target_weeks = 0\n")
    with pytest.raises(InputError, match="outcome_target_weeks"):
        complaints.get_complaint(ws, view.complaint.reference)


def test_verify_checks_a_complaint_file_against_its_registry_row(ws):
    from sar_desk.services.workspace import verify_workspace

    ref = new(ws).complaint.reference
    complaints.add_issue(ws, ref, "Late")
    assert verify_workspace(ws) == []
    with ws.registry.writing() as conn:  # as if the newest audit entry had been cut off
        conn.exec_driver_sql("UPDATE complaints SET audit_seq = audit_seq + 1")
    problems = verify_workspace(ws)
    assert problems and ref in problems[0]
