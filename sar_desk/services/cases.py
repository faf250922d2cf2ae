"""Case use cases. Every change writes the case file (with its audit entry) and then the
case's registry row, under the one-writer lock; everything returned is a plain value.

The shared machinery lives in :mod:`sar_desk.services.case_base`, creating a case in
:mod:`sar_desk.services.case_creation` and the other changes in
:mod:`sar_desk.services.case_changes`; all are re-exported here. Every change runs through
:func:`sar_desk.services.unit_of_work.change_case`.
"""

from __future__ import annotations

# The value types callers build requests and read results with, for convenience.
from sar_desk.core.entities import (  # noqa: F401 - re-exported
    CaseSnapshot,
    CaseSummary,
    Channel,
    Decision,
    DecisionGround,
    DecisionKind,
    DisclosureStatus,
    EventKind,
    Person,
    RequestType,
)
from sar_desk.services.case_base import (  # noqa: F401 - re-exported
    PAUSING,
    REFERENCE,
    NewCase,
    OpenCase,
    actor_name,
    audit_trail,
    case_documents,
    case_notes,
    check_case,
    close_case,
    deadline_for,
    get_case,
    get_document_bytes,
    get_letter_bytes,
    load_case,
    normalise_reference,
    not_after_today,
    open_case,
    open_case_file,
    possible_repeat,
    summary_row,
    summary_values,
)
from sar_desk.services.case_changes import (  # noqa: F401 - re-exported
    add_note,
    add_search_log,
    apply_exemption,
    assign_case,
    attach_document,
    attach_file,
    export_case,
    record_decision,
    record_dispatch,
    record_event,
    record_exam_results,
    set_document_status,
    store_letter,
)
from sar_desk.services.case_creation import create_case  # noqa: F401 - re-exported
from sar_desk.services.case_list import list_cases  # noqa: F401 - re-exported
from sar_desk.store.audit import AuditEntry  # noqa: F401 - re-exported
from sar_desk.store.workspace import Workspace  # noqa: F401 - re-exported

__all__ = [
    "NewCase", "OpenCase", "create_case", "get_case", "list_cases", "record_event",
    "apply_exemption", "record_decision", "attach_document", "attach_file",
    "set_document_status",
    "get_document_bytes", "add_note", "add_search_log", "assign_case", "store_letter",
    "get_letter_bytes", "record_dispatch", "audit_trail", "deadline_for", "open_case",
    "close_case", "check_case", "export_case", "record_exam_results",
]
