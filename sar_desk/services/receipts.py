"""Audit receipts: a signed note of every audit chain's head, kept away from the workspace.

A receipt holds the workspace audit's newest entry and, per case, the newest audit entry
the registry recorded (number and hash), with counts and one digest over them a person can
copy down. It is signed with HMAC-SHA256 under a key derived from the workspace master
key (the registry keeps those of replaced master keys), so an edited receipt is refused.
Checking a receipt later catches any rollback to a point before it: a chain that is
shorter than the receipt says, or whose entry at the receipt's number has another hash,
or a case that is gone without a tombstone. It proves nothing about changes made after it
(see docs/tamper-evidence.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

from sar_desk.core import clock
from sar_desk.core.roles import Action
from sar_desk.errors import InputError, SarDeskError
from sar_desk.services import access
from sar_desk.services.case_base import open_case_file
from sar_desk.services.reports import write_atomic
from sar_desk.store import audit, chain_heads, keys
from sar_desk.store import users as user_store
from sar_desk.store.audit_chain import canonical
from sar_desk.store.workspace import Workspace

FORMAT = "sar-desk-audit-receipt"
VERSION = 1
SIGNATURE = "hmac-sha256:"
MAX_BYTES = 64 * 1024 * 1024  # a receipt of 100,000 cases is about 10 MB


@dataclass(frozen=True)
class ReceiptSummary:
    """What a person reads off a receipt: when, by whom, counts and the short digest."""

    made: str
    made_by: str
    workspace_entries: int
    cases: int
    case_entries: int
    digest: str

    @property
    def text(self) -> str:
        cases = f"{self.cases} case{'' if self.cases == 1 else 's'}"
        return (f"Audit receipt made {self.made} by {self.made_by}: workspace audit "
                f"{self.workspace_entries} entries; {cases} holding {self.case_entries} "
                f"audit entries; digest {self.digest[:32]}")


def _heads_digest(heads: dict[str, str]) -> str:
    return hashlib.sha256(canonical(heads).encode("utf-8")).hexdigest()


def _sign(body: dict, key: bytes) -> str:
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    data = canonical(unsigned).encode("utf-8")
    return SIGNATURE + keys.receipt_signature(key, data)


def _signed_here(ws: Workspace, body: dict) -> bool:
    """Whether the receipt was signed with this workspace's master key, or with one it had
    before a user's removal replaced it."""
    given = str(body.get("signature", ""))
    return any(hmac.compare_digest(given, _sign(body, key)) for key in
               [keys.receipt_key(ws.master_key, ws.id),
                *chain_heads.earlier_receipt_keys(ws.registry)])


def make_receipt(ws: Workspace) -> tuple[str, ReceiptSummary]:
    """The receipt's text (indented JSON) and its summary. Recorded in the workspace audit
    first, so the receipt covers its own entry. Administrators and privacy officers only."""
    user = access.require(ws, Action.MAINTAIN_WORKSPACE)
    with ws.registry.writing() as conn:
        user_store.append_audit(conn, user.login, "receipt_made", {})
    ws_seq, ws_head = chain_heads.workspace_head(ws.registry)
    heads = {ref: f"{seq}:{head}" for ref, (seq, head) in
             chain_heads.case_heads(ws.registry).items()}
    summary = ReceiptSummary(
        made=clock.now().isoformat(timespec="seconds"), made_by=user.login,
        workspace_entries=ws_seq, cases=len(heads),
        case_entries=sum(int(h.split(":", 1)[0]) for h in heads.values()),
        digest=_heads_digest({"workspace": f"{ws_seq}:{ws_head}", **heads}))
    body = {
        "format": FORMAT, "version": VERSION, "workspace": ws.id,
        "summary": summary.text, "made": summary.made, "made_by": summary.made_by,
        "workspace_audit": {"entries": ws_seq, "head": ws_head},
        "cases": {"count": summary.cases, "entries": summary.case_entries,
                  "digest": summary.digest},
        "heads": heads,
    }
    body["signature"] = _sign(body, keys.receipt_key(ws.master_key, ws.id))
    return json.dumps(body, indent=1, ensure_ascii=False) + "\n", summary


