"""Export a case's redaction log (the record the ICO audit toolkit asks for) as CSV, XLSX or
PDF: document, page, reason, where the mark came from, who proposed and who decided it, when."""

from __future__ import annotations

from pathlib import Path

from sar_desk.core.roles import Action
from sar_desk.errors import InputError
from sar_desk.services import access
from sar_desk.services.case_base import get_case, normalise_reference, open_case_file
from sar_desk.store import redaction_store as store
from sar_desk.store.workspace import Workspace

LOG_FORMATS = ("csv", "xlsx", "pdf")


def log_rows(ws: Workspace, ref: str) -> list[list[object]]:
    """One row per mark (see :data:`sar_desk.documents.redaction_log.HEADER`), by document
    then mark number."""
    ref = normalise_reference(ref)
    access.require(ws, Action.READ_CASE_DETAILS, ref)
    case = get_case(ws, ref)
    names = {d.id: f"{d.id}. {d.filename}" for d in (*case.documents, *case.removed_documents)}
    with open_case_file(ws, ref) as cf, cf.reading() as session:
        marks = store.marks(session)
    return [[names.get(m.document_id, str(m.document_id)), m.number, m.page, m.reason,
             m.source.value, m.state.value, m.made_by, m.made_at[:19].replace("T", " "),
             m.decided_by, m.decided_at[:19].replace("T", " "), m.note]
            for m in sorted(marks, key=lambda m: (m.document_id, m.number))]


def log_bytes(ws: Workspace, ref: str, fmt: str) -> bytes:
    from sar_desk.documents.redaction_log import HEADER, render_log_pdf
    from sar_desk.services.reports import csv_bytes, xlsx_bytes

    fmt = fmt.lower()
    if fmt not in LOG_FORMATS:
        raise InputError(f"The redaction log can be written as {', '.join(LOG_FORMATS)}, not "
                         f"{fmt!r}.", code="redaction.log_format")
    rows = log_rows(ws, ref)
    if fmt == "csv":
        return csv_bytes([list(HEADER), *rows])
    if fmt == "xlsx":
        return xlsx_bytes({"Redaction log": [list(HEADER), *rows]}, made=ws.clock.today())
    return render_log_pdf(normalise_reference(ref), rows,
                          as_of=ws.clock.today().isoformat())


def export_log(ws: Workspace, ref: str, fmt: str, out: Path | str) -> Path:
    """Write the log to ``out`` (never inside the workspace); returns the path written."""
    from sar_desk.store.outfile import check_out, write_out

    check_out(out, workspace=ws.path, what="the redaction log")
    return write_out(out, log_bytes(ws, ref, fmt), workspace=ws.path, what="the redaction log")
