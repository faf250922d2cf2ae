"""Very large demo workspaces (100,000 cases) in minutes, for benchmarks.

The first ``templates`` cases are built by :func:`~sar_desk.services.demo.build_demo` (the
record functions, every scenario). Every further case copies one of them row by row into a
new case file with its own key, under a new reference and a new requester; the audit chain
is re-hashed so it holds, and the registry row comes from the copied snapshot. The result
is real, encrypted and passes ``verify``; it has fewer distinct timelines than ``demo``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from sar_desk.core.entities import CaseSnapshot, Person
from sar_desk.services.access import require
from sar_desk.services.case_base import open_case_file, summary_values
from sar_desk.services.demo import build_demo, random_person
from sar_desk.store import case_records as records
from sar_desk.store import keys
from sar_desk.store.audit import CONTENT_KEY
from sar_desk.store.audit_chain import GENESIS, canonical, entry_hash
from sar_desk.store.bulk_build import CaseRows, case_rows, write_case_rows
from sar_desk.store.content_digest import digest_of_rows
from sar_desk.store.workspace import Workspace


@dataclass(frozen=True)
class Template:
    reference: str
    rows: CaseRows
    snapshot: CaseSnapshot
    renamable: bool  # False when a stored file (an export) holds the requester's name


def _template(ws: Workspace, ref: str) -> Template:
    with open_case_file(ws, ref, read_only=True) as case:
        rows = case_rows(case)
        with case.reading() as session:
            snap = records.read_snapshot(session)
    name = snap.requester.name.encode()
    blobs = (v for _cols, table in rows.values() for row in table for v in row
             if isinstance(v, bytes))
    return Template(ref, rows, snap, not any(name in b for b in blobs))


def derive_rows(template: Template, reference: str, person: Person) -> tuple[CaseRows, str, int]:
    """The template's rows for a new case: new reference and requester, audit re-hashed
    (its newest entry sealed with the copy's content digest).

    Returns the rows, the new chain head and its sequence number.
    """
    old = template.snapshot.requester
    swaps = [(template.reference, reference)]
    if template.renamable:
        swaps.append((old.name, person.name))
        if old.email:
            swaps.append((old.email, person.email))

    def swap(value: object) -> object:
        if isinstance(value, str):
            for before, after in swaps:
                if before in value:
                    value = value.replace(before, after)
        return value

    out: CaseRows = {}
    for name, (columns, rows) in template.rows.items():
        new_rows = [tuple(swap(v) for v in row) for row in rows]
        if name == "person" and template.renamable:
            role = columns.index("role")
            fields = {"name": person.name, "email": person.email, "address": person.address,
                      "phone": person.phone}
            new_rows = [tuple(fields.get(c, v) if row[role] == "requester" else v
                              for c, v in zip(columns, row, strict=True)) for row in new_rows]
        out[name] = (columns, new_rows)
    columns, rows = out["audit"]
    at = {c: i for i, c in enumerate(columns)}
    head, seq, chained = GENESIS, 0, []
    ordered = sorted(rows, key=lambda r: r[at["seq"]])
    for row in ordered:
        values = list(row)
        seq = values[at["seq"]]
        if row is ordered[-1]:  # the newest entry commits to the copy's own content
            details = json.loads(values[at["details"]])
            details[CONTENT_KEY] = digest_of_rows(out)
            values[at["details"]] = canonical(details)
        head = entry_hash(head, seq, values[at["at"]], values[at["actor"]],
                          values[at["action"]], values[at["details"]])
        values[at["hash"]] = head
        chained.append(tuple(values))
    out["audit"] = (columns, chained)
    return out, head, seq


_STATE: dict = {}  # set in the parent before the workers fork (never pickled)


def _write(job: tuple[int, str, Person]) -> tuple[tuple, dict]:
    index, reference, person = job
    ws_id, master, cases_dir = _STATE["ws"]
    template = _STATE["templates"][index]
    rows, head, seq = derive_rows(template, reference, person)
    key = keys.new_key()
    salt = write_case_rows(cases_dir / f"{reference}.sarcase", key, rows)
    requester = person if template.renamable else template.snapshot.requester
    snap = replace(template.snapshot, reference=reference, requester=requester)
    year, number = reference.split("-")[1:]
    key_row = (reference, int(year), int(number),
               keys.wrap_case_key(master, ws_id, reference, key), salt)
    return key_row, summary_values(snap, seq, head, _STATE["as_of"])


def build_bulk_demo(ws: Workspace, *, cases: int, seed: int = 1, as_of: dt.date | None = None,
                    templates: int = 400, batch: int = 2000, workers: int | None = None,
                    progress: Callable[[int, int], None] | None = None) -> int:
    """Add ``cases`` demo cases to ``ws`` quickly; returns how many were added.

    Case files are written by ``workers`` forked processes (default: one per CPU); each
    batch's keys and registry rows are written once its files exist.
    """
    import multiprocessing

    require(ws, "create_case")
    as_of = as_of or ws.clock.today()

    def templates_done(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, cases)

    first = build_demo(ws, cases=min(cases, max(templates, 1)), seed=seed, as_of=as_of,
                       progress=templates_done)
    if cases <= len(first):
        return len(first)
    made = [_template(ws, ref) for ref in first]
    rng = random.Random(seed * 7919 + 1)
    seqs: dict[int, int] = {}
    jobs = []
    for n in range(len(first), cases):
        index = rng.randrange(len(made))
        year = made[index].snapshot.received.year
        seqs[year] = seqs.get(year) or ws.registry.next_seq(year)
        jobs.append((index, f"SAR-{year}-{seqs[year]:04d}", random_person(rng, n)))
        seqs[year] += 1
    if workers is None:
        workers = min(os.cpu_count() or 1, 4)
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    _STATE.update(ws=(ws.id, ws.master_key, ws.cases_dir), templates=made, as_of=as_of)
    pool = None
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers,
                                   mp_context=multiprocessing.get_context("fork"))
    try:
        done = len(first)
        for start in range(0, len(jobs), batch):
            chunk = jobs[start:start + batch]
            results = list(pool.map(_write, chunk, chunksize=50) if pool else map(_write, chunk))
            ws.registry.add_keys(key_row for key_row, _row in results)
            ws.registry.upsert(row for _key, row in results)
            done += len(chunk)
            if progress:
                progress(done, cases)
    finally:
        if pool is not None:
            pool.shutdown()
        _STATE.clear()
    return done


__all__ = ["Template", "build_bulk_demo", "derive_rows"]
