"""Every right end to end on a real workspace: checklist, outcome, closing, letters, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from sar_desk.core.entities import CaseStatus, EventKind, Person, RequestType
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services import rights as R
from sar_desk.services.letters import generate_letter, generate_recipient_notice
from tests.documents.helpers import docx_paragraphs, pdf_pages, squash

D = dt.date
RECEIVED = D(2026, 6, 1)
DONE = D(2026, 6, 20)


def new_case(ws, *types, name="Łucja Wójcik-王芳"):
    return C.create_case(ws, C.NewCase(requester=Person(name, "lucja@example.pl",
                                                        "4 Mill Lane\nCV35 9EF"),
                                       received=RECEIVED, request_types=tuple(types))).reference


def tell_everyone(ws, ref, right):
    for n in range(1, len(R.recipients_for(ws)) + 1):
        R.record_recipient_told(ws, ref, right, str(n), on=DONE, method="email")


def complete(ws, ref, right, tmp_path) -> list[str]:
    """Fill in the right's checklist and outcome; returns the action lines a letter must list."""
    if right == RequestType.RECTIFICATION:
        a = R.record_action(ws, ref, right, "corrected", system="Billing system",
                            detail="address changed from 1 Old Road to 4 Mill Lane", on=DONE)
        tell_everyone(ws, ref, right)
        R.set_outcome(ws, ref, right, "complied", on=DONE)
        return [a.text()]
    if right == RequestType.ERASURE:
        a = R.record_action(ws, ref, right, "erased", system="CRM", on=DONE)
        b = R.record_action(ws, ref, right, "erased", system="Mailing list", done=False)
        b = R.complete_action(ws, ref, b.id, on=DONE)
        R.record_action(ws, ref, right, "exception", code="legal-obligation",
                        reason="Invoices kept six years for HMRC", system="Sales ledger",
                        on=DONE)
        tell_everyone(ws, ref, right)
        R.set_outcome(ws, ref, right, "partly", "Invoices must be kept by law", on=DONE)
        return [a.text(), b.text(), "Legal obligation or public task",
                "Invoices kept six years for HMRC"]
    if right == RequestType.RESTRICTION:
        a = R.record_action(ws, ref, right, "restricted", system="CRM",
                            detail="marketing and profiling paused",
                            lifts="when the accuracy check ends", on=DONE)
        tell_everyone(ws, ref, right)
        R.set_outcome(ws, ref, right, "complied", on=DONE)
        return [a.text()]
    if right == RequestType.PORTABILITY:
        given = tmp_path / "account.csv"
        given.write_text("field,value\nname,Łucja\n", encoding="utf-8")
        doc = C.attach_document(ws, ref, given)
        export = R.build_portability_export(ws, ref, [doc.id])
        R.set_outcome(ws, ref, right, "complied", on=DONE)
        return [f"{export.file_stem}.json", f"{export.file_stem}.csv", export.json_sha256]
    a = R.record_action(ws, ref, right, "marketing-stopped", system="Newsletter platform",
                        on=DONE)
    R.set_outcome(ws, ref, right, "complied", basis="direct-marketing", on=DONE)
    return [a.text()]


OTHER = [t for t in RequestType if t != RequestType.ACCESS]


@pytest.mark.parametrize("right", OTHER, ids=lambda t: t.value)
def test_each_right_checklist_completed_closed_and_outcome_letter_lists_the_actions(
        ws, tmp_path, right):
    ref = new_case(ws, right)
    with pytest.raises(InputError, match="cannot be closed yet"):
        C.record_event(ws, ref, EventKind.CLOSED, DONE)
    expected = complete(ws, ref, right, tmp_path)
    items = R.checklist(ws, ref)
    assert items and all(i.state == "done" for i in items), [
        (i.state, i.label) for i in items]
    snap = C.record_event(ws, ref, EventKind.CLOSED, D(2026, 6, 25))
    assert snap.status == CaseStatus.CLOSED
    _info, pdf = generate_letter(ws, ref, f"{right.value}-outcome", "pdf")
    _info, docx = generate_letter(ws, ref, f"{right.value}-outcome", "docx")
    pdf_text = squash("".join(pdf_pages(pdf)))
    docx_text = "\n".join(docx_paragraphs(docx))
    for line in expected:
        assert line in docx_text, f"DOCX lacks {line!r}"
        assert squash(line) in pdf_text, f"PDF lacks {line!r}"
    assert "Łucja Wójcik-王芳" in docx_text and ref in docx_text
    kinds = [x.kind for x in C.get_case(ws, ref).letters]
    assert kinds == [f"{right.value}-outcome"] * 2


