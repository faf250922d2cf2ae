"""``sar-desk demo``: realistic synthetic cases in every state, the same for the same seed.

Cases cover running, paused (clarification), awaiting ID, awaiting fee, extended, overdue,
refused, closed on time, closed late and withdrawn; requesters have names in several
scripts; some ask through a representative, some ask again within a year. Every case is a
real encrypted case file with its audit chain, built by the same record functions as the
services (in one transaction per file, with batched registry writes).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sar_desk.core.entities import (
    Channel,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    EventKind,
    Person,
    RequestType,
)
from sar_desk.core.names import normalise_email, normalise_name
from sar_desk.errors import InputError
from sar_desk.services.demo_overrides import demo_override, mark_overrides, write_override
from sar_desk.services.rights_demo import apply_step, plan_rights
from sar_desk.store import audit, keys
from sar_desk.store import case_records as records
from sar_desk.store.casefile import CaseFile
from sar_desk.store.workspace import Workspace

TEAM = ("Priya Shah", "Tom Evans", "Aoife Byrne", "Marek Nowak", "Grace Okafor")
# The team are privacy officers of the demo workspace (logins made from their names), so
# the cases are assigned to users who may work them.
TEAM_LOGINS = {name: name.lower().replace(" ", ".") for name in TEAM}
# Per script: (first name, ASCII handle for the e-mail) pairs, family names, joiner.
SCRIPTS = (
    ([("Łucja", "lucja"), ("Paweł", "pawel"), ("Zofia", "zofia"), ("Józef", "jozef"),
      ("Małgorzata", "malgosia"), ("Krzysztof", "krzys")],
     ["Wójcik", "Łódźka", "Kowalczyk", "Szymańska", "Zieliński", "Wróbel"], " "),
    ([("芳", "fang"), ("娜", "na"), ("伟", "wei"), ("静", "jing"), ("敏", "min"), ("磊", "lei")],
     ["王", "李", "陈", "张", "刘", "杨"], ""),
    ([("عائشة", "aisha"), ("محمد", "mohammed"), ("فاطمة", "fatima"), ("يوسف", "yusuf"),
      ("مريم", "maryam"), ("عمر", "omar")],
     ["الحسن", "خان", "يوسف", "النجار", "حداد", "العلي"], " "),
    ([("Ελένη", "eleni"), ("Γιώργος", "giorgos"), ("Μαρία", "maria"), ("Νίκος", "nikos"),
      ("Σοφία", "sofia")], ["Παπαδοπούλου", "Νικολάου", "Γεωργίου", "Οικονόμου"], " "),
    ([("Жанна", "zhanna"), ("Дмитрий", "dmitri"), ("Ольга", "olga"), ("Сергей", "sergei"),
      ("Анна", "anna")], ["Иванова", "Соколов", "Петрова", "Смирнов", "Кузнецова"], " "),
    ([("Siobhán", "siobhan"), ("José", "jose"), ("Zoë", "zoe"), ("Björn", "bjorn"),
      ("Ayşe", "ayse"), ("Chloé", "chloe"), ("Seán", "sean")],
     ["Ní Bhriain", "Muñoz", "Brontë-Hughes", "Åkesson", "Yılmaz", "Ó Súilleabháin",
      "Nuñez"], " "),
    ([(n, n.lower()) for n in ("Olivia", "James", "Amelia", "Oliver", "Mohammed", "Chloe",
                               "Harry", "Sophie", "Jack", "Priyanka", "Ewan", "Niamh", "Isla",
                               "George", "Ava", "Noah", "Emily", "Arthur", "Grace", "Leo",
                               "Freya", "Oscar", "Ruby", "Theo", "Evie", "Alfie")],
     ["Smith", "O'Connor", "Jones", "Williams", "Ali", "Davies", "Patel", "Evans", "Thomas",
      "Reddy", "MacLeod", "Gallagher", "Brown", "Taylor", "Wilson", "Johnson", "Roberts",
      "Walker", "Wright", "Robinson", "Thompson", "Hughes", "Edwards", "Green", "Hall",
      "Wood", "Clarke", "Jackson", "Turner", "Hill"], " "),
)
SCRIPT_WEIGHTS = (6, 5, 5, 4, 4, 6, 70)
STREETS = ("High Street", "Station Road", "Church Lane", "Mill Road", "Queen's Avenue",
           "Victoria Terrace", "Park View")
TOWNS = (("Leeds", "LS1 4AB"), ("Glasgow", "G2 3CD"), ("Belfast", "BT1 5EF"),
         ("Cardiff", "CF10 1GH"), ("Norwich", "NR2 4JK"), ("York", "YO1 7LM"))
SYSTEMS = ("Exchange mailboxes", "HR system", "CRM", "Shared drive", "CCTV archive",
           "Teams chat", "Payroll")
SCENARIOS = (("running", 22), ("paused", 8), ("awaiting_id", 8), ("awaiting_fee", 4),
             ("extended", 8), ("overdue", 8), ("refused", 4), ("closed_on_time", 26),
             ("closed_late", 8), ("withdrawn", 4))
JURISDICTIONS = (("uk-ew", 80), ("uk-sct", 8), ("uk-ni", 6), ("eu-ie", 3), ("eu-de", 3))


@dataclass
class Spec:
    requester: Person
    received: dt.date
    logged: dt.date
    jurisdiction: str
    channel: Channel
    assignee: str
    scenario: str
    subject: Person | None = None
    authority: str = ""
    request_text: str = ""
    events: list[tuple[EventKind, dt.date, str]] = field(default_factory=list)
    decision: Decision | None = None
    exemptions: list[tuple[str, str, str]] = field(default_factory=list)
    searches: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    document: tuple[str, bytes] | None = None
    request_types: tuple[RequestType, ...] = (RequestType.ACCESS,)
    rights: list = field(default_factory=list)  # steps from services.rights_demo
    override: str = ""  # closed by an officer's override, with this reason


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _person(rng: random.Random, n: int) -> Person:
    firsts, lasts, joiner = rng.choices(SCRIPTS, weights=SCRIPT_WEIGHTS)[0]
    first, handle = rng.choice(firsts)
    last = rng.choice(lasts)
    if joiner:  # a middle name keeps thousands of requesters apart
        if rng.random() < 0.6:
            first = f"{first} {rng.choice(firsts)[0]}"
        name = f"{first}{joiner}{last}"
    else:
        name = f"{last}{first}" + (rng.choice(firsts)[0] if rng.random() < 0.6 else "")
    street = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
    town, postcode = rng.choice(TOWNS)
    email = f"{handle}.{n}@example.org" if rng.random() < 0.85 else ""
    return Person(name=name, email=email, address=f"{street}\n{town}\n{postcode}",
                  phone=f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.4 else "")


def random_person(rng: random.Random, n: int) -> Person:
    """A made-up requester as the demo makes them (names in several scripts)."""
    return _person(rng, n)


# What the demo's letters tell the requester about an event (its note stays internal).
DEMO_WORDING = {
    EventKind.CLARIFICATION_REQUESTED:
        "Please tell us which departments you dealt with and which years your request is about.",
    EventKind.ID_REQUESTED:
        "Please send a copy of your passport or driving licence and a recent utility bill.",
    EventKind.EXTENDED:
        "Your information is held in five separate systems and in our archives, and some of "
        "it has to be retrieved from storage and reviewed before we can send it.",
}


def _plan(rng: random.Random, spec: Spec, as_of: dt.date) -> None:
    """Fill in the events and records for the spec's scenario; every date is <= as_of."""
    from sar_desk.core.deadlines import compute_deadline

    r = spec.received
    day = dt.timedelta
    s = spec.scenario
    ev = spec.events
    if s == "paused":
        ev.append((EventKind.CLARIFICATION_REQUESTED, min(as_of, r + day(rng.randint(1, 6))),
                   "Which departments and which years do you mean? The volume is large."))
    elif s == "awaiting_id":
        ev.append((EventKind.ID_REQUESTED, min(as_of, r + day(rng.randint(0, 3))),
                   "Copy of passport or driving licence and a recent utility bill"))
    elif s == "awaiting_fee":
        on = min(as_of, r + day(rng.randint(1, 5)))
        spec.decision = Decision(DecisionKind.FEE, DecisionGround.FURTHER_COPIES,
                                 reasons="Further copies of data already provided in full",
                                 amount=Decimal(rng.choice(("10.00", "25.00", "42.50"))),
                                 working="Staff time 1.5 h at £17 plus postage", decided_on=on)
        ev.append((EventKind.FEE_REQUESTED, on, "Fee for further copies"))
    elif s == "extended":
        first_due = compute_deadline(r, spec.jurisdiction, (), as_of=as_of).due
        on = min(as_of, r + day(rng.randint(3, 20)), first_due - day(1))
        ev.append((EventKind.EXTENDED, on, "Complex: records across five systems and archives"))
    elif s in ("closed_on_time", "closed_late", "refused"):
        if rng.random() < 0.3:
            asked = r + day(rng.randint(0, 3))
            ev.append((EventKind.ID_REQUESTED, asked, "Proof of identity"))
            ev.append((EventKind.ID_RECEIVED, asked + day(rng.randint(2, 10)), ""))
        start = max(d for _, d, _ in ev) if ev else r
        due = compute_deadline(r, spec.jurisdiction, [(k, d) for k, d, _ in ev],
                               as_of=as_of).due
        if s == "refused":
            on = start + day(rng.randint(3, 20))
            spec.decision = Decision(DecisionKind.REFUSE, rng.choice(
                (DecisionGround.UNFOUNDED, DecisionGround.EXCESSIVE)),
                reasons="Fifth request for the same records in two months", decided_on=on,
                factors="Overlap with earlier requests; burden weighed against benefit",
                wording="This is the fifth time in two months that you have asked for the "
                        "same records, and we sent you a full copy each time.")
            responded = on
        elif s == "closed_on_time":
            responded = start + day(rng.randint(5, max(6, (due - start).days)))
        else:
            responded = due + day(rng.randint(1, 25))
        ev.append((EventKind.RESPONDED, responded, "Response sent"))
        ev.append((EventKind.CLOSED, responded + day(rng.randint(0, 5)), ""))
        if s != "refused":
            spec.searches.append((rng.choice(SYSTEMS), spec.requester.name,
                                  rng.choice(("Line manager", "HR team", "Customer services"))))
            if rng.random() < 0.3:
                spec.exemptions.append(("third-party", "Emails also identify two colleagues who "
                                        "did not consent", "emails 12-19 (names redacted)"))
            if rng.random() < 0.2:
                spec.document = ("disclosure-bundle.txt",
                                 f"Disclosure bundle for the requester, {rng.randint(3, 60)} "
                                 "pages of records.".encode())
    elif s == "withdrawn":
        ev.append((EventKind.WITHDRAWN, r + day(rng.randint(1, 15)), "Requester withdrew"))
    # "running" and "overdue" have no events; a running case sometimes has a search logged
    if s in ("running", "overdue") and rng.random() < 0.5:
        spec.searches.append((rng.choice(SYSTEMS), spec.requester.name, ""))
    if rng.random() < 0.25:
        spec.notes.append(rng.choice(("Acknowledged by email.", "Requester phoned to chase.",
                                      "Data owner in HR contacted.", "Waiting for IT export.")))
    spec.events = [(k, min(d, as_of), n) for k, d, n in ev]
    try:
        compute_deadline(r, spec.jurisdiction, [(k, d) for k, d, _ in spec.events], as_of=as_of)
    except InputError:
        spec.events, spec.decision = [], None


