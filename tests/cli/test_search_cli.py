"""``sar-desk search``: matches inside cases with where they are, as text and as JSON."""

from __future__ import annotations

import datetime as dt
import json

from sar_desk.cli import main
from sar_desk.core.entities import Person


def _case(root):
    from sar_desk.services import cases as C
    from sar_desk.services.workspace import open_workspace

    with open_workspace(root) as ws:
        ref = C.create_case(ws, C.NewCase(requester=Person("Ελένη Παπαδοπούλου", ""),
                                          received=dt.date(2026, 6, 1),
                                          request_text="All CCTV of the lobby")).reference
        C.add_note(ws, ref, "She rang about the lobby camera footage")
    return ref


def test_search_prints_where_and_snippet(root, capsys):
    ref = _case(root)
    assert main(["search", "LOBBY", "camera", "--workspace", root]) == 0
    out = capsys.readouterr().out
    assert ref in out and "Ελένη Παπαδοπούλου" in out and "(note of " in out
    assert "[lobby]" in out
    assert main(["search", "ελενη", "--workspace", root, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["reference"], d["where"]) for d in data] == [(ref, "requester")]


def test_search_with_no_match_says_so(root, capsys):
    _case(root)
    assert main(["search", "zeppelin", "--workspace", root]) == 0
    assert capsys.readouterr().out.strip() == "No case says that."


def test_a_note_made_while_today_is_pinned_is_found_under_the_pinned_day(root, capsys):
    # root pins SAR_DESK_TODAY to 30 June 2026, whatever the computer's date
    assert main(["case", "new", "--requester", "Ida Holm", "--received", "2026-06-01",
                 "--workspace", root]) == 0
    assert main(["case", "note", "SAR-2026-0001", "The walrus tapes were found",
                 "--workspace", root]) == 0
    capsys.readouterr()
    assert main(["search", "walrus", "--workspace", root, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [d["where"] for d in found] == ["note of 30 June 2026"]
