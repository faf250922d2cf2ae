"""Import the register a team kept in a spreadsheet (CSV or XLSX): every row a case.

:func:`read_sheet` reads the file into memory (nothing is copied to disk); :func:`plan_import`
maps its columns, reads its dates and names every row's problems (a dry run: nothing is
written); :func:`run_import` turns the rows that can be imported into cases, each with its
own received, responded and closed dates, keeping its reference when it has one. A row
already in the workspace (same reference, or same requester and received date) is
reported as already imported and left alone, so importing the same file twice adds
nothing. The rules are in :mod:`sar_desk.core.import_rules`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sar_desk.core import import_rules as rules
from sar_desk.core.entities import EventKind, Person
from sar_desk.core.names import normalise_name
from sar_desk.core.references import normal_reference
from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services.file_input import read_limited
from sar_desk.store.workspace import Workspace

MAX_REGISTER_BYTES = 50 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx")
RESPONSE_METHOD = "recorded in the register"
# Excel stores dates as days since 1899-12-30; plain numbers in this range in a date column
# are read as such (1954 to 2119).
SERIAL_RANGE = (20_000, 80_000)


@dataclass(frozen=True)
class Sheet:
    """The cells of a spreadsheet's first sheet: ``rows[i]`` is spreadsheet row
    ``first_line + i``."""

    name: str
    rows: tuple[tuple[object, ...], ...]
    first_line: int = 1


@dataclass(frozen=True)
class PlannedRow:
    """One row of the register and what the import will do with it."""

    line: int
    row: rules.RegisterRow
    problems: tuple[str, ...] = ()
    existing: str = ""  # the case it is already imported as

    @property
    def requester(self) -> str:
        return self.row.get("requester")

    @property
    def status(self) -> str:
        """'import', 'problems' or 'already imported'."""
        if self.problems:
            return "problems"
        return "already imported" if self.existing else "import"

    def describe(self) -> str:
        """'row 7: ...' as a person reads it."""
        if self.problems:
            return f"row {self.line}: " + " ".join(self.problems)
        if self.existing:
            return f"row {self.line}: already imported as {self.existing}"
        return f"row {self.line}: will be imported"


@dataclass(frozen=True)
class ImportPlan:
    """What a dry run found: the columns' fields, the date orders, and every row."""

    source: str
    header_line: int
    headers: tuple[str, ...]
    mapping: Mapping[int, str]
    orders: Mapping[str, str]
    rows: tuple[PlannedRow, ...]

    @property
    def to_import(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == "import"]

    @property
    def bad(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.problems]

    @property
    def already(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == "already imported"]


@dataclass
class ImportResult:
    """What an import did: the cases made (row -> reference), and the rows left alone."""

    created: dict[int, str] = field(default_factory=dict)
    already: dict[int, str] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)  # rows with problems
    cancelled: bool = False


# --- reading --------------------------------------------------------------------------


def read_sheet(path: Path | str) -> Sheet:
    """The first sheet of a ``.csv`` or ``.xlsx`` file, read in memory."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path.name} is not a register this can import: choose a .csv or "
                         ".xlsx file.", code="import.file_type", path=str(path))
    data = read_limited(path, MAX_REGISTER_BYTES, what="register")
    return _read_xlsx(data, path.name) if suffix == ".xlsx" else _read_csv(data, path.name)


def _read_csv(data: bytes, name: str) -> Sheet:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = tuple(tuple(r) for r in csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise InputError(f"{name} is not a readable CSV file ({exc}).",
                         code="import.unreadable") from None
    return Sheet(name, rows)


def _read_xlsx(data: bytes, name: str) -> Sheet:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{name} is not a readable Excel workbook ({type(exc).__name__}).",
                         code="import.unreadable") from None
    try:
        sheet = book.worksheets[0]
        first = sheet.min_row or 1
        rows = tuple(tuple(r) for r in sheet.iter_rows(values_only=True))
    finally:
        book.close()
    return Sheet(name, rows, first)


# --- the dry run ----------------------------------------------------------------------


def parse_choices(pairs: Sequence[str]) -> dict[str, str]:
    """'COLUMN=FIELD' texts as {column: field}; an InputError names one without '='."""
    chosen = {}
    for pair in pairs:
        column, sep, name = pair.rpartition("=")
        if not sep or not column.strip() or not name.strip():
            raise InputError(f"'{pair}' does not map a column to a field (COLUMN=FIELD).",
                             code="import.mapping")
        chosen[column.strip()] = name.strip()
    return chosen


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split()) if not isinstance(value, str) else value.strip()


def _date_cell(value: object) -> object:
    """A date column's cell: an Excel serial number becomes its date."""
    from openpyxl.utils.datetime import from_excel

    number = value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 5:
        number = int(value.strip())
    if isinstance(number, int | float) and not isinstance(number, bool):
        if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
            return from_excel(number).date()
        return str(value)
    return value