def test_erasure_cannot_close_while_a_system_is_open_or_an_exception_lacks_a_reason(ws):
    ref = new_case(ws, RequestType.ERASURE)
    R.record_action(ws, ref, "erasure", "erased", system="CRM", on=DONE)
    backups = R.record_action(ws, ref, "erasure", "erased", system="Backups", done=False)
    exception = R.record_action(ws, ref, "erasure", "exception", code="legal-claims")
    tell_everyone(ws, ref, "erasure")
    R.set_outcome(ws, ref, "erasure", "partly", "Kept for a claim", on=DONE)
    seq = len(C.audit_trail(ws, ref))
    with pytest.raises(InputError) as caught:
        C.record_event(ws, ref, "closed", DONE)
    message = str(caught.value)
    assert "'Backups' (checklist line 2) is still open" in message
    assert "'Legal claims' (checklist line 3) has no recorded reason" in message
    assert len(C.audit_trail(ws, ref)) == seq  # nothing was written
    assert C.get_case(ws, ref).status == CaseStatus.OPEN
    R.complete_action(ws, ref, backups.id, on=DONE)
    with pytest.raises(InputError, match="no recorded reason"):
        C.record_event(ws, ref, "closed", DONE)
    with pytest.raises(InputError, match="reason the exception applies"):
        R.complete_action(ws, ref, exception.id, on=DONE)
    R.complete_action(ws, ref, exception.id, reason="County court claim issued", on=DONE)
    with pytest.raises(InputError, match="already done"):
        R.complete_action(ws, ref, backups.id, on=DONE)
    assert C.record_event(ws, ref, "closed", DONE).status == CaseStatus.CLOSED
    actions = [e.action for e in C.audit_trail(ws, ref)]
    assert actions.count("right_action_completed") == 2 and "right_outcome_recorded" in actions


def test_a_refusal_letter_states_the_reasons_and_both_rights(ws):
    ref = new_case(ws, RequestType.RECTIFICATION)
    R.set_outcome(ws, ref, "rectification", "refused",
                  "The date of birth we hold matches your passport.", on=DONE)
    _info, docx = generate_letter(ws, ref, "rectification-outcome", "docx")
    text = "\n".join(docx_paragraphs(docx))
    assert "The date of birth we hold matches your passport." in text
    assert "right to complain to the Information Commissioner's Office" in text
    assert "right to seek a judicial remedy" in text
    # a refused right needs no recipients told: the case can close
    assert C.record_event(ws, ref, "closed", DONE).status == CaseStatus.CLOSED


