"""Search inside cases: every source of text, every script, where each match is, the index
kept in step with changes and rebuilt by reindex, and a purged case gone from it."""

from __future__ import annotations

import datetime as dt

import pymupdf
import pytest

from sar_desk.core.entities import Person
from sar_desk.services import case_search, corrections, retention, workspace
from sar_desk.services import cases as C
from sar_desk.store import case_text

D = dt.date


def _pdf(path, pages):
    doc = pymupdf.open()
    for text in pages:
        doc.new_page().insert_text((72, 72), text)
    doc.save(path)
    doc.close()
    return path


def _docx(path, text):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


@pytest.fixture
def case(ws):
    return C.create_case(ws, C.NewCase(
        requester=Person("Anna Kowalska", "anna@example.org"), received=D(2026, 6, 1),
        request_text="Please send everything about the parking permit zanzibar-91.")).reference


def _noted(ws, ref):
    """The place a result names for the case's latest note ("note of <the day it was added>")."""
    at = C.get_case(ws, ref).notes[-1].recorded_at
    return f"note of {at.day} {at:%B %Y}"


def _where(ws, text):
    return {(h.reference, h.where) for h in case_search.search_cases(ws, text)}


def test_request_text_names_and_reference_are_found_with_where(ws, case):
    hits = case_search.search_cases(ws, "ZANZIBAR")
    assert [(h.reference, h.where) for h in hits] == [(case, "request text")]
    assert "[zanzibar]" in hits[0].snippet and "parking permit" in hits[0].snippet
    assert hits[0].requester_name == "Anna Kowalska"
    assert (case, "requester") in _where(ws, "kowalska")
    assert (case, "reference") in _where(ws, case.lower())


def test_note_search_log_and_event_note_each_say_where(ws, case):
    C.add_note(ws, case, "Called the requester about the quokka invoices")
    C.add_search_log(ws, case, "HR system", "payroll marmoset", "Jan Nowak", on=D(2026, 6, 5))
    C.record_event(ws, case, "clarification_requested", D(2026, 6, 6),
                   note="asked which capybara depot")
    assert _where(ws, "quokka") == {(case, _noted(ws, case))}
    assert _where(ws, "marmoset") == {(case, "search log (HR system, 5 June 2026)")}
    assert _where(ws, "capybara") == {
        (case, "note on the clarification requested event of 6 June 2026")}


def test_documents_pdf_pages_docx_text_and_email_bodies(ws, case, tmp_path):
    C.attach_document(ws, case, _pdf(tmp_path / "letter.pdf", ["first page", "walrus on two"]))
    C.attach_document(ws, case, _docx(tmp_path / "memo.docx", "the pangolin memo"))
    (tmp_path / "log.txt").write_text("plain narwhal text", encoding="utf-8")
    C.attach_document(ws, case, tmp_path / "log.txt")
    (tmp_path / "reply.eml").write_bytes(
        b"From: Bob <bob@example.org>\r\nSubject: re: data\r\nDate: Mon, 1 Jun 2026 10:00:00"
        b" +0100\r\n\r\nThe axolotl records are attached.\r\n")
    C.attach_document(ws, case, tmp_path / "reply.eml")
    assert _where(ws, "walrus") == {(case, "document 1 'letter.pdf' page 2")}
    assert _where(ws, "pangolin") == {(case, "document 2 'memo.docx'")}
    assert _where(ws, "narwhal") == {(case, "document 3 'log.txt'")}
    assert _where(ws, "axolotl") == {(case, "e-mail 4 'reply.eml'")}


def test_original_email_of_an_intake_case_is_searchable(ws, tmp_path):
    from sar_desk.services.intake import read_email, to_new_case

    (tmp_path / "in.eml").write_bytes(
        b"From: Eve <eve@example.org>\r\nSubject: SAR\r\nDate: Mon, 1 Jun 2026 10:00:00 +0100"
        b"\r\n\r\nMy customer number is okapi-5521.\r\n")
    ref = C.create_case(ws, to_new_case(read_email(tmp_path / "in.eml"),
                                        today=D(2026, 6, 30))).reference
    # the message is kept as the case's first document, and found there (once)
    assert {(ref, "request text"), (ref, "e-mail 1 'in.eml'")} == _where(ws, "okapi 5521")


@pytest.mark.parametrize("name, query", [
    ("Łukasz Łódź", "lodz"), ("Łukasz Łódź", "ŁÓDŹ"), ("王芳", "王芳"), ("王芳", "芳"),
    ("عائشة الحربي", "عائشة"), ("Ελένη Παπαδοπούλου", "ελενη"), ("ＡＢＣ Corp", "abc"),
])
def test_names_in_any_script_are_found(ws, name, query):
    ref = C.create_case(ws, C.NewCase(requester=Person(name, ""), received=D(2026, 6, 1),
                                      request_text=f"Letter from {name} asking for data")
                        ).reference
    assert {(ref, "requester"), (ref, "request text")} <= _where(ws, query)


def test_cjk_text_without_spaces_matches_inside_a_run(ws, case):
    C.add_note(ws, case, "申请人要求提供所有人事档案记录")
    assert _where(ws, "人事档案") == {(case, _noted(ws, case))}