def columns_of(sheet: Sheet, chosen: Mapping[str, str] = ()) -> tuple[int, tuple[str, ...]]:
    """(index of the header row, its headers); an InputError when no row looks like one."""
    index = rules.header_row(sheet.rows, chosen.keys() if chosen else ())
    if index is None:
        raise InputError(f"{sheet.name} has no header row naming the fields (Reference, "
                         "Requester, Received...) in its first rows.",
                         code="import.no_header")
    return index, tuple(_text(c) for c in sheet.rows[index])


def plan_import(ws: Workspace, sheet: Sheet, chosen: Mapping[str, str] = ()) -> ImportPlan:
    """The dry run: every row of ``sheet`` with its problems (nothing is written).
    ``chosen`` maps header texts to fields by hand (the others map themselves)."""
    access.require(ws, Action.CREATE_CASE)
    index, headers = columns_of(sheet, chosen)
    problems = rules.choice_problems(headers, chosen)
    mapping = rules.auto_mapping(headers, {h: rules.field_named(f) or f
                                           for h, f in dict(chosen).items()})
    problems += rules.mapping_problems(mapping, headers)
    if problems:
        raise InputError(" ".join(problems), code="import.mapping")
    body = [(sheet.first_line + index + 1 + n, cells)
            for n, cells in enumerate(sheet.rows[index + 1:])
            if any(_text(c) for c in cells)]
    columns = {f: i for i, f in mapping.items()}

    def cell(cells: Sequence[object], name: str) -> object:
        i = columns.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    orders = {name: rules.date_order(_text(cell(c, name)) for _line, c in body)
              for name in rules.DATE_FIELDS if name in columns}
    fallback = rules.sheet_order(orders.values())
    orders = {name: order or fallback for name, order in orders.items()}
    read = []
    for line, cells in body:
        dates, date_problems = {}, []
        for name in rules.DATE_FIELDS:
            value = _date_cell(cell(cells, name))
            day, problem = rules.read_date(value, orders.get(name, ""),
                                           rules.FIELD_LABELS[name])
            dates[name] = day
            if problem:
                date_problems.append(problem)
        text = {name: _text(cell(cells, name)) for name in rules.FIELDS
                if name not in rules.DATE_FIELDS}
        read.append(rules.RegisterRow(line, text, dates, tuple(date_problems)))
    return ImportPlan(sheet.name, sheet.first_line + index, headers, mapping, orders,
                      tuple(_check_rows(ws, read)))


def _check_rows(ws: Workspace, read: list[rules.RegisterRow]) -> list[PlannedRow]:
    from sar_desk.core.deadlines import compute_deadline
    from sar_desk.store.case_flags import tombstones

    today = ws.clock.today()
    repeats = rules.repeated_rows(read)
    purged = {t.reference for t in tombstones(ws.registry)}
    names: dict[str, str] = {}
    people: dict[tuple[str, str], str] = {}
    for summary in ws.registry.list(status="all"):
        key = normalise_name(summary.requester_name)
        names[summary.reference] = key
        people.setdefault((key, summary.received.isoformat()), summary.reference)
    planned = []
    for row in read:
        problems = rules.row_problems(row, today)
        if row.line in repeats:
            problems.append(repeats[row.line])
        existing = ""
        identity = rules.identity(row)
        if identity[0] == "reference":
            ref = identity[1]
            if ref in purged:
                problems.append(f"{ref} belonged to a case that was purged: a reference is "
                                "never used again.")
            elif ref in names and names[ref] != normalise_name(row.get("requester")):
                problems.append(f"{ref} is already used by another case (a different "
                                "requester).")
            elif ref in names:
                existing = ref
            elif ws.registry.key_entry(ref) is not None or ws.case_path(ref).exists():
                problems.append(f"{ref} is already used by another case.")
            elif twin := _same_request(people, row):
                problems.append(f"The same requester's request received that day is already "
                                f"{twin}: import it under that reference or leave it out.")
        elif identity[1] and identity[2]:
            existing = people.get((identity[1], identity[2]), "")
        assignee = row.get("assignee")
        if assignee and not existing:
            try:
                access.resolve_assignee(ws, assignee)
            except InputError as exc:
                problems.append(exc.message.removesuffix(" Nothing was changed."))
        code = rules.jurisdiction_code(row.get("jurisdiction"))
        received = row.dates.get("received")
        if not problems and code and received:
            try:
                compute_deadline(received, code, _endings(row), as_of=today)
            except InputError as exc:
                problems.append(exc.message)
        planned.append(PlannedRow(row.line, row, tuple(problems),
                                  "" if problems else existing))
    return planned


