"""``case new --type``, the checklist in ``case show``, and ``sar-desk rights ...``."""

from __future__ import annotations

import json

import pytest

from sar_desk.cli import main
from tests.cli.helpers import run


def new_case(capsys, root, *types):
    flags = [x for t in types for x in ("--type", t)]
    code, out, err = run(capsys, root, "case", "new", "--requester", "Ελένη Жанна",
                         "--received", "2026-06-01", *flags)
    assert code == 0, err
    return out.strip()


def test_case_new_takes_several_types_and_show_lists_the_checklist(capsys, root):
    ref = new_case(capsys, root, "erasure", "access", "erasure")
    code, out, _ = run(capsys, root, "case", "show", ref, "--json")
    data = json.loads(out)
    assert data["request_types"] == ["erasure", "access"]
    labels = [(i["right"], i["state"], i["label"]) for i in data["checklist"]]
    assert ("erasure", "open", "Outcome not yet recorded") in labels
    assert run(capsys, root, "rights", "action", ref, "erasure", "erased", "--system",
               "Backups", "--open")[0] == 0
    code, out, _ = run(capsys, root, "case", "show", ref)
    checklist = out.split("Checklist:", 1)[1]
    assert "[ ] 1. Erased from Backups" in checklist
    assert "[ ] Outcome not yet recorded" in checklist
    assert "Erasure:" in checklist and "Access:" in checklist


def test_default_type_is_access_and_unknown_type_is_refused(capsys, root):
    ref = new_case(capsys, root)
    code, out, _ = run(capsys, root, "case", "show", ref, "--json")
    assert json.loads(out)["request_types"] == ["access"]
    with pytest.raises(SystemExit) as caught:
        main(["case", "new", "--requester", "A", "--received", "2026-06-01", "--type",
              "forgetting", "--workspace", root])
    assert caught.value.code == 2
    assert "invalid choice: 'forgetting'" in capsys.readouterr().err


def test_erasure_closes_only_when_the_checklist_is_complete(capsys, root):
    ref = new_case(capsys, root, "erasure")
    code, out, err = run(capsys, root, "rights", "action", ref, "erasure", "exception",
                         "--code", "legal-claims")
    assert code == 0 and "Checklist line 1 (done)" in out
    assert run(capsys, root, "rights", "action", ref, "erasure", "erased", "--system",
               "CRM")[0] == 0
    code, _out, err = run(capsys, root, "rights", "outcome", ref, "erasure", "partly")
    assert code == 2 and "Give the reasons" in err
    assert run(capsys, root, "rights", "outcome", ref, "erasure", "partly", "--reason",
               "Kept for a legal claim")[0] == 0
    code, _out, err = run(capsys, root, "case", "event", ref, "closed", "--date", "2026-06-29")
    assert code == 2 and "has no recorded reason" in err and "Traceback" not in err
    assert run(capsys, root, "rights", "done", ref, "1", "--reason", "Claim issued")[0] == 0
    code, out, _ = run(capsys, root, "rights", "recipients")
    count = len(out.splitlines())
    assert count >= 1 and out.startswith("1. ")
    for n in range(1, count + 1):
        assert run(capsys, root, "rights", "told", ref, "erasure", str(n), "--method",
                   "email")[0] == 0
    code, out, err = run(capsys, root, "case", "event", ref, "closed", "--date", "2026-06-29")
    assert code == 0, err
    code, out, _ = run(capsys, root, "rights", "checklist", ref, "--json")
    assert {i["state"] for i in json.loads(out)} == {"done"}