def test_portability_export_holds_exactly_what_the_person_provided(ws, tmp_path):
    ref = new_case(ws, RequestType.ACCESS, RequestType.PORTABILITY)
    orders = tmp_path / "orders.csv"
    orders.write_bytes("order,item\r\n1,Café\r\n2,\"Tea, green\"\r\n".encode())
    prefs = tmp_path / "preferences.json"
    prefs.write_text(json.dumps({"newsletter": True, "name": "Łucja"}), encoding="utf-8")
    internal = tmp_path / "fraud-score.txt"
    internal.write_text("internal risk score 0.2", encoding="utf-8")
    docs = [C.attach_document(ws, ref, p) for p in (orders, prefs, internal)]
    export = R.build_portability_export(ws, ref, [docs[0].id, docs[1].id])
    json_bytes, csv_bytes = R.export_files(ws, ref, export.id)
    from sar_desk.store.keys import sha256_hex

    assert (sha256_hex(json_bytes), sha256_hex(csv_bytes)) == (export.json_sha256,
                                                               export.csv_sha256)
    data = json.loads(json_bytes)
    assert [f["filename"] for f in data["files"]] == ["orders.csv", "preferences.json"]
    assert [f["sha256"] for f in data["files"]] == [docs[0].sha256, docs[1].sha256]
    assert data["files"][0]["records"] == [{"order": "1", "item": "Café"},
                                           {"order": "2", "item": "Tea, green"}]
    assert data["files"][1]["data"] == {"newsletter": True, "name": "Łucja"}
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8"), newline="")))
    assert rows[1:] == [
        [str(docs[0].id), "orders.csv", "1", "order", "1"],
        [str(docs[0].id), "orders.csv", "1", "item", "Café"],
        [str(docs[0].id), "orders.csv", "2", "order", "2"],
        [str(docs[0].id), "orders.csv", "2", "item", "Tea, green"],
        [str(docs[1].id), "preferences.json", "1", "newsletter", "true"],
        [str(docs[1].id), "preferences.json", "1", "name", "Łucja"],
    ]
    assert b"fraud-score" not in json_bytes + csv_bytes
    written = R.write_export(ws, ref, export.id, tmp_path / "out")
    assert [p.read_bytes() for p in written] == [json_bytes, csv_bytes]
    trail = C.audit_trail(ws, ref)
    stored = [e for e in trail if e.action == "portability_export_stored"]
    assert stored[0].details["sha256"] == export.json_sha256
    assert C.check_case(ws, ref) == []


def test_export_refuses_unknown_documents_and_cases_without_portability(ws, tmp_path):
    ref = new_case(ws, RequestType.PORTABILITY)
    with pytest.raises(InputError, match="has no document 9"):
        R.build_portability_export(ws, ref, [9])
    with pytest.raises(InputError, match="Choose the documents"):
        R.build_portability_export(ws, ref, [])
    other = new_case(ws, RequestType.ACCESS, name="Ann Lee")
    with pytest.raises(InputError, match="does not ask for portability"):
        R.build_portability_export(ws, other, [1])


def test_rights_must_be_requested_and_can_be_added(ws):
    ref = new_case(ws, RequestType.ACCESS)
    with pytest.raises(InputError, match="does not ask for erasure"):
        R.record_action(ws, ref, "erasure", "erased", system="CRM")
    snap = R.add_right(ws, ref, "erasure")
    assert snap.request_types == (RequestType.ACCESS, RequestType.ERASURE)
    assert C.list_cases(ws)[0].request_types == (RequestType.ACCESS, RequestType.ERASURE)
    assert R.record_action(ws, ref, "erasure", "erased", system="CRM").done
    with pytest.raises(InputError, match="already asks"):
        R.add_right(ws, ref, "erasure")


def test_bad_checklist_input_is_named_and_changes_nothing(ws):
    ref = new_case(ws, RequestType.RECTIFICATION, RequestType.RESTRICTION, RequestType.OBJECTION)
    seq = len(C.audit_trail(ws, ref))
    with pytest.raises(InputError, match="what was changed"):
        R.record_action(ws, ref, "rectification", "corrected", system="CRM")
    with pytest.raises(InputError, match="lifts"):
        R.record_action(ws, ref, "restriction", "restricted", system="CRM", detail="frozen")
    with pytest.raises(InputError, match="absolute"):
        R.set_outcome(ws, ref, "objection", "refused", "we need the sales",
                      basis="direct-marketing")
    with pytest.raises(InputError, match="after today"):
        R.record_action(ws, ref, "rectification", "corrected", system="CRM", detail="x",
                        on=D(2026, 7, 1))
    with pytest.raises(InputError, match="how the recipient was told"):
        R.record_recipient_told(ws, ref, "rectification", "1")
    with pytest.raises(InputError, match="no recipient 9"):
        R.record_recipient_told(ws, ref, "rectification", "9", method="email")
    with pytest.raises(InputError, match="not of objection"):
        R.record_recipient_told(ws, ref, "objection", "1", method="email")
    assert len(C.audit_trail(ws, ref)) == seq


