"""Every letter kind, in both formats, for a case of the demo workspace."""

from __future__ import annotations

import datetime as dt

import pytest

from sar_desk.core.entities import EventKind
from sar_desk.documents import LETTER_KINDS, LetterNotAllowed, build_document, render_document
from sar_desk.documents.dates import long_date
from tests.documents.helpers import docx_paragraphs, pdf_body_text, squash

DEMO_DAY = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def demo_cases(tmp_path_factory):
    from sar_desk.services import cases as C
    from sar_desk.services import demo
    from sar_desk.services.workspace import init_workspace

    ws, _recovery = init_workspace(tmp_path_factory.mktemp("demo") / "ws",
                                   passphrase="demo passphrase")
    with ws:
        refs = demo.build_demo(ws, cases=80, seed=1, as_of=DEMO_DAY)
        return [C.get_case(ws, ref) for ref in refs]


def _letter_day(kind, case):
    if kind == "extension-notice":
        extended = [e.date for e in case.events if e.kind == EventKind.EXTENDED]
        return extended[0] if extended else DEMO_DAY
    return DEMO_DAY


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_demo_case_letter_in_both_formats(demo_cases, profile, sender, kind):
    from sar_desk.services.cases import deadline_for

    for case in demo_cases:
        day = _letter_day(kind, case)
        deadline = deadline_for(case, as_of=day)
        try:
            document = build_document(kind, case, profile=profile, sender=sender, as_of=day,
                                      deadline=deadline)
        except LetterNotAllowed:
            continue
        break
    else:
        pytest.fail(f"no demo case is ready for a {kind} letter")
    pdf, data = render_document(document, "pdf"), render_document(document, "docx")
    paragraphs = docx_paragraphs(data)
    assert paragraphs == document.paragraphs()
    footer = f"{document.letterhead.legal_line} · Our reference {case.reference}"
    assert pdf_body_text(pdf, footer) == squash("".join(paragraphs))
    text = "\n".join(paragraphs)
    expected = [case.requester.name, case.reference, long_date(day), long_date(case.received)]
    if kind == "acknowledgement":
        expected.append(long_date(deadline.effective_due))
    if kind == "extension-notice":
        expected += [long_date(deadline.due), long_date(deadline.extended_due)]
    for value in expected:
        assert value in text, (kind, value)
