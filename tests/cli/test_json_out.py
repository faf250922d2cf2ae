"""The command line's JSON is exactly what ``json.dumps(indent=2)`` writes, only faster."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math

import pytest

from sar_desk.cli.json_out import dump, dumps, plain
from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind, RequestType


class Colour(enum.IntEnum):
    RED = 1


SAMPLES = [
    None, True, False, 0, -7, 10**30, 1.5, -0.0, 1e-300, math.inf, -math.inf, "", "plain",
    'quote " backslash \\ newline \n tab \t bell \x07', "Łódź Wiśniewska 王芳 عائشة 🙂",
    CaseStatus.OPEN, Colour.RED, [], {}, [[]], [{}], {"a": []},
    {"nested": {"list": [1, [2, [3, {"deep": "x"}]]], "empty": {}}, "z": None},
    {7: "int key", 2.5: "float key", True: "bool key", False: "no", None: "none key"},
    ("tuple", ("inner",)),
]


@pytest.mark.parametrize("value", SAMPLES, ids=range(len(SAMPLES)))
def test_text_matches_the_json_module(value):
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_nan_is_written_as_the_json_module_writes_it():
    assert dumps([math.nan]) == json.dumps([math.nan], indent=2)


def test_objects_go_through_default_and_unknown_ones_are_refused():
    day = dt.date(2026, 3, 2)
    assert dumps({"day": day}, default=lambda v: v.isoformat()) == '{\n  "day": "2026-03-02"\n}'
    with pytest.raises(TypeError, match="date is not JSON serializable"):
        dumps({"day": day})
    with pytest.raises(TypeError, match="keys must be"):
        dumps({(1, 2): "tuple key"})


def test_a_large_list_is_written_in_pieces_that_add_up_to_the_same_text():
    rows = [{"reference": f"SAR-2026-{n:04d}", "names": ["Ann", "王芳"]} for n in range(5000)]
    pieces: list[str] = []
    dump(rows, pieces.append)
    assert len(pieces) > 1
    assert "".join(pieces) == json.dumps(rows, ensure_ascii=False, indent=2)


def test_case_rows_come_out_as_they_did_with_the_json_module():
    row = CaseSummary(
        reference="SAR-2026-0001", requester_name="Łódź Wiśniewska", status=CaseStatus.OPEN,
        jurisdiction="uk-ew", received=dt.date(2026, 1, 5), due=dt.date(2026, 2, 5),
        extended_due=None, paused=False, assignee="Priya",
        updated=dt.datetime(2026, 1, 6, 9, 30),
        request_types=(RequestType.ACCESS, RequestType.ERASURE),
        events=((EventKind.ID_REQUESTED, dt.date(2026, 1, 6)),),
    )
    data = plain([row, row])
    assert data[0]["status"] == "open" and data[0]["received"] == "2026-01-05"
    assert data[0]["events"] == [["id_requested", "2026-01-06"]]
    assert data[0]["updated"] == "2026-01-06T09:30:00"
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2)
