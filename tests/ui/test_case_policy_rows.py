"""A case's own deadline policy reaches every view: an EU case created while the profile
turns clarification pauses on has the same due date in ``case show``, ``overdue``, the
dashboard and the case list, and a registry row without its policy gets it back from
``reindex``."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sar_desk.cli import main
from sar_desk.core.case_state import evaluate
from sar_desk.services.dashboard import dashboard_loader, load_dashboard, registry_rows
from sar_desk.services.settings import profile_path, read_profile_text, save_profile_text
from sar_desk.services.workspace import open_workspace
from sar_desk.ui.models.case_table_model import CaseTableModel

TODAY = dt.date(2025, 10, 20)
PAUSED_DUE = "2025-10-09"  # received 3 Sept, clarification 5-10 Sept counted (policy on)
PLAIN_DUE = "2025-10-06"  # the same timeline under EU GDPR's default: no stop-the-clock


def run(capsys, *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


@pytest.fixture
def root(tmp_path, capsys, monkeypatch):
    """A workspace with two eu-de cases and the same clarification pause: SAR-2025-0001
    made under the default profile, SAR-2025-0002 after the profile turned pauses on."""
    monkeypatch.setenv("SAR_DESK_TODAY", TODAY.isoformat())
    path = str(tmp_path / "ws")
    run(capsys, "init", "--workspace", path)
    new = ("case", "new", "--workspace", path, "--requester", "Zofia Wiśniewska",
           "--received", "2025-09-03", "--jurisdiction", "eu-de")
    run(capsys, *new)
    profile = profile_path(path)
    save_profile_text(read_profile_text(profile) + "\n[deadline]\neu_clarification_pause = true\n",
                      profile)
    run(capsys, *new)
    for ref in ("SAR-2025-0001", "SAR-2025-0002"):
        run(capsys, "case", "event", ref, "clarification_requested", "--date", "2025-09-05",
            "--note", "which years?", "--workspace", path)
        run(capsys, "case", "event", ref, "clarification_received", "--date", "2025-09-10",
            "--workspace", path)
    return path


def dues_everywhere(root: str, capsys, qtbot) -> dict[str, dict[str, str]]:
    """{view: {reference: due date}} as each view shows it on TODAY."""
    views: dict[str, dict[str, str]] = {"show": {}}
    for ref in ("SAR-2025-0001", "SAR-2025-0002"):
        shown = json.loads(run(capsys, "case", "show", ref, "--workspace", root, "--json"))
        views["show"][ref] = shown["deadline"]["due"]
    overdue = json.loads(run(capsys, "overdue", "--workspace", root, "--json"))
    views["overdue"] = {r["reference"]: r["due"] for r in overdue["overdue"]}
    listed = json.loads(run(capsys, "case", "list", "--workspace", root, "--json"))
    views["case list --json"] = {r["reference"]: r["extended_due"] or r["due"] for r in listed}
    with open_workspace(root) as ws:
        data = load_dashboard(ws, TODAY)
        views["dashboard"] = {r.reference: r.due.isoformat() for r in data.overdue}
        loaded = dashboard_loader(ws)(TODAY)
        views["dashboard view"] = {r.reference: r.due.isoformat() for r in loaded.overdue}
        rows = registry_rows(ws)
        views["case state"] = {r.reference: evaluate(r, TODAY).due.isoformat() for r in rows}
    model = CaseTableModel()
    model.set_rows(rows, TODAY)
    views["case list"] = {r.reference: i.effective_due.isoformat()
                          for r, i in zip(model.rows, model.info, strict=True)}
    return views


def test_every_view_shows_the_due_date_of_the_case_policy(root, capsys, qtbot):
    want = {"SAR-2025-0001": PLAIN_DUE, "SAR-2025-0002": PAUSED_DUE}
    for view, dues in dues_everywhere(root, capsys, qtbot).items():
        assert dues == want, view
    overdue = json.loads(run(capsys, "overdue", "--workspace", root, "--json"))
    days = {r["reference"]: r["days_overdue"] for r in overdue["overdue"]}
    assert days == {"SAR-2025-0001": 14, "SAR-2025-0002": 11}


def test_a_row_without_its_policy_falls_back_to_the_default_until_reindexed(
        root, capsys, qtbot):
    """As after the registry upgrade that added the column: the row has no policy, so the
    registry views use the defaults; reindex reads each case file's policy back in."""
    with open_workspace(root) as ws:
        with ws.registry.writing() as conn:
            conn.exec_driver_sql("UPDATE cases SET deadline_policy = ''")
    overdue = json.loads(run(capsys, "overdue", "--workspace", root, "--json"))
    assert {r["reference"]: r["due"] for r in overdue["overdue"]}["SAR-2025-0002"] == PLAIN_DUE
    run(capsys, "reindex", "--workspace", root)
    with open_workspace(root) as ws:
        row = ws.registry.get("SAR-2025-0002")
        assert json.loads(row["deadline_policy"]) == {"eu_clarification_pause": True}
        assert ws.registry.get("SAR-2025-0001")["deadline_policy"] == ""
    for view, dues in dues_everywhere(root, capsys, qtbot).items():
        assert dues["SAR-2025-0002"] == PAUSED_DUE, view