def _received(rng: random.Random, scenario: str, as_of: dt.date) -> dt.date:
    back = {"running": (0, 24), "paused": (3, 45), "awaiting_id": (1, 30),
            "awaiting_fee": (2, 30), "extended": (20, 75), "overdue": (40, 95),
            "refused": (25, 300), "closed_on_time": (45, 420), "closed_late": (80, 420),
            "withdrawn": (20, 300)}[scenario]
    return as_of - dt.timedelta(days=rng.randint(*back))


def make_specs(count: int, seed: int, as_of: dt.date) -> list[Spec]:
    rng = random.Random(seed)
    specs: list[Spec] = []
    rights_state: dict[str, int] = {}
    for n in range(count):
        scenario = _pick(rng, SCENARIOS)
        received = _received(rng, scenario, as_of)
        if specs and rng.random() < 0.04:  # the same person asks again
            requester = rng.choice(specs[-50:]).requester
        else:
            requester = _person(rng, n)
        spec = Spec(requester=requester, received=received,
                    logged=min(as_of, received + dt.timedelta(days=rng.choice((0, 0, 1, 2)))),
                    jurisdiction=_pick(rng, JURISDICTIONS), assignee=rng.choice(TEAM),
                    channel=rng.choice(list(Channel)), scenario=scenario,
                    request_text="Please send me a copy of all personal data you hold about me.")
        if rng.random() < 0.08:
            spec.subject = _person(rng, n + 100000)
            spec.authority = rng.choice(("Signed form of authority", "Lasting power of attorney",
                                         "Parental responsibility (birth certificate)"))
        _plan(rng, spec, as_of)
        spec.rights = plan_rights(spec, seed, n, rights_state)
        specs.append(spec)
    specs.sort(key=lambda s: s.received)
    return specs


