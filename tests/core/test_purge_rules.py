"""The purge's own rules: never a day early, never without the count confirmed."""

from __future__ import annotations

import datetime as dt

from sar_desk.core.purge_rules import confirm_problem, purge_date_problem, summary

TODAY = dt.date(2026, 12, 4)


def test_only_today_or_earlier_may_be_purged():
    assert purge_date_problem(None, TODAY) is None
    assert purge_date_problem(TODAY, TODAY) is None
    assert purge_date_problem(TODAY - dt.timedelta(days=1), TODAY) is None
    problem = purge_date_problem(dt.date(2032, 12, 4), TODAY)
    assert "2032-12-04" in problem and "future" in problem and "Nothing was purged" in problem


def test_the_count_must_be_given_and_match():
    refs = ["SAR-2020-0010", "SAR-2019-0002", "SAR-2020-0009"]
    assert confirm_problem(3, refs) is None
    missing = confirm_problem(None, refs)
    assert "3 cases, SAR-2019-0002 to SAR-2020-0010" in missing and "(3)" in missing
    assert "says 2" in confirm_problem(2, refs)
    assert "says 1" in confirm_problem(1, ["SAR-2019-0002", "SAR-2019-0003"])


def test_the_summary_orders_references_by_number_not_text():
    assert summary(["SAR-2019-10000", "SAR-2019-9999"]) == \
        "2 cases, SAR-2019-9999 to SAR-2019-10000"
    assert summary(["SAR-2019-0001"]) == "1 case, SAR-2019-0001"
    assert summary([]) == "no cases"
