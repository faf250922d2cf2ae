"""``sar-desk import``: exit 2 naming each row's problems and importing nothing; with
--skip-bad-rows the others are imported; a clean register exits 0, and again adds nothing."""

from __future__ import annotations

import json

from sar_desk.cli import main
from tests.services import register_fixtures as reg


def test_a_dry_run_lists_every_rows_problems_and_exits_2(ws, tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    reg.write_xlsx(path)
    assert main(["import", str(path), "--dry-run", "--workspace", ws]) == 2
    out = capsys.readouterr().out
    for line in reg.BAD:
        assert f"row {line}: " in out
    assert "row 9: The jurisdiction 'Narnia' is unknown" in out
    assert "9 rows: 4 to import, 0 already imported, 5 with problems; nothing imported (a dry " \
        "run)" in out
    assert main(["case", "list", "--status", "all", "--json", "--workspace", ws]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_with_problems_nothing_is_imported_unless_bad_rows_are_skipped(ws, tmp_path, capsys):
    path = tmp_path / "register.csv"
    reg.write_csv(path)
    assert main(["import", str(path), "--workspace", ws]) == 2
    out = capsys.readouterr().out
    assert "nothing imported (rows have problems)" in out
    assert main(["import", str(path), "--skip-bad-rows", "--json", "--workspace", ws]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["imported"] == 4
    rows = {r["row"]: r for r in report["rows"]}
    assert rows[4]["reference"] == "SAR-2025-0101"
    assert rows[13]["status"] == "problems"
    assert "ambiguous" in rows[13]["problems"][0]


def test_a_clean_register_imports_with_exit_0_and_a_second_time_adds_nothing(ws, tmp_path,
                                                                             capsys):
    path = tmp_path / "register.csv"
    reg.write_csv(path, {line: reg.ROWS[line] for line in reg.GOOD})
    assert main(["import", str(path), "--workspace", ws]) == 0
    out = capsys.readouterr().out
    assert "row 4: imported as SAR-2025-0101" in out
    assert "imported 3 case(s)" in out
    assert main(["import", str(path), "--workspace", ws]) == 0
    out = capsys.readouterr().out
    assert "row 4: already imported as SAR-2025-0101" in out
    assert "imported 0 case(s); 3 already imported" in out
    assert main(["case", "list", "--status", "all", "--json", "--workspace", ws]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_columns_are_mapped_with_map_and_a_wrong_field_is_named(ws, tmp_path, capsys):
    path = tmp_path / "other.csv"
    path.write_text("Who asked,When it came in\nΕλένη Παπαδοπούλου,2026-05-10\n",
                    encoding="utf-8")
    assert main(["import", str(path), "--workspace", ws]) == 2
    err = capsys.readouterr().err
    assert "has no header row" in err and "--map COLUMN=FIELD" in err
    assert main(["import", str(path), "--map", "Who asked=sender", "--map",
                 "When it came in=received", "--workspace", ws]) == 2
    assert "'sender' is not a field" in capsys.readouterr().err
    assert main(["import", str(path), "--map", "Who asked=requester", "--map",
                 "When it came in=Received", "--workspace", ws]) == 0
    assert "row 2: imported as SAR-2026-0001" in capsys.readouterr().out