def _same_request(people: Mapping[tuple[str, str], str], row: rules.RegisterRow) -> str:
    """The case already holding the request of ``row`` by requester and received date."""
    received = row.dates.get("received")
    if received is None:
        return ""
    return people.get((normalise_name(row.get("requester")), received.isoformat()), "")


def _endings(row: rules.RegisterRow) -> list[tuple[EventKind, dt.date]]:
    pairs = ((EventKind.RESPONDED, row.dates.get("responded")),
             (EventKind.CLOSED, row.dates.get("closed")))
    return [(kind, day) for kind, day in pairs if day is not None]


# --- the import -----------------------------------------------------------------------


def run_import(ws: Workspace, plan: ImportPlan, *, skip_bad_rows: bool = False,
               actor: str | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Make a case of every row of ``plan`` that can be imported. With rows that have
    problems nothing is imported, unless ``skip_bad_rows``. Each row is one case, written
    whole or not at all; ``cancelled()`` is asked between rows (the cases made stay, and
    importing again carries on where it stopped). ``progress(done, total)`` follows."""
    access.require(ws, Action.CREATE_CASE)
    access.require(ws, Action.RECORD_EVENT)
    if plan.bad and not skip_bad_rows:
        lines = ", ".join(str(r.line) for r in plan.bad)
        raise InputError(f"{len(plan.bad)} row(s) of {plan.source} have problems (rows "
                         f"{lines}); nothing was imported.", code="import.row_problems",
                         rows=lines)
    # A dry run may be old: the rows are checked again against the workspace as it is now.
    fresh = {r.line: r for r in _check_rows(ws, [r.row for r in plan.rows])}
    result = ImportResult(skipped=[r.line for r in plan.bad])
    todo = []
    for planned in plan.rows:
        now = fresh[planned.line]
        if planned.problems:
            continue
        if now.existing:
            result.already[now.line] = now.existing
        elif now.problems:
            result.skipped.append(now.line)
        else:
            todo.append(now)
    for done, row in enumerate(todo):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        result.created[row.line] = _import_row(ws, plan.source, row.row, actor)
        if progress is not None:
            progress(done + 1, len(todo))
    return result


def _import_row(ws: Workspace, source: str, row: rules.RegisterRow, actor: str | None) -> str:
    from sar_desk.core.closing_rules import OUTSIDE_KEY, OutsideResponse
    from sar_desk.services.case_creation import create_case
    from sar_desk.services.cases import NewCase
    from sar_desk.services.closing import guard_ending, note_override
    from sar_desk.store import audit
    from sar_desk.store import case_records as records

    where = f"imported from the register {source} row {row.line}"
    new = NewCase(requester=Person(name=" ".join(row.get("requester").split()),
                                   email=row.get("email"), address=row.get("address")),
                  received=row.dates["received"],
                  jurisdiction=rules.jurisdiction_code(row.get("jurisdiction")) or "uk-ew",
                  assignee=row.get("assignee"), request_text=row.get("request"))
    made = []

    def finish(session, who: str) -> None:  # noqa: ANN001 - the case file's session
        audit.append(session, who, "imported", {"from": source, "row": row.line})
        responded, closed = row.dates.get("responded"), row.dates.get("closed")
        if responded is not None:
            answer = OutsideResponse(RESPONSE_METHOD, responded, where, who)
            records.set_extra(session, OUTSIDE_KEY, answer.to_text())
            records.add_event(session, EventKind.RESPONDED, responded, answer.describe(), who)
            session.flush()
        if closed is not None:
            before = records.read_snapshot(session)
            made.append(guard_ending(ws, session, before, EventKind.CLOSED, closed, who,
                                     where))
            records.add_event(session, EventKind.CLOSED, closed, where, who)

    ref = normal_reference(row.get("reference")) or ""
    snap = create_case(ws, new, actor=actor, reference=ref, finish=finish)
    if made:
        note_override(ws, snap.reference, made[0])
    return snap.reference
