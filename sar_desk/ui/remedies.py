"""What to do next, in the window's own terms: dialogs and menus, keyed by error code.

The window never names a command or an option: an error's message says what went wrong,
and this table adds where in the window to put it right. A code not listed falls back to
its dotted prefix (``key.wrong`` to ``key``), then to the default ``"*"`` (no remedy: the
message says it all).
"""

from __future__ import annotations

from sar_desk.errors import Remedy, SarDeskError, remedy_for, worded

UNLOCK = "the unlock dialog"
REBUILD = "File ▸ Rebuild the case index"

REMEDIES: dict[str, Remedy] = {
    "document.no_rendition": "Open it in Documents and choose Replace with a PDF to supply "
    "its pages.",
    "case.stale_save": "Reload the case; what you typed stays in the form to save again.",
    "server.unreachable": "Check the network, or ask IT whether the server is running; what "
    "you typed stays in the form.",
    "server.no_workspace": "Ask your administrator for the team workspace's address.",
    "server.in_use": "Ask IT for an empty database.",
    "server.bad_url": "Ask your administrator for the team workspace's address.",
    "server.verify_failed": "Ask your administrator to move the workspace again.",
    "restore.verify_failed": "Restore the backup again onto a new, empty database.",
    "workspace.not_found": "Start SAR Desk again to create a workspace there, or ask your "
    "administrator where the workspace is.",
    "workspace.unusable": "Ask your administrator where the workspace is.",
    "intake.no_date": "Enter the received date when asked, or in the New case form.",
    "intake.old_date": "Confirm the date when asked, or enter the right one in the New case "
    "form.",
    "workspace.passphrase_required": "Type one in the Passphrase field.",
    "key.no_keyring": "Enter {whose} passphrase in " + UNLOCK + ".",
    "key.plaintext_keyring": "Enter {whose} passphrase in " + UNLOCK + ".",
    "key.passphrase_required": "To open it, enter {whose} passphrase in " + UNLOCK
    + ", or use the recovery key there.",
    "key.recovery_required": "To open it, use the recovery key in " + UNLOCK + ".",
    "key.no_passphrase_set": "Use the recovery key in " + UNLOCK + " and give a new "
    "passphrase there.",
    "key.wrong_passphrase": "Check the passphrase, or use the recovery key in " + UNLOCK
    + " to set a new one.",
    "key.wrong_user_passphrase": "Check the passphrase, or ask the administrator to set a new "
    "passphrase for you.",
    "key.new_passphrase_required": "Give a new passphrase in the New passphrase field.",
    "key": "Use the passphrase or the recovery key in " + UNLOCK + ".",
    "keyring.damaged": "Use the recovery key in " + UNLOCK + " to restore it.",
    "keyring.wrong_key": "Use the recovery key in " + UNLOCK + " to put the right key back.",
    "casefile.key_wrong": "Restore the file from a backup if needed.",
    "registry.damaged": REBUILD + " rebuilds the case index.",
    "casefile.rolled_back": "Ask an administrator to check the workspace and restore the case "
    "from the latest backup.",
    "registry.disk_full": REBUILD + " rebuilds the case index.",
    "reindex.damaged": "Restore those case files from a backup, then rebuild the case index "
    "again.",
    "user.not_a_user": "Ask its administrator to add {login} as a user.",
    "user.staff_only": "File > Print ready letters lists and prints the letters of cases "
    "marked ready.",
    "ready.damaged": "A privacy officer or administrator can rebuild it (re-index).",
    "case.unknown": "The case list, with all cases shown, gives the references.",
    "complaint.unknown": "The Complaints list gives the references.",
    "case.locked_elsewhere": "Once sure that program has stopped, an administrator can "
    "release the lock; until then the case can be read.",
    "case.cannot_close": "The case's checklist shows what is still open; an officer may "
    "close anyway with a written reason (Override).",
    "case.cannot_respond": "Record a response made outside the app from the Workflow menu, "
    "or give a written reason to override.",
    "bundle.not_approved": "A second privacy officer or a manager approves it in the "
    "case's Bundle tab.",
    "bundle.letter_stale": "Generate the final response again in the Letters tab, and have "
    "it approved.",
    "bundle.none": "Build it in the case's Bundle tab.",
    "letter.not_approved": "Ask for approval from the Workflow menu.",
    "letter.profile_unconfirmed": "An administrator checks the Organisation, Privacy "
    "contact and Fees sections in Settings, Organisation profile, and ticks them confirmed.",
    "letter.payment_details": "An administrator checks the Fees section in Settings, "
    "Organisation profile, and ticks it confirmed.",
    "complaint.handler_unknown": "Pick a login from the list; an administrator can add a "
    "privacy officer as a user.",
    "complaint.handler_not_allowed": "Pick a privacy officer from the list; an administrator "
    "can give {handler} that role under Users and roles.",
    "case.assignee_not_a_worker": "Pick a name from the list; an administrator can add a "
    "privacy officer as a user.",
    "purge.pinned_day": "Start SAR Desk without the support date to purge on the real date.",
    "purge.future_date": "Set the date back to today to purge; a later date only shows what "
    "will become due.",
    "purge.confirm": "Purge again and type the number of cases shown.",
    "purge.unfinished": "Reopening the workspace finishes it.",
    "import.no_header": "Choose the field of each column on the wizard's Columns page.",
    "import.mapping": "Choose the field of each column on the wizard's Columns page.",
    "import.row_problems": "The dry run lists them by row; tick \"Leave out the rows with "
    "problems\" to import the others.",
    "redaction.no_copy": "Accept marks in the redaction review, then press Apply.",
    "redaction.none_accepted": "Accept marks in the redaction review first (A on each).",
    "redaction.unusable": "In the redaction review press Apply and Verify; a manager or a "
    "second privacy officer then approves the redactions.",
    "redaction.approver": "Ask a manager or a second privacy officer to approve them.",
    "redaction.no_ocr": "Draw the boxes with the mouse in the redaction review.",
    "*": None,
}


def remedy(exc: SarDeskError) -> str | None:
    """The window's remedy for ``exc`` (None when the message says it all)."""
    return remedy_for(exc, REMEDIES)


def describe(exc: SarDeskError) -> str:
    """The text the window shows for ``exc``: its message, then the remedy."""
    return worded(exc, REMEDIES)
