"""The text shown by ``sar-desk case show`` (and ``sar-desk rights checklist``)."""

from __future__ import annotations

from sar_desk.core.entities import CaseSnapshot

STAFF_NOTE = ("Staff view: the request, notes, documents, exemptions and audit trail are "
              "shown only to privacy officers and managers.")


def _person(label: str, p) -> list[str]:
    lines = [f"{label}: {p.name}"]
    for extra in (p.email, p.phone, ", ".join(p.address_lines)):
        if extra:
            lines.append(f"    {extra}")
    return lines


def render_case(snap: CaseSnapshot, deadline, trail, problem: str = "") -> str:
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
        ("Timeline", [f"{e.date.isoformat()}  {e.kind.value}" + (f"  - {e.note}" if e.note else "")
                      for e in snap.events]),
        ("Exemptions", [f"{x.code}: {x.reasoning}" + (f" (scope: {x.scope})" if x.scope else "")
                        for x in snap.exemptions]),
        ("Decisions", [f"{d.decided_on} {d.kind.value} ({d.ground.value})"
                       + (f" £{d.amount}" if d.amount is not None else "") + f": {d.reasons}"
                       for d in snap.decisions]),
        ("Search log", [f"{s.searched_on} {s.system}: {s.terms}"
                        + (f" (people: {s.people})" if s.people else "") for s in snap.search_log]),
        ("Documents", [f"#{d.id} {d.filename} {d.size} bytes, {d.status.value}"
                       + (f" [{d.exemption_code}]" if d.exemption_code else "")
                       for d in snap.documents]),
        ("Letters", [f"#{x.id} {x.kind} ({x.format}) {x.generated_at:%Y-%m-%d}"
                     if x.generated_at else f"#{x.id} {x.kind} ({x.format})"
                     for x in snap.letters]),
        ("Dispatches", [f"{x.date} {x.method}" + (f" {x.tracking}" if x.tracking else "")
                        + (f" (letter #{x.letter_id})" if x.letter_id else "")
                        for x in snap.dispatches]),
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
