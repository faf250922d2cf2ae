"""What to do next, in the command line's own terms: commands and options, keyed by error code.

An error's message says what went wrong for every front end; this table adds the command
or option that puts it right. Entries are templates filled from the error's facts, or
functions of the facts. A code not listed falls back to its dotted prefix (``key.wrong``
to ``key``), then to no remedy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sar_desk.errors import Remedy, SarDeskError, remedy_for, worded

UNLOCK = "sar-desk unlock --recovery-key KEY"

# The option that gives each field a service may ask for.
FIELD_OPTIONS = {
    "basis": "--basis direct-marketing|balancing",
    "detail": "--detail TEXT",
    "documents": "--documents ID...",
    "lifts": "--lifts TEXT",
    "method": "--method (e.g. email or letter)",
    "note": "--note TEXT",
    "reason": "--reason TEXT",
    "system": "--system NAME",
}


def _fields(facts: Mapping[str, Any]) -> str | None:
    options = [FIELD_OPTIONS[name] for name in facts["fields"] if name in FIELD_OPTIONS]
    if not options:
        return None
    return f"Give {'it' if len(options) == 1 else 'them'} with {' and '.join(options)}."


REMEDIES: dict[str, Remedy] = {
    "document.no_rendition": "Supply its PDF with 'sar-desk case rendition {reference} "
    "{document_id} FILE.pdf'.",
    "case.stale_save": "Run the command again: it starts from the case as it is now.",
    "server.unreachable": "Check the --server address (or SAR_DESK_SERVER) and that the "
    "server accepts this computer; try again when it answers.",
    "server.no_workspace": "Create one with 'sar-desk init --server URL', or move a folder "
    "workspace there with 'sar-desk migrate-to-server --server URL'.",
    "server.in_use": "Give --server the address of an empty database.",
    "server.bad_url": "Give --server (or SAR_DESK_SERVER) an address like "
    "postgresql://HOST/DB.",
    "server.verify_failed": "Run 'sar-desk migrate-to-server' again into a new empty database.",
    "restore.verify_failed": "Run 'sar-desk restore' again into a new empty database.",
    "restore.other_workspace": "Name with --original-server the team workspace the backup "
    "was made of.",
    "workspace.not_found": "Create one with 'sar-desk init --workspace {path}' or point "
    "--workspace (or SAR_DESK_WORKSPACE) at an existing one.",
    "workspace.unusable": "Give another folder with --workspace.",
    "intake.no_date": "Give the day it was received with --received YYYY-MM-DD.",
    "intake.old_date": "If that is the day it was received, run again with "
    "--confirm-old-date; otherwise give the day with --received YYYY-MM-DD.",
    "workspace.passphrase_required": "Give one with --passphrase-file FILE.",
    "key.no_keyring": "Give {whose} workspace passphrase with --passphrase-file FILE.",
    "key.plaintext_keyring": "Give {whose} workspace passphrase with --passphrase-file FILE.",
    "key.passphrase_required": "To open it, give {whose} passphrase with --passphrase-file FILE.",
    "key.recovery_required": f"To open it, run '{UNLOCK}'.",
    "key.no_passphrase_set": f"Run '{UNLOCK} --passphrase-file FILE' to set one.",
    "key.wrong_passphrase": f"Check the passphrase file, or run '{UNLOCK}' to set a new "
    "passphrase.",
    "key.wrong_user_passphrase": "Check the passphrase file, or ask the administrator to set a "
    "new passphrase for you.",
    "key.new_passphrase_required": "Give a new passphrase with --passphrase-file FILE.",
    "keyring.damaged": f"Run '{UNLOCK}' to restore it.",
    "keyring.wrong_key": f"Run '{UNLOCK}' to put the right key back.",
    "case_key.wrong": "'sar-desk verify' checks every case file.",
    "casefile.missing": "After restoring it, run 'sar-desk verify'.",
    "casefile.key_wrong": "Run 'sar-desk verify' and restore the file from a backup if needed.",
    "registry.damaged": "'sar-desk reindex' rebuilds the case index.",
    "casefile.rolled_back": "'sar-desk verify' names every case in this state; with an audit "
    "receipt, 'sar-desk verify --receipt FILE' shows how far the workspace went back.",
    "registry.disk_full": "'sar-desk reindex' rebuilds the case index.",
    "reindex.damaged": "Restore those case files from a backup ('sar-desk verify' names the "
    "problems), then run 'sar-desk reindex' again.",
    "user.not_a_user": "Ask its administrator to add you with "
    "'sar-desk user add {login} --role ROLE --user-passphrase-file FILE'.",
    "user.staff_only": "'sar-desk ready-letters' lists the letters of cases marked ready; "
    "'sar-desk ready-letters save REF N --out FILE' saves one to print.",
    "ready.damaged": "Run 'sar-desk reindex' (a privacy officer or administrator) to rebuild "
    "the ready letters.",
    "user.exists": "Use 'sar-desk user role {login} ROLE'.",
    "user.unknown": "Use 'sar-desk user add {login} --role ROLE --user-passphrase-file FILE'.",
    "user.first_passphrase_required": "Give it with --user-passphrase-file FILE.",
    "case.unknown": "'sar-desk case list --status all' shows the references.",
    "complaint.unknown": "'sar-desk complaint list' shows the references.",
    "case.locked_elsewhere": "Once sure that program has stopped, an administrator can "
    "release the lock with 'sar-desk unlock-case {reference} --force --reason TEXT'.",
    "case.cannot_close": "'sar-desk case show {reference}' shows the checklist; an officer "
    "may close anyway with --override REASON.",
    "case.cannot_respond": "Record a response made outside the app with 'sar-desk case "
    "responded {reference} --method TEXT --date YYYY-MM-DD', or give --override REASON.",
    "bundle.not_approved": "'sar-desk approve REF --bundle' approves the latest bundle "
    "(a second privacy officer or a manager).",
    "bundle.letter_stale": "'sar-desk letter REF final-response --out FILE' writes it again; "
    "then it is approved again.",
    "bundle.none": "'sar-desk bundle REF --out FILE.pdf' builds one.",
    "bundle.blocked": "'sar-desk case show REF' lists the documents; 'sar-desk case "
    "disclosure REF DOC_NO --status ...' records a decision.",
    "letter.not_approved": "'sar-desk approvals' lists the letters awaiting approval.",
    "letter.profile_unconfirmed": "'sar-desk profile check' lists what is not confirmed; "
    "an administrator confirms it with 'sar-desk profile confirm organisation privacy_contact "
    "fees' once checked.",
    "letter.payment_details": "'sar-desk profile check' lists what is not confirmed; an "
    "administrator confirms the payment details with 'sar-desk profile confirm fees'.",
    "document.number": "'sar-desk case show {reference}' lists the documents by number.",
    "complaint.handler_unknown": "'sar-desk user list' shows the users; an administrator "
    "adds a privacy officer with 'sar-desk user add LOGIN --role privacy_officer'.",
    "complaint.handler_not_allowed": "An administrator can add the privacy officer role to "
    "their roles with 'sar-desk user role {handler} ROLES,privacy_officer'.",
    "case.assignee_not_a_worker": "'sar-desk user list' shows the users; an administrator "
    "adds a privacy officer with 'sar-desk user add LOGIN --role privacy_officer --name NAME'.",
    "right.not_requested": "'sar-desk rights add {reference} {right}' adds it.",
    "right.export_line": "Use 'sar-desk rights export REF --documents ID...'.",
    "recipient.unknown": "'sar-desk rights recipients' shows them.",
    "exemption.unknown": "'sar-desk case exemption --list' explains them.",
    "erasure_exception.unknown": "'sar-desk rights exceptions' explains them.",
    "report.period_reversed": "Give --from no later than --to.",
    "field.required": _fields,
    "purge.pinned_day": "Unset SAR_DESK_TODAY to purge with the computer's date; it is for "
    "seeing what a user saw on a day.",
    "purge.future_date": "Leave out --as-of to purge what is due today; a later --as-of "
    "only lists what will become due.",
    "purge.confirm": "Run it again with --confirm {count} to destroy them.",
    "purge.unfinished": "'sar-desk verify' finishes it and names anything left.",
    "backup.prune_confirm": "Run it again with --confirm {count} to delete them.",
    "import.no_header": "Name the field of each column with --map COLUMN=FIELD.",
    "import.mapping": "Give the field a column holds with --map COLUMN=FIELD (fields: "
    "reference, requester, email, address, received, responded, closed, jurisdiction, "
    "assignee, request, or ignore).",
    "import.row_problems": "'sar-desk import FILE --dry-run' lists them by row; "
    "--skip-bad-rows imports the other rows.",
    "redaction.no_copy": "Accept marks with 'sar-desk redact accept', then run 'sar-desk "
    "redact apply'.",
    "redaction.none_accepted": "Accept marks first with 'sar-desk redact accept REF DOC_NO "
    "(--all | MARK_NO...)'.",
    "redaction.unusable": "'sar-desk redact apply', 'redact verify' and 'redact approve "
    "{reference}' (a manager or a second privacy officer) make it usable.",
    "redaction.approver": "Ask a manager or a second privacy officer to run 'sar-desk redact "
    "approve {reference}'.",
    "redaction.no_parties": "Add them with 'sar-desk redact parties {reference} --add NAME' "
    "or --directory STAFF.csv.",
    "redaction.no_ocr": "Draw the boxes with 'sar-desk redact mark REF DOC_NO --page P "
    "--rect x0,y0,x1,y1 --reason CODE', or install Tesseract's English data.",
}


def remedy(exc: SarDeskError) -> str | None:
    """The command line's remedy for ``exc`` (None when the message says it all)."""
    return remedy_for(exc, REMEDIES)


def describe(exc: SarDeskError) -> str:
    """The text the CLI prints for ``exc``: its message, then the remedy."""
    return worded(exc, REMEDIES)
