"""Fees, payment details, sequencing and disclosure through the command line: a letter the
case or the profile is not ready for exits 2 naming the reason; nothing is stored."""

from __future__ import annotations

import io

from tests.cli.helpers import run
from tests.documents.helpers import docx_paragraphs


def _ref(root):
    from sar_desk.services import cases as C
    from sar_desk.services.workspace import open_workspace

    with open_workspace(root) as ws:
        return C.list_cases(ws)[0].reference


def _letter(capsys, root, tmp_path, ref, kind, fmt="docx"):
    out = tmp_path / f"{kind}.{fmt}"
    code, _out, err = run(capsys, root, "letter", ref, kind, "--format", fmt, "--out", str(out))
    return code, err, (out.read_bytes() if out.exists() else b"")


def _stored(root, ref):
    from sar_desk.services import cases as C
    from sar_desk.services.workspace import open_workspace

    with open_workspace(root) as ws:
        return [x.kind for x in C.get_case(ws, ref).letters]


def _fee(capsys, root, ref, *more):
    code, _out, err = run(capsys, root, "case", "decision", ref, "fee", "--ground",
                          "further_copies", "--reason", "Internal: third copy, see call log",
                          "--amount", "12.50", "--working", "Printing and postage.", *more)
    assert code == 0, err


def test_fee_letter_waits_for_confirmed_payment_details(root, capsys, tmp_path):
    ref = _ref_of_new(root, capsys)
    _fee(capsys, root, ref)
    code, err, _data = _letter(capsys, root, tmp_path, ref, "fee-request")
    assert code == 2
    assert "payment details" in err and "not confirmed" in err and "fees.sort_code" in err
    assert "Traceback" not in err
    assert _stored(root, ref) == []
    code, out, err = run(capsys, root, "profile", "check")
    assert code == 0 and "fees.sort_code" in out and "not confirmed" in out
    code, out, err = run(capsys, root, "profile", "confirm", "fees")
    assert code == 0, err
    assert "fees.sort_code" not in out
    code, err, data = _letter(capsys, root, tmp_path, ref, "fee-request")
    assert code == 0, err
    text = "\n".join(docx_paragraphs(data))
    assert "Article 15(3) of the UK GDPR" in text and "Article 12(5)" not in text
    assert "The fee is £12.50." in text
    assert "Sort code: 20-00-00" in text and f"Reference: {ref}" in text
    assert "further copies" in text  # what the fee covers
    assert "Internal: third copy" not in text
    # the acknowledgement reflects the fee decision
    code, err, data = _letter(capsys, root, tmp_path, ref, "acknowledgement")
    ack = "\n".join(docx_paragraphs(data))
    assert code == 0, err
    assert "no charge" not in ack and "fee of £12.50" in ack


def test_missing_payment_details_are_named(root, capsys, tmp_path):
    from sar_desk.services.settings import profile_path, read_profile_text

    ref = _ref_of_new(root, capsys)
    _fee(capsys, root, ref)
    text = read_profile_text(None).replace('sort_code = "20-00-00"\n', "")
    profile_path(root).write_text(text.replace("CONFIRM the payment", "Check the payment"),
                                  encoding="utf-8")
    code, err, _data = _letter(capsys, root, tmp_path, ref, "fee-request")
    assert code == 2
    assert "no payment details" in err and "fees.sort_code" in err


def test_unfounded_fee_cites_article_12_5_a_and_needs_wording(root, capsys, tmp_path):
    ref = _ref_of_new(root, capsys)
    run(capsys, root, "profile", "confirm", "fees")
    code, _out, err = run(capsys, root, "case", "decision", ref, "fee", "--ground", "excessive",
                          "--reason", "Internal only", "--amount", "30")
    assert code == 0, err
    code, err, _data = _letter(capsys, root, tmp_path, ref, "fee-request")
    assert code == 2 and "no wording for the requester" in err
    code, _out, err = run(capsys, root, "case", "decision", ref, "fee", "--ground", "excessive",
                          "--reason", "Internal only", "--amount", "30", "--wording",
                          "You asked for the same records four times this month.")
    assert code == 0, err
    code, err, data = _letter(capsys, root, tmp_path, ref, "fee-request")
    assert code == 0, err
    text = "\n".join(docx_paragraphs(data))
    assert "Article 12(5)(a) of the UK GDPR" in text
    assert "You asked for the same records four times this month." in text
    assert "Internal only" not in text