def test_portability_export_and_outcome_letter(capsys, root, tmp_path):
    ref = new_case(capsys, root, "portability")
    given = tmp_path / "profile.json"
    given.write_text('{"name": "Ελένη", "plan": "gold"}', encoding="utf-8")
    assert run(capsys, root, "case", "attach", ref, str(given))[0] == 0
    out_dir = tmp_path / "export"
    code, out, err = run(capsys, root, "rights", "export", ref, "--documents", "1", "--out",
                         str(out_dir))
    assert code == 0, err
    data = json.loads((out_dir / "portability-export-1.json").read_text(encoding="utf-8"))
    assert data["files"][0]["data"] == {"name": "Ελένη", "plan": "gold"}
    assert (out_dir / "portability-export-1.csv").read_text(encoding="utf-8").splitlines()[1:] \
        == ["1,profile.json,1,name,Ελένη", "1,profile.json,1,plan,gold"]
    assert run(capsys, root, "rights", "outcome", ref, "portability", "complied")[0] == 0
    letter = tmp_path / "outcome.docx"
    code, _out, err = run(capsys, root, "letter", ref, "portability-outcome", "--format",
                          "docx", "--out", str(letter))
    assert code == 0, err
    from tests.documents.helpers import docx_paragraphs

    assert "portability-export-1.csv" in docx_paragraphs(letter.read_bytes())
    code, _out, err = run(capsys, root, "rights", "export", ref)
    assert code == 2 and "--documents" in err


def test_notice_exceptions_and_bad_input(capsys, root, tmp_path):
    ref = new_case(capsys, root, "rectification")
    code, out, _ = run(capsys, root, "rights", "exceptions")
    assert [line.split()[0] for line in out.splitlines()] == [
        "expression", "legal-obligation", "public-health", "archiving-research", "legal-claims"]
    assert run(capsys, root, "rights", "action", ref, "rectification", "corrected", "--system",
               "CRM", "--detail", "surname spelling corrected")[0] == 0
    out_file = tmp_path / "notice.pdf"
    code, out, err = run(capsys, root, "rights", "notice", ref, "rectification", "2",
                         "--out", str(out_file), "--address", "Harper LLP\\n1 Law Street")
    assert code == 0, err
    assert out_file.read_bytes().startswith(b"%PDF")
    code, _out, err = run(capsys, root, "rights", "action", ref, "erasure", "erased",
                          "--system", "CRM")
    assert code == 2 and "does not ask for erasure" in err
    code, _out, err = run(capsys, root, "rights", "action", "SAR-2026-0099", "rectification",
                          "corrected", "--system", "CRM", "--detail", "x")
    assert code == 2 and "Traceback" not in err


def test_overdue_and_report_filter_and_break_down_by_type(capsys, root, tmp_path):
    for types in (("erasure",), ("access",), ("access", "erasure")):
        new_case(capsys, root, *types)
    code, out, err = run(capsys, root, "overdue", "--as-of", "2026-07-10", "--json")
    assert code == 0, err
    data = json.loads(out)
    by_type = {r["request_type"]: r for r in data["by_type"]}
    assert (by_type["erasure"]["open"], by_type["erasure"]["overdue"]) == (2, 2)
    assert (by_type["access"]["open"], by_type["access"]["overdue"]) == (2, 2)
    code, out, _ = run(capsys, root, "overdue", "--as-of", "2026-07-10", "--type", "erasure",
                       "--json")
    assert [r["reference"] for r in json.loads(out)["overdue"]] == ["SAR-2026-0001",
                                                                  "SAR-2026-0003"]
    code, out, _ = run(capsys, root, "overdue", "--as-of", "2026-07-10")
    assert "By request type: access 2 open (2 overdue), erasure 2 open (2 overdue)" in out
    target = tmp_path / "report.xlsx"
    code, _out, err = run(capsys, root, "report", "--from", "2026-06", "--to", "2026-06",
                          "--out", str(target), "--type", "erasure")
    assert code == 0, err
    from openpyxl import load_workbook

    book = load_workbook(target)
    rows = [[c.value for c in row] for row in book["Months by type"].iter_rows()]
    assert ["2026-06", "Erasure", 2] == rows[1 + 2][:3]  # access, rectification, erasure
    assert ["2026-06", "Access", 1] == rows[1][:3]  # the filter kept only erasure requests
