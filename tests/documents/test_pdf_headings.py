"""Headings, the organisation's name and table headers are drawn in the bold face."""

from __future__ import annotations

import pytest

from sar_desk.documents import fonts
from sar_desk.documents.pdf_renderer import _para


def _faces(flowable) -> set[str]:
    flowable.wrap(400, 800)  # lays the paragraph out into fragments
    frags = getattr(flowable, "frags", [])
    return {f.fontName for f in frags}


@pytest.mark.parametrize("style", ["h1", "h2", "orgname", "cellhead", "bold"])
def test_bold_styles_draw_latin_and_greek_in_the_bold_face(style):
    assert _faces(_para("Schedule of documents – Ελένη Łódź", style)) == {fonts.BOLD}


def test_body_text_stays_in_the_regular_face():
    assert _faces(_para("Dear Ελένη Łódź,", "body")) == {fonts.REGULAR}
