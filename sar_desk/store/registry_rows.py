"""The registry's case rows as Python values: the list's columns, a row read into a
:class:`CaseSummary` at speed, the encodings of events and pairs, and what a row says about
a period (settled before a day), for :mod:`sar_desk.store.registry`."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import re
from collections.abc import Iterable, Iterator, Sequence

from sar_desk.core.entities import CaseStatus, CaseSummary, EventKind, RequestType
from sar_desk.core.names import fold

FREEZE_AFTER = 50_000  # objects built in one bulk allocation before they are frozen
REF_LIKE = re.compile(r"^SAR-[\d-]*$", re.IGNORECASE)

LIST_COLUMNS = ("reference, requester_name, status, jurisdiction, received, due, extended_due, "
                "paused, assignee, updated, request_types, events, possible_repeat_of, "
                "refusals, exemptions, deadline_policy")

_KINDS = {k.value: k for k in EventKind}
_STATUSES = {s.value: s for s in CaseStatus}
_TYPES = {t.value: t for t in RequestType}
_date = dt.date.fromisoformat


def encode_events(events: Iterable[tuple[EventKind | str, dt.date]]) -> str:
    return ";".join(f"{EventKind(k).value}@{d.isoformat()}" for k, d in events)


def encode_pairs(pairs: Iterable[tuple[str, dt.date]]) -> str:
    return ";".join(f"{code}@{d.isoformat()}" for code, d in pairs)


_new = object.__new__
_set = object.__setattr__
_datetime = dt.datetime.fromisoformat
_ACCESS = (RequestType.ACCESS,)
_FILLED = ("reference", "requester_name", "status", "jurisdiction", "received", "due",
           "extended_due", "paused", "assignee", "updated", "request_types", "events",
           "possible_repeat_of", "refusals", "exemptions", "deadline_policy")
ROW_COLUMNS = (*_FILLED, "name_key", "email_key", "audit_seq", "audit_head")  # a whole cases row
UPSERT_SQL = (f"INSERT INTO cases ({', '.join(ROW_COLUMNS)}) "
              f"VALUES ({', '.join(':' + c for c in ROW_COLUMNS)})"
              " ON CONFLICT (reference) DO UPDATE SET "
              + ", ".join(f"{c} = excluded.{c}" for c in ROW_COLUMNS[1:]) + " RETURNING id")
# Fields someone adds to CaseSummary later keep their defaults in fast-built rows.
_OTHER_DEFAULTS = {f.name: f.default for f in dataclasses.fields(CaseSummary)
                   if f.name not in _FILLED and f.default is not dataclasses.MISSING}
_OTHER_FACTORIES = {f.name: f.default_factory for f in dataclasses.fields(CaseSummary)
                    if f.name not in _FILLED and f.default_factory is not dataclasses.MISSING}


def row_to_summary(row: Sequence) -> CaseSummary:
    """A registry row (in ``LIST_COLUMNS`` order) as a :class:`CaseSummary`.

    Built by setting the instance dict directly: a frozen dataclass's ``__init__`` costs
    more than everything else in listing 10,000 cases. The values are exactly those the
    normal constructor would store.
    """
    (ref, name, status, jur, received, due, ext, paused, assignee, updated, types, events,
     repeat, refusals, exemptions, policy) = row
    values = {
        "reference": ref, "requester_name": name, "status": _STATUSES[status],
        "jurisdiction": jur, "received": _date(received), "due": _date(due) if due else None,
        "extended_due": _date(ext) if ext else None, "paused": bool(paused),
        "assignee": assignee, "updated": _datetime(updated) if updated else None,
        "request_types": (_ACCESS if types == "access" else
                          tuple([_TYPES[t] for t in types.split(",")]) if types else ()),
        "events": tuple([(_KINDS[e[:-11]], _date(e[-10:])) for e in events.split(";")])
        if events else (),
        "possible_repeat_of": repeat,
        "refusals": tuple([_date(d) for d in refusals.split(";")]) if refusals else (),
        "exemptions": tuple([(e[:-11], _date(e[-10:])) for e in exemptions.split(";")])
        if exemptions else (),
        "deadline_policy": policy,
    }
    if _OTHER_DEFAULTS:
        values.update(_OTHER_DEFAULTS)
    if _OTHER_FACTORIES:
        values.update({name: make() for name, make in _OTHER_FACTORIES.items()})
    summary = _new(CaseSummary)
    _set(summary, "__dict__", values)
    return summary


_ENDINGS = frozenset(k.value for k in (EventKind.RESPONDED, EventKind.WITHDRAWN, EventKind.CLOSED))


def settled_before(row: Sequence, since: str) -> bool:
    """Whether a registry row (``LIST_COLUMNS`` order) is of a case received and ended
    before the ISO day ``since``, with no event, refusal or exemption dated on or after it.

    Ended means an ending event, or (without one) a status other than open, last updated
    before ``since``. Figures for the days from ``since`` on never count such a case.
    """
    if row[4] >= since:  # received
        return False
    updated = row[9]
    ended = row[2] != "open" and (not updated or updated[:10] < since)
    events = row[11]
    if events:
        for part in events.split(";"):
            if part[-10:] >= since:
                return False
            if not ended and part[:-11] in _ENDINGS:
                ended = True
    if not ended:
        return False
    return not any(text and any(part[-10:] >= since for part in text.split(";"))
                   for text in (row[13], row[14]))  # refusals, exemptions


@contextlib.contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of rows are built.

    The rows hold no reference cycles, yet each collection rescans them all: pausing it
    halves listing 100,000 cases. When the block built many objects, every object is frozen
    (``gc.freeze``) before collection resumes, or the next collections would still scan the
    new rows, for seconds at 100,000 cases, blocking every thread. Reference counting still
    frees them as soon as they are dropped.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    before = gc.get_count()[0]
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] - before > FREEZE_AFTER:
                gc.freeze()
            gc.enable()


def twelve_months_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def fts_query(text: str) -> str:
    """Each word of the user's text as a quoted prefix term (FTS5 syntax never leaks through)."""
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    words = [fold(w) or w for w in words] if not REF_LIKE.match(text.strip()) else words
    return " AND ".join(f'"{w}"*' for w in words)
