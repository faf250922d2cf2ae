"""How many deadline computations per second the engine does (target: at least 50,000/s).

The dashboard recomputes the due date and state of every open case, so this builds a batch
of random cases (mixed calendars, ID and fee requests, clarification pauses, extensions and
responses, as (EventKind, date) pairs like the registry's CaseSummary.events) and times
``compute_deadline`` over all of them: once with cold calendar caches, then 5 warm runs
(their median is the warm figure; the best is printed beside it). The
explanation is built lazily; its cost is timed separately for a sample.

    python benchmarks/deadlines.py [--cases 100000] [--seed 7]

Exits with status 1 if the cold or warm figure is below the target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time

from sar_desk.core import calendars
from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import EventKind as K

TARGET_PER_SECOND = 50_000
WARM_RUNS = 5
AS_OF = dt.date(2026, 11, 24)
JURISDICTIONS = ("uk-ew", "uk-ew", "uk-ew", "uk-sct", "uk-ni", "eu", "eu-ie", "eu-de", "eu-fr")


def random_cases(count: int, seed: int) -> list[tuple[dt.date, str, tuple]]:
    rng = random.Random(seed)
    start = dt.date(2019, 1, 1)
    span = (AS_OF - start).days

    def day(base: dt.date, low: int, high: int) -> dt.date:
        return base + dt.timedelta(days=rng.randint(low, high))

    cases = []
    for _ in range(count):
        received = start + dt.timedelta(days=rng.randrange(span))
        events: list[tuple[K, dt.date]] = []
        if rng.random() < 0.25:
            asked = day(received, 0, 5)
            events.append((K.ID_REQUESTED, asked))
            if rng.random() < 0.8:
                events.append((K.ID_RECEIVED, day(asked, 0, 20)))
        if rng.random() < 0.05:
            asked = day(received, 0, 5)
            events += [(K.FEE_REQUESTED, asked), (K.FEE_RECEIVED, day(asked, 1, 20))]
        if rng.random() < 0.3:
            asked = day(received, 1, 20)
            events.append((K.CLARIFICATION_REQUESTED, asked))
            if rng.random() < 0.85:
                events.append((K.CLARIFICATION_RECEIVED, day(asked, 0, 25)))
        if rng.random() < 0.15:
            events.append((K.EXTENDED, day(received, 5, 40)))
        if rng.random() < 0.4:
            last = max((d for _, d in events), default=received)
            events.append((K.RESPONDED, day(last, 5, 60)))
        cases.append((received, rng.choice(JURISDICTIONS), tuple(events)))
    return cases


def run_batch(cases: list[tuple[dt.date, str, tuple]]) -> tuple[float, dict[str, int]]:
    states: dict[str, int] = {}
    started = time.perf_counter()
    for received, jurisdiction, events in cases:
        result = compute_deadline(received, jurisdiction, events, as_of=AS_OF)
        states[result.state] = states.get(result.state, 0) + 1
    return time.perf_counter() - started, states


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    cases = random_cases(args.cases, args.seed)
    calendars._PLAIN.clear()
    calendars._cached_calendar.cache_clear()
    cold, states = run_batch(cases)
    warm_runs = [run_batch(cases)[0] for _ in range(WARM_RUNS)]
    warm = statistics.median(warm_runs)
    sample = cases[:2000]
    started = time.perf_counter()
    for received, jurisdiction, events in sample:
        compute_deadline(received, jurisdiction, events, as_of=AS_OF).explanation  # noqa: B018
    explained = time.perf_counter() - started

    cold_rate, warm_rate = len(cases) / cold, len(cases) / warm
    print(f"deadline computations: {len(cases):,} random cases (seed {args.seed})")
    print("  states: " + ", ".join(f"{k} {v:,}" for k, v in sorted(states.items())))
    labels = (("cold caches, 1 run", cold_rate),
              (f"warm caches, median of {WARM_RUNS} runs", warm_rate),
              (f"warm caches, best of {WARM_RUNS} runs", len(cases) / min(warm_runs)))
    for label, rate in labels:
        verdict = "OK" if rate >= TARGET_PER_SECOND else "BELOW TARGET"
        print(f"  {label}: {rate:,.0f}/s (target >= {TARGET_PER_SECOND:,}/s) {verdict}")
    per_explained = explained / len(sample) * 1e6
    print(f"  computing and explaining: {per_explained:.0f} µs per case (the explanation is lazy)")
    from _common import report  # the RESULT lines benchmarks/run.py gathers

    for label, rate in labels[:2]:
        report(f"deadline computations over {len(cases):,} cases, {label}", rate, "/s",
               f">= {TARGET_PER_SECOND:,}/s", rate >= TARGET_PER_SECOND, human=False)
    report(f"deadline computations, {labels[2][0]}", labels[2][1], "/s", human=False)
    return 0 if min(cold_rate, warm_rate) >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    sys.exit(main())
