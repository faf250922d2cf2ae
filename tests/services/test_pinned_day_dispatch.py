"""A dispatch a staff user records follows the workspace clock: on a clock pinned far from
the computer's date it is recorded on the pinned day, and the case it is carried into shows
it sent on that day; a date after the pinned today is refused when staff
record it, not lost when it is carried."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core import clock as clock_module
from sar_desk.core.clock import FixedClock
from sar_desk.core.entities import Person
from sar_desk.errors import InputError
from sar_desk.services import cases as C
from sar_desk.services import letters, signoff, staff_desk
from tests.services.team import open_again, team_workspace

PINNED = dt.date(2024, 2, 14)  # far from any day these tests run on
BOSS, STAFF = "boss passphrase 1", "staff passphrase 9"


@pytest.fixture
def team(tmp_path):
    root = tmp_path / "ws"
    with team_workspace(root, "boss", BOSS, [("stf", "staff", STAFF)],
                        PINNED.isoformat()) as handles:
        yield root, handles


def _ready_letter(boss) -> tuple[str, int]:
    ref = C.create_case(boss, C.NewCase(requester=Person("Ada Pinned", "ada@example.org",
                                                         "1 Quay Street\nBristol"),
                                        received=dt.date(2024, 2, 1)), actor="boss").reference
    letter = letters.generate_letter(boss, ref, "acknowledgement", "pdf", actor="boss")[0]
    signoff.mark_ready(boss, ref, actor="boss")
    return ref, letter.id


def test_the_pinned_day_is_far_from_the_computers_date():
    assert abs((clock_module.now().date() - PINNED).days) > 300


def test_a_staff_dispatch_is_carried_into_the_case_on_the_pinned_day(team):
    root, handles = team
    ref, letter_id = _ready_letter(handles["boss"])
    staff_desk.record_dispatch(handles["stf"], [(ref, letter_id)])  # sent today, by post
    recorded = [e for e in staff_desk.ready_audit(handles["stf"])
                if e["action"] == "dispatch_recorded"]
    assert recorded[-1]["details"]["date"] == PINNED.isoformat()
    # a privacy officer's open carries it into the case (the login set inside the team's
    # own setting of it, so both are put back in order)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("LOGNAME", "boss")
        boss = open_again(root, passphrase=BOSS, clock=FixedClock(PINNED))
    with boss:
        [sent] = C.get_case(boss, ref).dispatches
        trail = [e for e in C.audit_trail(boss, ref) if e.action == "dispatch_recorded"]
    assert (sent.letter_id, sent.date, sent.method) == (letter_id, PINNED, "post")
    assert [(e.actor, e.details["date"]) for e in trail] == [("stf", PINNED.isoformat())]


@pytest.mark.parametrize("day", [PINNED + dt.timedelta(days=1), "2024-02-30"])
def test_a_dispatch_date_after_the_pinned_today_is_refused_when_staff_record_it(team, day):
    _root, handles = team
    ref, letter_id = _ready_letter(handles["boss"])
    on = day if isinstance(day, str) else day.isoformat()
    with pytest.raises(InputError, match="dispatch date") as refused:
        staff_desk.record_dispatch(handles["stf"], [(ref, letter_id)], on, "post")
    assert "Nothing was recorded" in str(refused.value)
    assert (ref, letter_id) in {(c.reference, x.letter_id)
                                for c, x in staff_desk.letters_to_print(handles["stf"])}
