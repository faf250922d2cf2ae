"""A demo workspace (``sar-desk demo --seed``, fixed ``--as-of``) and the dashboard figures
worked out independently from it, for the dashboard, report and CLI tests.

The expected figures are computed here from each case's full snapshot (``get_case``) with
the deadline engine, never with ``sar_desk.core.metrics``, following the definitions the
compliance report prints: a case ends on its first response, withdrawal or closure; a
closed case is on time when the engine says it was answered in time on the day it ended
(or, with no answer, the clock was stopped that day); withdrawn cases are not rated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sar_desk.cli import main
from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import CaseSnapshot, DecisionKind, EventKind

DEMO_AS_OF = dt.date(2026, 3, 15)
DEMO_SEED = 11
DEMO_CASES = 60
PASSPHRASE = "Łódź correct horse 王芳"
ENDINGS = {EventKind.RESPONDED: 0, EventKind.CLOSED: 1, EventKind.WITHDRAWN: 2}
STOPPED = {"paused", "awaiting_id", "awaiting_fee"}

_built: dict[tuple, DemoWorkspace] = {}


@dataclass
class DemoWorkspace:
    root: Path
    passphrase_file: Path
    as_of: dt.date

    def args(self) -> list[str]:
        return ["--workspace", str(self.root), "--passphrase-file", str(self.passphrase_file)]

    def open(self):
        from sar_desk.services.workspace import open_workspace

        return open_workspace(self.root, passphrase=PASSPHRASE, read_only=True)


def demo_workspace(tmp_path_factory) -> DemoWorkspace:
    """Build the demo workspace once per test session (shared by every module that asks)."""
    key = (DEMO_SEED, DEMO_CASES, DEMO_AS_OF)
    if key not in _built:
        folder = tmp_path_factory.mktemp("demo")
        secret = folder / "passphrase.txt"
        secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
        demo = DemoWorkspace(folder / "workspace", secret, DEMO_AS_OF)
        code = main(["demo", *demo.args(), "--cases", str(DEMO_CASES), "--seed",
                     str(DEMO_SEED), "--as-of", DEMO_AS_OF.isoformat()])
        assert code == 0
        _built[key] = demo
    return _built[key]


@dataclass
class Expected:
    figures: dict[str, int]
    overdue: list[tuple[str, str, int, dt.date]]  # (assignee, reference, days, due)
    due_soon: set[str]
    paused: dict[str, dt.date]  # reference -> since
    months: dict[str, dict[str, int]] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)


def snapshots(demo: DemoWorkspace) -> list[CaseSnapshot]:
    from sar_desk.services.cases import get_case, list_cases

    with demo.open() as ws:
        return [get_case(ws, s.reference) for s in list_cases(ws, status="all")]


def ending(snap: CaseSnapshot, as_of: dt.date) -> tuple[EventKind, dt.date] | None:
    ends = sorted((e.date, ENDINGS[e.kind], e.kind) for e in snap.events
                  if e.kind in ENDINGS and e.date <= as_of)
    return (ends[0][2], ends[0][0]) if ends else None


def month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_back(as_of: dt.date, count: int) -> list[str]:
    labels, year, mon = [], as_of.year, as_of.month
    for _ in range(count):
        labels.append(f"{year:04d}-{mon:02d}")
        year, mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
    return labels[::-1]


def expected(snaps: list[CaseSnapshot], as_of: dt.date, months: int = 12) -> Expected:
    fig = Counter(open=0, overdue=0, due_soon=0, paused=0, extended=0)
    overdue, due_soon, paused = [], set(), {}
    window = months_back(as_of, months)
    counts = {m: Counter() for m in window}

    def add(what: str, day: dt.date | None) -> None:
        if day is not None and day <= as_of and month(day) in counts:
            counts[month(day)][what] += 1

    for snap in snaps:
        if snap.received > as_of:
            continue
        add("received", snap.received)
        for e in snap.events:
            if e.kind == EventKind.EXTENDED:
                add("extensions", e.date)
            elif e.kind == EventKind.FEE_REQUESTED:
                add("fees_charged", e.date)
        for d in snap.decisions:
            if d.kind == DecisionKind.REFUSE:
                add("refusals", d.decided_on)
        for x in snap.exemptions:
            add("exemptions_used", x.recorded_at.date() if x.recorded_at else None)
        end = ending(snap, as_of)
        if end is None:
            events = [e for e in snap.clock_events if e.date <= as_of]
            r = compute_deadline(snap.received, snap.jurisdiction, events, as_of=as_of)
            fig["open"] += 1
            fig["extended"] += bool(r.extension_valid)
            if str(r.state) in STOPPED:
                fig["paused"] += 1
                paused[snap.reference] = r.state_since
            elif r.days_left < 0:
                fig["overdue"] += 1
                overdue.append((snap.assignee, snap.reference, -r.days_left, r.effective_due))
            elif r.days_left <= 7:
                fig["due_soon"] += 1
                due_soon.add(snap.reference)
            continue
        kind, day = end
        if kind == EventKind.WITHDRAWN:
            add("withdrawn", day)
            continue
        add("closed", day)
        events = [e for e in snap.events if e.date <= day]
        r = compute_deadline(snap.received, snap.jurisdiction, events, as_of=day)
        on_time = r.responded_on_time
        if on_time is None:  # a closure with no answer: on time only if the clock was stopped
            clock_only = [e for e in events if e.kind not in ENDINGS]
            stopped = compute_deadline(snap.received, snap.jurisdiction, clock_only, as_of=day)
            on_time = str(stopped.state) in STOPPED or day <= stopped.effective_due
        if on_time:
            add("closed_on_time", day)
    rates = {m: (c["closed_on_time"] / c["closed"] if c["closed"] else None)
             for m, c in counts.items()}
    return Expected(dict(fig), sorted(overdue), due_soon, paused,
                    {m: dict(c) for m, c in counts.items()}, rates)
