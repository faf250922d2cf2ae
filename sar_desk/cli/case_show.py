"""The text shown by ``sar-desk case show`` (and ``sar-desk rights checklist``)."""

from __future__ import annotations

from sar_desk.cli.documents_cmd import document_facts
from sar_desk.core.closing_rules import outside_response, overrides
from sar_desk.core.entities import CaseSnapshot
from sar_desk.core.letter_status import status_text

STAFF_NOTE = ("Staff view: the request, notes, documents, exemptions and audit trail are "
              "shown only to privacy officers and managers.")


def _person(label: str, p) -> list[str]:
    lines = [f"{label}: {p.name}"]
    for extra in (p.email, p.phone, ", ".join(p.address_lines)):
        if extra:
            lines.append(f"    {extra}")
    return lines


def _taken(word: str, taken) -> str:
    """'  [VOIDED by ann on 2026-03-04: typed twice]' for an entry taken back ('' if not)."""
    if taken is None:
        return ""
    on = f" on {taken.at:%Y-%m-%d}" if taken.at else ""
    return f"  [{word} by {taken.by}{on}: {taken.reason}]"


def _event(e) -> str:
    return (f"#{e.id} {e.date.isoformat()}  {e.kind.value}" + (f"  - {e.note}" if e.note else "")
            + _for_requester(e.wording) + _taken("VOIDED", e.voided))


def _for_requester(wording: str) -> str:
    return f" (for the requester: {wording})" if wording else ""


def _corrections(snap: CaseSnapshot) -> list[str]:
    return [(f"{c.at:%Y-%m-%d} " if c.at else "") + f"{c.by}: {c.field} {c.before!r} -> "
            f"{c.after!r} ({c.reason})" for c in snap.corrections]


def _letter(x, statuses: dict) -> str:  # noqa: ANN001 - a LetterInfo
    from sar_desk.documents.letter_kinds import needs_signoff

    line = f"#{x.id} {x.kind} ({x.format})"
    if x.generated_at:
        line += f" {x.generated_at:%Y-%m-%d}"
    if x.id in statuses:
        line += f" - {status_text(statuses[x.id], needs_signoff(x.kind))}"
    return line


def render_case(snap: CaseSnapshot, deadline, trail, problem: str = "",
                statuses: dict | None = None) -> str:
    """The case as text; ``statuses`` gives each letter's sign-off status by letter id."""
    out = [f"{snap.reference}  ({snap.status.value})",
           f"Received {snap.received.isoformat()}, logged {snap.logged.isoformat()}, "
           f"by {snap.channel.value}; calendar {snap.jurisdiction}; "
           f"assigned to {snap.assignee or 'nobody'}"]
    out += _person("Requester", snap.requester)
    if snap.subject:
        out += _person("Data subject", snap.subject)
        if snap.authority_evidence:
            out.append(f"    authority: {snap.authority_evidence}")
    if snap.extra.get("possible_repeat_of"):
        out.append(f"Possible repeat of {snap.extra['possible_repeat_of']}")
    outside = outside_response(snap)
    if outside:
        out.append(outside.describe())
    out += [made.describe() for made in overrides(snap)]
    out.append("")
    if deadline is not None:
        out.append(f"Due {deadline.due.isoformat()}"
                   + (f", {deadline.due_note}" if deadline.due_note else "")
                   + (f", extended to {deadline.extended_due.isoformat()}"
                      if deadline.extended_due else "")
                   + f" - {deadline.state_text}")
        out += [f"  {line}" for line in deadline.explanation]
    elif problem:
        out.append(f"Deadline cannot be worked out: {problem}")
    sections = [
        ("Timeline", [_event(e) for e in snap.timeline]),
        ("Exemptions", [f"#{x.id} {x.code}: {x.reasoning}"
                        + (f" (scope: {x.scope})" if x.scope else "")
                        + _for_requester(x.wording)
                        + _taken("WITHDRAWN", x.withdrawn)
                        for x in sorted((*snap.exemptions, *snap.withdrawn_exemptions),
                                        key=lambda x: x.id)]),
        ("Decisions", [f"{d.decided_on} {d.kind.value} ({d.ground.value})"
                       + (f" £{d.amount}" if d.amount is not None else "") + f": {d.reasons}"
                       + _for_requester(d.wording)
                       for d in snap.decisions]),
        ("Search log", [f"{s.searched_on} {s.system}: {s.terms}"
                        + (f" (people: {s.people})" if s.people else "") for s in snap.search_log]),
        ("Documents", [f"#{d.id} {d.filename} {d.size} bytes, {d.status.value}"
                       + (f" [{d.exemption_code}]" if d.exemption_code else "")
                       + document_facts(d, snap.documents)
                       + (f" (note: {d.note})" if d.note else "") + _for_requester(d.wording)
                       + (_taken("REMOVED", d.removed) + f" sha256 {d.sha256}"
                          if d.removed else "")
                       for d in sorted((*snap.documents, *snap.removed_documents),
                                       key=lambda d: d.id)]),
        ("Bundle", [f"#{b.id} {b.pages} pages, {b.items} items provided, built by "
                    f"{b.built_by}, " + (f"approved by {b.approved_by}" if b.approved
                                         else "awaiting approval")
                    for b in (snap.bundle,) if b is not None]),
        ("Letters", [_letter(x, statuses or {}) + _taken("SUPERSEDED", x.discarded)
                     for x in snap.letters]),
        ("Dispatches", [f"{x.date} {x.method}" + (f" {x.tracking}" if x.tracking else "")
                        + (f" (letter #{x.letter_id})" if x.letter_id else "")
                        for x in snap.dispatches]),
        ("Corrections", _corrections(snap)),
        ("Notes", [f"{n.recorded_at:%Y-%m-%d} {n.recorded_by}: {n.text}" if n.recorded_at
                   else n.text for n in snap.notes]),
        ("Audit trail", [f"{a.seq:>3} {a.at:%Y-%m-%d %H:%M} {a.actor:<12} {a.action}"
                         for a in trail]),
    ]
    for title, lines in sections:
        if lines:
            out += ["", f"{title}:"] + [f"  {line}" for line in lines]
    if snap.redacted:
        out += ["", STAFF_NOTE]
    return "\n".join(out)


def checklist_lines(items) -> list[str]:
    """The checklist as text lines, grouped by right ('case show' and 'rights checklist')."""
    marks = {"done": "[x]", "open": "[ ]", "info": "[-]"}
    out: list[str] = []
    current = None
    for item in items:
        if item.right != current:
            current = item.right
            out.append(f"{current.value.capitalize()}:")
        line = f"  {marks.get(item.state, '[?]')} "
        line += f"{item.action_id}. " if item.action_id else ""
        line += item.label
        stamp = [x for x in (item.when.isoformat() if item.when else "", item.who) if x]
        if stamp:
            line += f"  ({', '.join(stamp)})"
        out.append(line)
    return out
