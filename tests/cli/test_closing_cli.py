"""``case event ... closed`` refuses an open checklist (exit 2, the line named, nothing
changed); ``--override`` records it with a reason shown by ``case show`` and the report;
``case responded`` records a response made outside the app."""

from __future__ import annotations

import json

from tests.cli.helpers import run
from tests.documents.helpers import pdf_pages, squash

REASON = "Requester confirmed by phone that nothing further is wanted"


def new_case(capsys, root):
    code, out, err = run(capsys, root, "case", "new", "--requester", "Oluwaseun Adébáyọ̀",
                         "--received", "2026-06-01")
    assert code == 0, err
    return out.strip()


def test_closing_with_an_open_checklist_line_exits_2_names_it_and_changes_nothing(capsys,
                                                                                   root):
    ref = new_case(capsys, root)
    _code, before, _err = run(capsys, root, "case", "show", ref, "--json")
    code, out, err = run(capsys, root, "case", "event", ref, "closed", "--date", "2026-06-29")
    assert code == 2 and "Traceback" not in err
    assert "access: no search is logged (search log)" in err
    assert "--override REASON" in err  # the command line's remedy
    _code, after, _err = run(capsys, root, "case", "show", ref, "--json")
    assert json.loads(after) == json.loads(before)
    code, _out, err = run(capsys, root, "case", "event", ref, "responded", "--date",
                          "2026-06-20")
    assert code == 2 and "no final response, refusal or outcome letter" in err
    assert f"sar-desk case responded {ref} --method" in err


def test_a_response_made_outside_the_app_then_a_complete_checklist_closes(capsys, root):
    ref = new_case(capsys, root)
    code, out, err = run(capsys, root, "case", "responded", ref, "--method", "by hand",
                         "--date", "2026-06-20", "--note", "collected at reception")
    assert code == 0, err
    assert "recorded the response made outside the app on 2026-06-20 (by hand)" in out
    assert run(capsys, root, "case", "search-log", ref, "--system", "CRM", "--terms",
               "Oluwaseun")[0] == 0
    code, out, err = run(capsys, root, "case", "event", ref, "closed", "--date", "2026-06-29")
    assert code == 0, err
    code, out, _err = run(capsys, root, "case", "show", ref)
    assert f"{ref}  (closed)" in out
    assert ("Response made outside the app on 2026-06-20 by by hand – collected at "
            "reception") in out
    assert "by override" not in out


def test_an_override_is_shown_by_case_show_and_counted_in_the_report(capsys, root, tmp_path):
    ref = new_case(capsys, root)
    code, out, err = run(capsys, root, "case", "event", ref, "closed", "--date", "2026-06-29",
                         "--override", REASON)
    assert code == 0, err
    code, out, _err = run(capsys, root, "case", "show", ref)
    assert "Closed by override (" in out and REASON in out
    code, out, _err = run(capsys, root, "case", "show", ref, "--json")
    shown = json.loads(out)
    assert [(o["kind"], o["reason"]) for o in shown["overrides"]] == [("closed", REASON)]
    assert "ending_overridden" in [a["action"] for a in shown["audit"]]
    pdf = tmp_path / "report.pdf"
    code, _out, err = run(capsys, root, "report", "--from", "2026-06", "--to", "2026-06",
                          "--out", str(pdf))
    assert code == 0, err
    text = squash(" ".join(pdf_pages(pdf.read_bytes())))
    assert squash("Closed by override 1") in text