def _at(day: dt.date, minute: int) -> str:
    stamp = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC) + dt.timedelta(minutes=minute)
    return stamp.isoformat(timespec="microseconds")


def write_case(path: Path, workspace_id: str, reference: str, key: bytes, spec: Spec,
               repeat: str, today: dt.date) -> tuple[bytes, dict]:
    """Build one case file; returns its salt and its registry row as of ``today``."""
    from sar_desk.services.cases import summary_values

    case = CaseFile.create(path, key, workspace_id=workspace_id, reference=reference, bulk=True)
    actor = spec.assignee
    try:
        with case.transaction() as s:
            records.write_new_case(
                s, reference=reference, jurisdiction=spec.jurisdiction, channel=spec.channel,
                received=spec.received, logged=spec.logged, requester=spec.requester,
                subject=spec.subject, actor=actor, assignee=spec.assignee,
                request_text=spec.request_text, request_types=spec.request_types,
                authority_evidence=spec.authority, possible_repeat_of=repeat,
                at=_at(spec.logged, 0))
            minute = 1
            steps: list[tuple[dt.date, Callable[[str], None]]] = []
            if spec.decision:
                d = spec.decision
                steps.append((d.decided_on, lambda at, d=d: records.add_decision(s, d, actor, at)))
            for system, terms, people in spec.searches:
                on = spec.logged
                steps.append((on, lambda at, a=system, b=terms, c=people, on=on:
                              records.add_search(s, a, b, c, on, actor, at)))
            for code, reason, scope in spec.exemptions:
                last = spec.events[-1][1] if spec.events else spec.logged
                steps.append((last, lambda at, c=code, r=reason, sc=scope:
                              records.add_exemption(s, c, r, sc, actor, at)))
            if spec.document:
                name, data = spec.document
                last = spec.events[-1][1] if spec.events else spec.logged
                steps.append((last, lambda at, n=name, b=data: records.add_document(
                    s, n, b, DisclosureStatus.DISCLOSE, "", actor, at)))
            for kind, on, note in spec.events:
                steps.append((on, lambda at, k=kind, o=on, n=note:
                              records.add_event(s, k, o, n, actor, at,
                                                wording=DEMO_WORDING.get(k, ""))))
            for text in spec.notes:
                steps.append((spec.logged, lambda at, t=text: records.add_note(s, t, actor, at)))
            if (made := demo_override(spec)) is not None:
                steps.append((made.on, lambda at, m=made: write_override(s, m, at)))
            for on, op, value in spec.rights:
                steps.append((on, lambda at, o=op, v=value: apply_step(s, actor, at, o, v)))
            for on, step in sorted(steps, key=lambda x: x[0]):
                step(_at(max(on, spec.logged), minute))
                minute += 1
            s.flush()
            snap = records.read_snapshot(s)
            last = audit.last_entry(s)
        salt = case.salt()
    finally:
        case.close()
    return salt, summary_values(snap, last.seq, last.hash, today)


