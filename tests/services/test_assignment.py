"""Cases are assigned only to users of the workspace who may work cases (privacy officers);
anyone else is refused by name and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import Person
from sar_desk.core.roles import Role, assignee_reason, works_cases
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services import cases as C


@pytest.fixture
def team(ws):
    access.add_colleagues(ws, [("grace.okafor", "Grace Okafor", "privacy_officer"),
                               ("tom", "", "privacy_officer,manager"),
                               ("mona", "Mona Manager", "manager"),
                               ("sid", "Sid Staff", "staff")])
    return ws


def new(assignee: str = "") -> C.NewCase:
    return C.NewCase(requester=Person("Ifeoma Eze", "ie@example.org"),
                     received=dt.date(2026, 3, 2), assignee=assignee)


def test_only_roles_that_change_cases_work_them():
    assert works_cases([Role.PRIVACY_OFFICER]) and works_cases(["manager", "privacy_officer"])
    assert not any(works_cases([r]) for r in (Role.MANAGER, Role.STAFF, Role.ADMINISTRATOR))
    workers = [("grace.okafor", "Grace Okafor"), ("tom", "")]
    assert assignee_reason("GRACE OKAFOR", workers) is None
    assert assignee_reason("grace.okafor", workers) is None
    assert assignee_reason("Tom", workers) is None
    assert assignee_reason(" ", workers) == "Enter who will work the case."
    assert assignee_reason("Mona Manager", workers) == (
        "Mona Manager is not a user of this workspace who may work cases (a privacy "
        "officer). Choose one of: Grace Okafor, tom.")


def test_eligible_users_are_the_privacy_officers(team):
    me = access.current_login()  # the first user: administrator and privacy officer
    assert [u.label for u in access.case_workers(team)] == sorted(
        ["Grace Okafor", me, "tom"], key=str.casefold)


def test_assign_by_login_or_display_name_keeps_the_display_name(team):
    ref = C.create_case(team, new("grace.okafor")).reference
    assert C.get_case(team, ref).assignee == "Grace Okafor"
    assert C.assign_case(team, ref, "tom").assignee == "tom"
    assert C.assign_case(team, ref, "grace okafor").assignee == "Grace Okafor"
    assert C.list_cases(team)[0].assignee == "Grace Okafor"


@pytest.mark.parametrize("who", ["Mona Manager", "mona", "Sid Staff", "Priya Shah"])
def test_anyone_else_is_refused_by_name_and_nothing_changes(team, who):
    ref = C.create_case(team, new("Grace Okafor")).reference
    trail = len(C.audit_trail(team, ref))
    with pytest.raises(InputError, match=f"{who} is not a user of this workspace who may "
                       "work cases") as info:
        C.assign_case(team, ref, who)
    assert info.value.exit_code == 2 and info.value.code == "case.assignee_not_a_worker"
    assert "Grace Okafor, " in str(info.value)  # says who may be chosen
    assert C.get_case(team, ref).assignee == "Grace Okafor"
    assert len(C.audit_trail(team, ref)) == trail
    before = len(C.list_cases(team, status="all"))
    with pytest.raises(InputError, match=f"{who} is not a user"):
        C.create_case(team, new(who))
    assert len(C.list_cases(team, status="all")) == before  # no case was created