def test_clarification_letter_follows_the_clarification(root, capsys, tmp_path):
    ref = _ref_of_new(root, capsys)
    code, err, _data = _letter(capsys, root, tmp_path, ref, "clarification-request")
    assert code == 2 and "no open clarification" in err
    code, _out, err = run(capsys, root, "case", "event", ref, "clarification_requested",
                          "--date", "2026-06-22", "--note", "HR email is huge; asked K.",
                          "--wording", "Which years does your request cover?")
    assert code == 0, err
    code, err, data = _letter(capsys, root, tmp_path, ref, "clarification-request")
    assert code == 0, err
    text = "\n".join(docx_paragraphs(data))
    assert "Which years does your request cover?" in text and "asked K." not in text
    run(capsys, root, "case", "event", ref, "clarification_received", "--date", "2026-06-25",
        "--note", "2019 to 2021")
    code, err, _data = _letter(capsys, root, tmp_path, ref, "clarification-request")
    assert code == 2 and "has already arrived" in err


def test_withdrawal_confirmation_needs_the_withdrawal(root, capsys, tmp_path):
    ref = _ref_of_new(root, capsys)
    code, err, _data = _letter(capsys, root, tmp_path, ref, "withdrawal-confirmation", "pdf")
    assert code == 2 and "not recorded as withdrawn" in err
    run(capsys, root, "case", "event", ref, "withdrawn", "--date", "2026-06-24")
    code, err, _data = _letter(capsys, root, tmp_path, ref, "withdrawal-confirmation", "pdf")
    assert code == 0, err
    code, err, _data = _letter(capsys, root, tmp_path, ref, "acknowledgement", "pdf")
    assert code == 2 and "withdrawn" in err


def test_disclosure_by_number_and_the_final_response_schedule(root, capsys, tmp_path):
    from pypdf import PdfReader

    ref = _ref_of_new(root, capsys)
    files = []
    for name in ("emails.txt", "advice.txt", "hr-file.txt"):
        path = tmp_path / name
        path.write_text(name, encoding="utf-8")
        files.append(str(path))
    assert run(capsys, root, "case", "attach", ref, *files)[0] == 0
    code, err, _data = _letter(capsys, root, tmp_path, ref, "final-response")
    assert code == 2 and "document 1 (emails.txt)" in err and "document 3 (hr-file.txt)" in err
    code, out, err = run(capsys, root, "case", "show", ref)
    assert "  #1 emails.txt" in out and "  #3 hr-file.txt" in out
    assert run(capsys, root, "case", "disclosure", ref, "1", "--status", "disclose")[0] == 0
    code, _out, err = run(capsys, root, "case", "disclosure", ref, "2", "--status", "withhold")
    assert code == 2 and "Name the exemption" in err
    code, out, err = run(capsys, root, "case", "disclosure", ref, "2", "--status", "withhold",
                         "--exemption", "legal-privilege", "--reason", "Counsel's advice")
    assert code == 0 and "document 2 (advice.txt) is withheld" in out
    code, err, _data = _letter(capsys, root, tmp_path, ref, "final-response")
    assert code == 2 and "document 3 (hr-file.txt)" in err and "emails" not in err
    assert run(capsys, root, "case", "disclosure", ref, "3", "--status", "partly",
               "--exemption", "third-party")[0] == 0
    code, _out, err = run(capsys, root, "case", "disclosure", ref, "4", "--status", "disclose")
    assert code == 2 and "numbered 1, 2, 3" in err
    code, err, data = _letter(capsys, root, tmp_path, ref, "final-response", "pdf")
    assert code == 0, err
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "legal professional privilege, DPA 2018 Sch. 2 para 19" in " ".join(text.split())
    assert "Counsel" not in text


def _ref_of_new(root, capsys):
    code, _out, err = run(capsys, root, "case", "new", "--requester", "Ann Lee", "--email",
                          "ann@example.org", "--address", "1 Mill Lane\nWarwick\nCV34 4AB",
                          "--received", "2026-06-20")
    assert code == 0, err
    return _ref(root)