_JOBS: list[tuple] = []  # filled in the parent before the workers fork (never pickled)


def _set_jobs(jobs: list[tuple]) -> None:
    global _JOBS
    _JOBS = jobs


def _write_job(index: int) -> tuple[str, bytes, dict]:
    path, workspace_id, reference, key, spec, repeat, today = _JOBS[index]
    salt, row = write_case(path, workspace_id, reference, key, spec, repeat, today)
    return reference, salt, row


# The most cases one demo run adds (benchmarks use 100,000): more would run for hours.
MAX_DEMO_CASES = 1_000_000


def check_demo_size(cases: int) -> None:
    """Refuse a number of demo cases below 0 or past :data:`MAX_DEMO_CASES`."""
    if not 0 <= cases <= MAX_DEMO_CASES:
        raise InputError(f"A demo workspace holds 0 to {MAX_DEMO_CASES:,} cases, not {cases}.")


def build_demo(ws: Workspace, *, cases: int = 60, seed: int = 1, as_of: dt.date | None = None,
               batch: int = 250, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> list[str]:
    """Add ``cases`` synthetic cases to ``ws`` as if today were ``as_of``; returns references.

    Case files are written by ``workers`` forked processes (default: one per CPU for large
    builds, where fork exists); the registry is written here, a batch at a time, keys first.
    """
    import multiprocessing

    from sar_desk.services.access import add_colleagues, can, require

    check_demo_size(cases)
    require(ws, "create_case")  # demo cases are cases: only those who may log them
    if can(ws, "manage_users"):
        add_colleagues(ws, [(TEAM_LOGINS[n], n, "privacy_officer") for n in TEAM])
    as_of = as_of or ws.clock.today()
    from sar_desk.services.letters import DEMO_KEY

    ws.registry.set_meta_value(DEMO_KEY, "yes")  # letters to made-up people need no set-up
    specs = make_specs(cases, seed, as_of)
    mark_overrides(specs)  # a few closures by an officer's override
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if cases >= 400 else 1
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    seqs: dict[int, int] = {}
    seen: dict[str, list[tuple[dt.date, str]]] = {}
    jobs, key_rows = [], []
    for spec in specs:
        year = spec.received.year
        seqs[year] = seqs.get(year) or ws.registry.next_seq(year)
        ref = f"SAR-{year}-{seqs[year]:04d}"
        key = keys.new_key()
        key_rows.append((ref, year, seqs[year],
                         keys.wrap_case_key(ws.master_key, ws.id, ref, key), b""))
        seqs[year] += 1
        repeat = _find_repeat(seen, spec, ref) or ws.registry.find_repeat(
            normalise_name(spec.requester.name), normalise_email(spec.requester.email),
            spec.received)
        jobs.append((ws.case_path(ref), ws.id, ref, key, spec, repeat, as_of))
    _set_jobs(jobs)
    refs: list[str] = []
    pool = None
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers,
                                   mp_context=multiprocessing.get_context("fork"))
    try:
        for start in range(0, len(jobs), batch):
            indices = range(start, min(start + batch, len(jobs)))
            ws.registry.add_keys(key_rows[i] for i in indices)
            done = list(pool.map(_write_job, indices, chunksize=8) if pool
                        else map(_write_job, indices))
            with ws.registry.writing() as conn:
                ws.registry.set_salts(conn, [(ref, salt) for ref, salt, _row in done])
                ws.registry.upsert([row for _ref, _salt, row in done], conn)
            refs += [ref for ref, _salt, _row in done]
            if progress:
                progress(len(refs), len(specs))
    finally:
        if pool is not None:
            pool.shutdown()
        _set_jobs([])
    from sar_desk.services.closing import note_override

    for job, spec in zip(jobs, specs, strict=True):  # the report counts them from here
        note_override(ws, job[2], demo_override(spec))

    from sar_desk.services.demo_corrections import add_demo_corrections

    add_demo_corrections(ws, refs, as_of)  # a voided event, an edit, a discarded letter
    index_demo_text(ws, refs)
    return refs


INDEX_NOW_UP_TO = 1000  # demo cases whose text is indexed at once (more: by the first search)


def index_demo_text(ws: Workspace, refs: list[str]) -> None:
    """Make the demo cases' text searchable: now for a small demo, else by the first search."""
    from sar_desk.services import case_search
    from sar_desk.store.case_text import UNINDEXED

    if len(refs) <= INDEX_NOW_UP_TO:
        case_search.rebuild(ws)
    else:
        ws.registry.set_meta_value(UNINDEXED, "1")


def _find_repeat(seen: dict[str, list[tuple[dt.date, str]]], spec: Spec, ref: str) -> str:
    """An earlier case of this run from the same requester within 12 months (then remember
    this one)."""
    from sar_desk.store.registry_rows import twelve_months_before

    keys_ = [k for k in ("n:" + normalise_name(spec.requester.name),
                         "e:" + normalise_email(spec.requester.email)) if len(k) > 2]
    since = twelve_months_before(spec.received)
    best = ""
    best_day = None
    for k in keys_:
        for day, earlier in seen.get(k, ()):
            if since <= day <= spec.received and (best_day is None or day >= best_day):
                best, best_day = earlier, day
    for k in keys_:
        seen.setdefault(k, []).append((spec.received, ref))
    return best