def test_every_word_must_be_in_the_same_piece(ws, case):
    assert _where(ws, "parking zanzibar") == {(case, "request text")}
    assert _where(ws, "parking kowalska") == set()


def test_kept_in_step_when_an_event_is_voided_and_a_document_removed(ws, case, tmp_path):
    C.record_event(ws, case, "clarification_requested", D(2026, 6, 6), note="tapir question")
    (tmp_path / "scan.txt").write_text("the okapi scan", encoding="utf-8")
    C.attach_document(ws, case, tmp_path / "scan.txt")
    assert _where(ws, "tapir") and _where(ws, "okapi")
    event_no = len(C.get_case(ws, case).timeline)
    corrections.void_event(ws, case, event_no, "recorded on the wrong case")
    corrections.remove_document(ws, case, 1, "attached by mistake")
    assert _where(ws, "tapir") == set()
    assert _where(ws, "okapi") == set()
    assert _where(ws, "zanzibar") == {(case, "request text")}


def test_request_text_correction_is_kept_in_step(ws, case):
    corrections.edit_case(ws, case, {"request_text": "Only the CCTV of the gecko car park"},
                          "typed from the wrong letter")
    assert _where(ws, "zanzibar") == set()
    assert _where(ws, "gecko") == {(case, "request text")}


def test_reindex_rebuilds_the_index_from_the_case_files(ws, case):
    C.add_note(ws, case, "the ibis note")
    with ws.registry.writing() as conn:
        case_text.clear(conn)
    assert _where(ws, "ibis") == set()
    workspace.reindex(ws)
    assert _where(ws, "ibis") == {(case, _noted(ws, case))}


def test_an_upgraded_registry_is_indexed_by_the_first_search(ws, case):
    C.add_note(ws, case, "the heron note")
    with ws.registry.writing() as conn:
        case_text.clear(conn)
    ws.registry.set_meta_value(case_text.UNINDEXED, "1")
    assert _where(ws, "heron") == {(case, _noted(ws, case))}
    assert ws.registry.meta_value(case_text.UNINDEXED) == ""


def test_purge_removes_the_index_rows(ws, tmp_path):
    ref = C.create_case(ws, C.NewCase(requester=Person("Olga Wombat", ""),
                                      received=D(2019, 1, 10))).reference
    C.add_note(ws, ref, "secret ocelot remark")
    (tmp_path / "x.txt").write_text("ocelot payroll", encoding="utf-8")
    C.attach_document(ws, ref, tmp_path / "x.txt")
    C.record_event(ws, ref, "responded", D(2019, 2, 5), override="ended for this test")
    C.record_event(ws, ref, "closed", D(2019, 2, 5), override="ended for this test")
    assert len(case_search.search_cases(ws, "ocelot")) == 2
    assert case_text.count_rows(ws.registry, ref) > 0
    retention.purge(ws, as_of=D(2026, 6, 30), references=[ref], confirm=1)
    assert case_search.search_cases(ws, "ocelot") == []
    assert case_search.search_cases(ws, "wombat") == []
    assert case_text.count_rows(ws.registry, ref) == 0
    with ws.registry.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM case_text").all()
        fts = conn.exec_driver_sql("SELECT * FROM case_text_fts").all()
    assert "ocelot" not in repr(rows + fts) and "wombat" not in repr(rows + fts)


def test_a_search_of_too_many_words_is_refused_by_name(ws, case):
    from sar_desk.errors import InputError

    with pytest.raises(InputError, match="up to 16 different words") as err:
        case_search.search_cases(ws, " ".join(f"w{i}" for i in range(17)))
    assert err.value.code == "search.too_many_words"
    assert _where(ws, " ".join(["zanzibar"] * 40)) == {(case, "request text")}


@pytest.mark.parametrize("text, searched", [
    ("ab", False), ("abc", True), ("王芳", True), ("芳", False), (" a b ", False)])
def test_typing_searches_inside_once_the_text_is_long_enough(text, searched):
    from sar_desk.core.text_search import long_enough

    assert long_enough(text) is searched


def test_a_document_too_large_to_read_is_found_by_its_name_only(ws, case, tmp_path,
                                                                 monkeypatch):
    from sar_desk.documents import text_extract

    monkeypatch.setattr(text_extract, "MAX_BYTES", 10)
    (tmp_path / "minutes.txt").write_text("the kestrel minutes are long", encoding="utf-8")
    C.attach_document(ws, case, tmp_path / "minutes.txt")
    assert _where(ws, "kestrel") == set()
    assert _where(ws, "minutes.txt") == {(case, "document 1 'minutes.txt'")}


def test_a_change_rewrites_only_the_pieces_whose_words_changed(ws, case):
    C.add_note(ws, case, "first note")

    def ids():
        return dict(ws.registry.query("SELECT source, id FROM case_text WHERE reference = ?",
                                      (case,)))

    before = ids()
    C.add_note(ws, case, "second note")
    after = ids()
    assert {s: after[s] for s in before} == before and set(after) - set(before) == {"note:2"}
