"""Intake from a saved email: requester, received date and request text come from the message."""

from __future__ import annotations

import datetime as dt
import pathlib
import time

import pytest

from sar_desk.core.entities import Channel
from sar_desk.errors import InputError
from sar_desk.services import intake
from tests.msg_writer import make_msg

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def london_time(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_eml_gives_requester_date_and_text(london_time):
    draft = intake.read_email(DATA / "sar_request.eml")
    assert draft.requester.name == "Łukasz Żółkiewski"
    assert draft.requester.email == "lukasz.z@example.org"
    assert draft.received == dt.date(2026, 3, 2)
    assert draft.subject_line == "Subject access request – my records"
    assert "including emails and CCTV from January 2026." in draft.request_text
    assert draft.raw == (DATA / "sar_request.eml").read_bytes()
    assert draft.filename == "sar_request.eml"


def test_html_only_eml_gives_readable_text_and_local_received_day(london_time):
    draft = intake.read_email(DATA / "sar_request_html.eml")
    assert draft.requester.name == "王芳"
    # 23:30 in California on 28 Feb is 07:30 on 1 March in London.
    assert draft.received == dt.date(2026, 3, 1)
    assert "Please send me all my data & the recipients." in draft.request_text
    assert "color:red" not in draft.request_text and "<b>" not in draft.request_text


def test_outlook_msg_gives_requester_date_and_text(london_time):
    draft = intake.read_email(DATA / "sar_request.msg")
    assert draft.requester.name == "Ελένη Παπαδοπούλου"
    assert draft.requester.email == "eleni@example.gr"
    assert draft.received == dt.date(2026, 3, 3)
    assert draft.subject_line == "Subject access request"
    assert "including my HR file." in draft.request_text
    assert draft.raw[:4] == b"\xd0\xcf\x11\xe0"


def test_large_msg_body_is_read_whole(tmp_path, london_time):
    body = "Dear DPO,\r\n" + "line of text\r\n" * 600 + "Regards, Ada"
    path = tmp_path / "long.msg"
    path.write_bytes(
        make_msg(
            sender_name="Ada",
            sender_email="ada@example.com",
            subject="SAR",
            body=body,
            sent=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
        )
    )
    draft = intake.read_email(path)
    assert (
        draft.request_text.endswith("Regards, Ada")
        and draft.request_text.count("line of text") == 600
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.eml", b"", "is empty"),
        ("junk.eml", (DATA / "not_an_email.eml").read_bytes(), "not an email message"),
        ("letter.eml", b"Dear Sir,\nplease send my data.\n", "not an email message"),
        ("fake.msg", b"From: someone\n\nhello", "not an Outlook message"),
        (
            "broken.msg",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "not a readable Outlook message",
        ),
    ],
)
def test_bad_files_give_clear_errors(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        intake.read_email(path)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        intake.read_email(tmp_path / "nowhere.eml")


def test_message_without_sender_or_date_leaves_them_for_the_officer(tmp_path):
    path = tmp_path / "bare.eml"
    path.write_bytes(b"Subject: hello\n\nPlease send my data.\n")
    draft = intake.read_email(path)
    assert draft.requester.name == "" and draft.requester.email == ""
    assert draft.received is None  # never today by default
    assert draft.request_text == "Please send my data."


def test_no_date_header_is_refused_by_name_until_a_day_is_given(tmp_path):
    path = tmp_path / "bare.eml"
    path.write_bytes(b"From: a@example.org\nSubject: hello\n\nPlease send my data.\n")
    with pytest.raises(intake.ReceivedDateNeeded, match="bare.eml has no Date header") as err:
        intake.draft_from_email(path, today=TODAY)
    assert err.value.code == "intake.no_date"
    new = intake.draft_from_email(path, today=TODAY, received=dt.date(2026, 3, 10))
    assert new.received == dt.date(2026, 3, 10)


def _dated(tmp_path, date_header):
    path = tmp_path / "old.eml"
    path.write_bytes(b"From: Ann Lee <a@example.org>\nDate: " + date_header
                     + b"\nSubject: hi\n\nPlease send my data.\n")
    return path


def test_a_date_more_than_a_year_old_needs_confirmation(tmp_path):
    today = dt.date(2026, 6, 30)
    path = _dated(tmp_path, b"Mon, 29 Jun 2025 12:00:00 +0000")
    with pytest.raises(intake.OldDateUnconfirmed, match="29 June 2025, more than a year ago"):
        intake.draft_from_email(path, today=today)
    assert intake.draft_from_email(path, today=today, confirm_old=True).received == \
        dt.date(2025, 6, 29)
    # the officer's own day needs no confirmation
    assert intake.draft_from_email(path, today=today, received=dt.date(2026, 6, 1)).received \
        == dt.date(2026, 6, 1)


def test_a_date_exactly_a_year_old_is_taken():
    from sar_desk.core.intake_rules import is_old, old_date_reason

    today = dt.date(2026, 6, 30)
    assert not is_old(dt.date(2025, 6, 30), today)
    assert is_old(dt.date(2025, 6, 29), today)
    assert old_date_reason(dt.date(2025, 6, 29), today, True, "x.eml") is None


def test_cli_refuses_an_undated_message_naming_the_option(tmp_path, capsys, monkeypatch):
    from sar_desk.cli import main
    from sar_desk.services.workspace import init_workspace

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    init_workspace(tmp_path / "ws")[0].close()
    path = _dated(tmp_path, b"Mon, 1 Jun 2020 12:00:00 +0000")
    args = ["case", "new", "--workspace", str(tmp_path / "ws"), "--from-email", str(path),
            "--yes"]
    assert main(args) == 2
    assert "--confirm-old-date" in capsys.readouterr().err
    assert main([*args, "--confirm-old-date"]) == 0


def test_draft_from_email_is_a_new_case_keeping_the_message(london_time):
    new = intake.draft_from_email(DATA / "sar_request.eml", jurisdiction="uk-sct",
                                  today=TODAY)
    assert new.requester.name == "Łukasz Żółkiewski"
    assert new.received == dt.date(2026, 3, 2)
    assert new.channel == Channel.EMAIL and new.jurisdiction == "uk-sct"
    assert new.source_message == (DATA / "sar_request.eml").read_bytes()
    assert new.source_filename == "sar_request.eml"
    assert new.request_text.startswith("Subject: Subject access request – my records")


def test_cli_case_new_from_email_needs_confirmation_then_keeps_the_message(
    tmp_path, capsys, monkeypatch, london_time
):
    import hashlib

    from sar_desk.cli import main
    from sar_desk.services.cases import audit_trail, get_case, list_cases
    from sar_desk.services.workspace import init_workspace, open_workspace

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-03-16")
    root = tmp_path / "ws"
    init_workspace(root)[0].close()
    eml = DATA / "sar_request.eml"
    args = ["case", "new", "--workspace", str(root), "--from-email", str(eml)]
    assert main(args) == 2  # not a terminal: shows the draft, asks for --yes
    err = capsys.readouterr().err
    assert "Requester: Łukasz Żółkiewski <lukasz.z@example.org>" in err and "--yes" in err
    with open_workspace(root) as ws:
        assert list_cases(ws, status="all") == []
    assert main([*args, "--yes", "--jurisdiction", "uk-sct"]) == 0
    ref = capsys.readouterr().out.strip()
    with open_workspace(root) as ws:
        case = get_case(ws, ref)
        assert (case.requester.name, case.received, case.jurisdiction) == (
            "Łukasz Żółkiewski",
            dt.date(2026, 3, 2),
            "uk-sct",
        )
        created = audit_trail(ws, ref)[0]
    assert created.details["source_sha256"] == hashlib.sha256(eml.read_bytes()).hexdigest()


def test_cli_case_new_without_requester_or_email_names_the_options(tmp_path, capsys):
    from sar_desk.cli import main
    from sar_desk.services.workspace import init_workspace

    root = tmp_path / "ws"
    init_workspace(root)[0].close()
    assert main(["case", "new", "--workspace", str(root), "--received", "2026-01-05"]) == 2
    assert "--requester NAME" in capsys.readouterr().err


def test_a_case_started_from_an_email_keeps_the_message_and_its_attachments_as_documents(
        ws, monkeypatch):
    from sar_desk.core.entities import RenditionState
    from sar_desk.services import cases
    from sar_desk.services.renditions import rendition_pdf

    monkeypatch.setenv("SAR_DESK_SOFFICE", "none")
    mail = DATA / "mail" / "with-attachments.eml"
    new = intake.draft_from_email(mail, today=dt.date(2026, 6, 30), received=dt.date(2025, 3, 3))
    snap = cases.create_case(ws, new)
    docs = {d.filename: d for d in snap.documents}
    assert list(docs) == ["with-attachments.eml", "meeting notes.txt", "staff.csv", "scan.tif"]
    message = docs["with-attachments.eml"]
    assert message.rendition is RenditionState.CONVERTED and message.parent_id is None
    assert {d.parent_id for d in snap.documents[1:]} == {message.id}
    assert b"MARKER-NOTES-TXT" in cases.get_document_bytes(ws, snap.reference,
                                                           docs["meeting notes.txt"].id)
    assert rendition_pdf(ws, snap.reference, message.id).startswith(b"%PDF")
    assert cases.check_case(ws, snap.reference) == []
