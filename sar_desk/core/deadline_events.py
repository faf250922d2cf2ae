"""Check a case's clock events and pair them up (requests with answers) for the deadline engine.

Events are objects with ``.kind`` and ``.date`` (a :class:`~sar_desk.core.entities.TimelineEvent`
is one) or ``(kind, date)`` tuples, in any order. Impossible sequences are refused with a
:class:`DeadlineInputError` that names the event and the problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sar_desk.core.entities import EventKind
from sar_desk.errors import InputError


class DeadlineInputError(InputError):
    """A received date or timeline the deadline rules cannot accept."""


K = EventKind
# Same-day order: answers to open questions first, then new questions, then the extension,
# then a response, which outranks a closure or withdrawal on the same day.
_RANK: dict[str, int] = {
    K.ID_RECEIVED: 0,
    K.FEE_RECEIVED: 0,
    K.CLARIFICATION_RECEIVED: 0,
    K.ID_REQUESTED: 1,
    K.FEE_REQUESTED: 1,
    K.CLARIFICATION_REQUESTED: 1,
    K.EXTENDED: 2,
    K.RESPONDED: 3,
    K.WITHDRAWN: 4,
    K.CLOSED: 4,
    K.EXAM_MARKS_REQUESTED: 0,
    K.EXAM_RESULTS_ANNOUNCED: 0,
}
_KINDS: dict[str, EventKind] = {str(k): k for k in EventKind}
ENDING_KINDS = frozenset({K.RESPONDED, K.WITHDRAWN, K.CLOSED})
# Facts about an exam-marks request rather than steps in time: the announcement may come
# before the request or after the response, and is not refused for that.
EXAM_KINDS = frozenset({K.EXAM_MARKS_REQUESTED, K.EXAM_RESULTS_ANNOUNCED})
_ANSWERS = {
    K.ID_RECEIVED: K.ID_REQUESTED,
    K.FEE_RECEIVED: K.FEE_REQUESTED,
    K.CLARIFICATION_RECEIVED: K.CLARIFICATION_REQUESTED,
}
_LABEL = {
    K.ID_REQUESTED: "ID requested",
    K.ID_RECEIVED: "ID received",
    K.FEE_REQUESTED: "fee requested",
    K.FEE_RECEIVED: "fee received",
    K.CLARIFICATION_REQUESTED: "clarification requested",
    K.CLARIFICATION_RECEIVED: "clarification received",
    K.EXTENDED: "extension notice sent",
    K.RESPONDED: "responded",
    K.WITHDRAWN: "withdrawn",
    K.CLOSED: "closed",
    K.EXAM_MARKS_REQUESTED: "exam marks requested before the results",
    K.EXAM_RESULTS_ANNOUNCED: "exam results announced",
}


@dataclass(frozen=True, slots=True)
class Timeline:
    """A checked timeline. Pairs are ``(asked, answered or None)`` in date order."""

    id_pairs: tuple[tuple[dt.date, dt.date | None], ...] = ()
    fee_pairs: tuple[tuple[dt.date, dt.date | None], ...] = ()
    pauses: tuple[tuple[dt.date, dt.date | None], ...] = ()
    extensions: tuple[dt.date, ...] = ()
    endings: tuple[tuple[EventKind, dt.date], ...] = ()
    exam_marks: bool = False  # a request for exam marks (Sch. 2 para 25)
    exam_results: dt.date | None = None  # the day the results are (to be) announced


EMPTY_TIMELINE = Timeline()


def label(kind: str) -> str:
    """Plain-English name of an event kind."""
    return _LABEL.get(kind, str(kind))


def _normalise(event: object) -> tuple[EventKind, dt.date]:
    if isinstance(event, tuple):
        if len(event) != 2:
            raise DeadlineInputError(f"event {event!r} must be a (kind, date) pair")
        kind, day = event
    else:
        try:
            kind, day = event.kind, event.date  # type: ignore[attr-defined]
        except AttributeError:
            raise DeadlineInputError(
                f"event {event!r} has no kind and date; give (kind, date) pairs"
            ) from None
    found = _KINDS.get(kind) if isinstance(kind, str) else None
    if found is None:
        text = kind.strip().lower() if isinstance(kind, str) else kind
        found = _KINDS.get(text) if isinstance(text, str) else None
        if found is None:
            raise DeadlineInputError(
                f"unknown event kind {kind!r}; known kinds: {', '.join(_KINDS)}"
            )
    if type(day) is not dt.date:
        if isinstance(day, dt.datetime):
            day = day.date()
        elif not isinstance(day, dt.date):
            raise DeadlineInputError(f"{label(found)} event has {day!r} instead of a date")
    return found, day


def _fmt(day: dt.date) -> str:
    return day.isoformat()


def parse_timeline(received: dt.date, events: Iterable[object]) -> Timeline:
    """Check ``events`` against each other and the received date; pair questions with answers."""
    items = [_normalise(event) for event in events]
    if not items:
        return EMPTY_TIMELINE
    exam_marks, exam_results = _exam_facts(items)
    if exam_marks:
        items = [item for item in items if item[0] not in EXAM_KINDS]
    for kind, day in items:
        if day < received:
            raise DeadlineInputError(
                f"{label(kind)} on {_fmt(day)} is before the request was received "
                f"on {_fmt(received)}"
            )
    items.sort(key=lambda item: (item[1], _RANK[item[0]]))
    open_asks: dict[EventKind, int] = {}  # request kind -> index into its pair list
    pairs: dict[EventKind, list[list]] = {
        K.ID_REQUESTED: [],
        K.FEE_REQUESTED: [],
        K.CLARIFICATION_REQUESTED: [],
    }
    extensions: list[dt.date] = []
    endings: list[tuple[EventKind, dt.date]] = []
    used = [False] * len(items)
    for index, (kind, day) in enumerate(items):
        if used[index]:
            continue
        if kind in ENDING_KINDS:
            endings.append((kind, day))
            continue
        if endings:
            ended_kind, ended_on = endings[0]
            raise DeadlineInputError(
                f"{label(kind)} on {_fmt(day)} comes after the case was {label(ended_kind)} "
                f"on {_fmt(ended_on)}"
            )
        if kind is K.EXTENDED:
            extensions.append(day)
            continue
        asked_kind = _ANSWERS.get(kind)
        if asked_kind is None:  # a question
            if kind in open_asks:
                if kind is K.CLARIFICATION_REQUESTED:
                    opened = pairs[kind][open_asks[kind]][0]
                    raise DeadlineInputError(
                        f"clarification requested on {_fmt(day)} opens a second pause before "
                        f"the one opened on {_fmt(opened)} was closed (record the "
                        "clarification received first)"
                    )
                continue  # asking again for ID or the fee is a reminder: the first ask stands
            open_asks[kind] = len(pairs[kind])
            pairs[kind].append([day, None])
            continue
        # An answer: it must close a question asked on or before its day.
        if asked_kind not in open_asks:
            later = _same_day_ask(items, used, index, asked_kind)
            if later is None:
                raise DeadlineInputError(_unasked_message(kind, day, asked_kind, items))
            used[later] = True
            open_asks[asked_kind] = len(pairs[asked_kind])
            pairs[asked_kind].append([day, None])
        pairs[asked_kind][open_asks.pop(asked_kind)][1] = day
    return Timeline(
        id_pairs=tuple(map(tuple, pairs[K.ID_REQUESTED])),
        fee_pairs=tuple(map(tuple, pairs[K.FEE_REQUESTED])),
        pauses=tuple(map(tuple, pairs[K.CLARIFICATION_REQUESTED])),
        extensions=tuple(extensions),
        endings=tuple(endings),
        exam_marks=exam_marks,
        exam_results=exam_results,
    )


def _exam_facts(items: list[tuple[EventKind, dt.date]]) -> tuple[bool, dt.date | None]:
    """Whether the request is for exam marks, and the announcement day if known.

    An announcement alone also marks the request as one for exam marks. Two different
    announcement days are refused: the deadline cannot depend on which one is right.
    """
    announced = sorted({day for kind, day in items if kind is K.EXAM_RESULTS_ANNOUNCED})
    if len(announced) > 1:
        raise DeadlineInputError(
            f"the exam results announcement is recorded on {len(announced)} different days "
            f"({', '.join(_fmt(day) for day in announced)}); it can have only one"
        )
    marks = bool(announced) or any(kind is K.EXAM_MARKS_REQUESTED for kind, _ in items)
    return marks, (announced[0] if announced else None)


def _same_day_ask(
    items: list[tuple[EventKind, dt.date]], used: list[bool], index: int, asked_kind: EventKind
) -> int | None:
    day = items[index][1]
    for later in range(index + 1, len(items)):
        if items[later][1] != day:
            return None
        if items[later][0] is asked_kind and not used[later]:
            return later
    return None


def _unasked_message(
    kind: EventKind, day: dt.date, asked_kind: EventKind, items: list[tuple[EventKind, dt.date]]
) -> str:
    later = [d for k, d in items if k is asked_kind and d > day]
    what = {
        K.ID_RECEIVED: "ID was received",
        K.FEE_RECEIVED: "the fee was received",
        K.CLARIFICATION_RECEIVED: "the clarification was answered",
    }[kind]
    if later:
        return (
            f"{label(kind)} on {_fmt(day)}: {what} before it was asked for "
            f"({label(asked_kind)} on {_fmt(later[0])})"
        )
    if any(k is asked_kind for k, _ in items):
        return (
            f"{label(kind)} on {_fmt(day)}: {what} but no request for it was still open "
            f"(every {label(asked_kind)} before it had already been answered)"
        )
    return (
        f"{label(kind)} on {_fmt(day)}: {what} but it was never asked for "
        f"(there is no {asked_kind.value} event)"
    )