def test_withdrawn_request_closes_without_outcomes(ws):
    ref = new_case(ws, RequestType.ERASURE)
    C.record_event(ws, ref, "withdrawn", D(2026, 6, 5))
    assert C.record_event(ws, ref, "closed", D(2026, 6, 6)).status == CaseStatus.CLOSED


def test_recipient_notice_is_addressed_to_the_recipient_and_stored(ws):
    ref = new_case(ws, RequestType.ERASURE)
    with pytest.raises(InputError, match="nothing recorded as done"):
        generate_recipient_notice(ws, ref, "erasure", "2", "pdf")
    R.record_action(ws, ref, "erasure", "erased", system="Payroll export", on=DONE)
    info, data = generate_recipient_notice(ws, ref, "erasure", "2", "docx",
                                           address=("Harper LLP", "1 Law Street"))
    text = docx_paragraphs(data)
    assert text[text.index("our legal advisers") + 1] == "Harper LLP"
    assert "Erased from Payroll export" in text
    assert any("Article 19" in p for p in text)
    assert info.kind == "recipient-notice"
    assert C.get_case(ws, ref).letters[-1].sha256 == info.sha256


def test_verify_detects_an_altered_portability_export(ws, tmp_path):
    from tests.store.conftest import raw_case

    ref = new_case(ws, RequestType.PORTABILITY)
    given = tmp_path / "data.json"
    given.write_text('{"a": 1}', encoding="utf-8")
    export = R.build_portability_export(ws, ref, [C.attach_document(ws, ref, given).id])
    assert C.check_case(ws, ref) == []
    conn = raw_case(ws, ref)
    conn.execute("UPDATE portability_export SET csv_data = ? WHERE id = ?",
                 (b"document_id,filename\r\n", export.id))
    conn.close()
    problems = C.check_case(ws, ref)
    assert problems == [f"portability export (CSV) {export.id} was altered: its bytes no "
                        "longer match its sha256"]


def test_every_type_runs_on_the_same_clock(ws):
    refs = {t: new_case(ws, t, name=f"Person {t.value}") for t in RequestType}
    rows = {r.reference: r for r in C.list_cases(ws)}
    assert {rows[ref].due for ref in refs.values()} == {D(2026, 7, 1)}
    ref = refs[RequestType.OBJECTION]
    C.record_event(ws, ref, "extended", D(2026, 6, 10), "Several systems and a balancing test")
    assert C.list_cases(ws, search="objection")[0].extended_due == D(2026, 9, 1)
    C.record_event(ws, refs[RequestType.ERASURE], "id_requested", D(2026, 6, 2), "passport")
    assert C.list_cases(ws, search="erasure")[0].paused


def test_one_request_several_rights_each_with_its_own_outcome(ws):
    ref = new_case(ws, RequestType.ACCESS, RequestType.OBJECTION, RequestType.RESTRICTION)
    R.record_action(ws, ref, "objection", "balancing-test",
                    detail="Fraud checks outweigh the stated inconvenience", on=DONE)
    R.set_outcome(ws, ref, "objection", "refused", "Compelling grounds: fraud prevention",
                  basis="balancing", on=DONE)
    with pytest.raises(InputError, match="restriction: no outcome recorded"):
        C.record_event(ws, ref, "closed", DONE)
    R.set_outcome(ws, ref, "restriction", "refused", "The data was shown to be accurate",
                  on=DONE)
    C.add_search_log(ws, ref, "CRM", "Łucja Wójcik", on=DONE)  # the access checklist
    snap = C.record_event(ws, ref, "closed", DONE)
    assert [(o.right.value, o.result.value) for o in snap.rights.outcomes] == [
        ("objection", "refused"), ("restriction", "refused")]