def write_receipt(ws: Workspace, out: Path | str) -> ReceiptSummary:
    """Make a receipt and write it to ``out`` (keep it away from the workspace)."""
    text, summary = make_receipt(ws)
    write_atomic(out, text.encode("utf-8"))
    return summary


def read_receipt(path: Path | str) -> dict:
    """The receipt in ``path`` as data; an InputError when it is not one."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{path} is too large to be an audit receipt.")
        body = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"Cannot read the audit receipt {path}: "
                         f"{getattr(exc, 'strerror', None) or exc}.") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise InputError(f"{path} is not a SAR Desk audit receipt.")
    if body.get("version") != VERSION:
        raise InputError(f"{path} is an audit receipt of another version "
                         f"({body.get('version')!r}); this SAR Desk reads version {VERSION}.")
    return body


def _head(text: object) -> tuple[int, str]:
    seq, _, head = str(text).partition(":")
    return int(seq), head


def receipt_problems(ws: Workspace, path: Path | str) -> list[str]:
    """Every way the workspace has gone back to before the receipt in ``path``; [] if none.

    Administrators and privacy officers only. A receipt that is not this workspace's, or
    that was edited (its signature does not match), is an InputError.
    """
    access.require(ws, Action.MAINTAIN_WORKSPACE)
    body = read_receipt(path)
    if body.get("workspace") != ws.id:
        raise InputError(f"{path} is an audit receipt of another workspace.")
    if not _signed_here(ws, body):
        raise InputError(f"{path} was altered after it was made, or was not made with this "
                         "workspace's key: its signature does not match. Use the copy kept "
                         "away from the workspace.")
    made = body.get("made", "?")
    try:
        recorded = body["workspace_audit"]
        heads = {str(ref): _head(text) for ref, text in body["heads"].items()}
        seq, head = int(recorded["entries"]), str(recorded["head"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InputError(f"{path} is not a complete audit receipt.") from None
    problems = _workspace_audit(ws, seq, head, made)
    purged = chain_heads.purged(ws.registry)
    now = chain_heads.case_heads(ws.registry)
    keyed = set(ws.registry.references_with_keys())
    for ref, (case_seq, case_head) in heads.items():
        if ref in purged:
            continue  # destroyed at the end of retention, and recorded so
        if ref not in keyed:
            problems.append(f"{ref}: the receipt of {made} recorded it with {case_seq} audit "
                            "entries; the workspace has no such case and no record that it "
                            "was purged")
            continue
        registry_seq = now.get(ref, (0, ""))[0]
        if registry_seq < case_seq:
            problems.append(f"{ref}: the registry's record ends at audit entry {registry_seq}, "
                            f"before entry {case_seq} of the receipt of {made} (the registry "
                            "was rolled back)")
        problems += [f"{ws.case_path(ref)}: {p}" for p in
                     _case_file(ws, ref, case_seq, case_head, made)]
    return problems


def _workspace_audit(ws: Workspace, seq: int, head: str, made: str) -> list[str]:
    newest, _ = chain_heads.workspace_head(ws.registry)
    if newest < seq:
        return [f"{ws.registry.path}: the workspace audit holds {newest} entries, fewer than "
                f"the {seq} of the receipt of {made}: the registry was rolled back"]
    if seq and chain_heads.workspace_entry_hash(ws.registry, seq) != head:
        return [f"{ws.registry.path}: workspace audit entry {seq} is not the one the receipt "
                f"of {made} recorded: the workspace audit was rewritten"]
    return []


def _case_file(ws: Workspace, ref: str, seq: int, head: str, made: str) -> list[str]:
    try:
        with open_case_file(ws, ref, read_only=True) as case, case.reading() as session:
            row = audit.entry_at(session, seq)
            newest = audit.last_entry(session)
    except SarDeskError as exc:
        return [str(exc)]
    if row is None:
        return [f"its audit trail ends at entry {newest.seq if newest else 0}, before entry "
                f"{seq} of the receipt of {made}: the case file was rolled back"]
    if row.hash != head:
        return [f"its audit entry {seq} is not the one the receipt of {made} recorded: its "
                "history was rewritten"]
    return []
