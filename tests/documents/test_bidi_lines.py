"""Line breaking for right-to-left text: wrapped in logical order, then reordered per line."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from sar_desk.documents.bidi_lines import base_is_rtl, display_line, layout, shape, wrap_logical


def _chars(text: str) -> float:
    """A measure for the tests: one unit per character."""
    return float(len(text))


REASONS = ("لقد طلبت نفس السجلات ثلاث مرات خلال الشهرين الماضيين وقد أرسلنا إليك نسخة كاملة "
           "منها في كل مرة ويرجى ذكر المرجع SAR-2026-0001 في أي مراسلة معنا")


def _unshape(text: str) -> str:
    """Joined (presentation) forms back to plain letters, for comparing with the source."""
    return unicodedata.normalize("NFKC", text)


def test_wrap_keeps_logical_order_first_words_on_the_first_line():
    lines = wrap_logical(REASONS, 30, _chars)
    assert len(lines) >= 4
    assert lines[0].startswith("لقد طلبت نفس")
    assert " ".join(lines) == REASONS
    assert all(len(line) <= 30 for line in lines)


def test_wrap_is_greedy_and_breaks_only_at_spaces():
    lines = wrap_logical("aaa bbb ccc dd", 7, _chars)
    assert lines == ["aaa bbb", "ccc dd"]
    assert wrap_logical("one two", 100, _chars) == ["one two"]


def test_wrap_keeps_newlines_collapses_spaces_and_cuts_overlong_words():
    assert wrap_logical("a  b\nc", 100, _chars) == ["a b", "c"]
    assert wrap_logical("\nx\n", 100, _chars) == ["x"]
    assert wrap_logical("abcdefgh ij", 3, _chars) == ["abc", "def", "gh", "ij"]
    assert wrap_logical("a\u00a0b c", 3, _chars) == ["a\u00a0b", "c"]  # no-break space holds


def test_base_direction_is_that_of_the_first_strong_letter():
    assert base_is_rtl("عائشة الحربي")
    assert base_is_rtl("2026 عائشة wrote")
    assert not base_is_rtl("Dear عائشة,")
    assert not base_is_rtl("Zoë Łukasiewicz-王芳 Ελένη")


def test_layout_reorders_each_line_on_its_own():
    lines = layout(REASONS, 30, _chars)
    logical = wrap_logical(shape(REASONS), 30, _chars)
    assert len(lines) == len(logical)
    for drawn, source in zip(lines, logical, strict=True):
        # each drawn line holds exactly its own logical line's words, reversed for RTL
        assert sorted(drawn.split()) == sorted(w[::-1] if base_is_rtl(w) else w
                                               for w in source.split())
    # reading the first drawn line from the right gives the paragraph's first words
    first = [_unshape(w[::-1]) for w in reversed(lines[0].split())]
    assert first[:3] == ["لقد", "طلبت", "نفس"]


def test_reference_inside_arabic_stays_in_one_piece_and_in_place():
    line = display_line(shape("يرجى ذكر المرجع SAR-2026-0001 في أي مراسلة"), rtl=True)
    assert "SAR-2026-0001" in line.split()
    words = line.split()
    # right to left: ... المرجع, then the reference, then في (further left)
    assert words.index("SAR-2026-0001") == words.index(shape("في")[::-1]) + 1


def test_left_to_right_text_passes_through_unchanged():
    text = "Zoë Łukasiewicz-王芳 Ελένη wrote on 3 May 2026 about SAR-2026-0001."
    assert layout(text, 25, _chars) == wrap_logical(text, 25, _chars)
    assert display_line(text, rtl=False) == text


def test_english_sentence_with_an_arabic_name_keeps_english_order():
    line = display_line(shape("We wrote to عائشة الحربي on 3 May"), rtl=False)
    assert line.startswith("We wrote to ") and line.endswith(" on 3 May")
    middle = line[len("We wrote to "):-len(" on 3 May")].split()
    assert [_unshape(w[::-1]) for w in reversed(middle)] == ["عائشة", "الحربي"]


_WORD = st.text(alphabet="abcدهوز王é", min_size=1, max_size=9)


@settings(max_examples=60, deadline=None)
@given(words=st.lists(_WORD, min_size=1, max_size=30), width=st.integers(1, 40))
def test_wrapping_loses_nothing_and_every_line_fits(words, width):
    text = " ".join(words)
    lines = wrap_logical(text, width, _chars)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(0 < len(line) <= width for line in lines)
    # greedy: the next line's first word would not have fitted on the line before
    for before, after in zip(lines, lines[1:], strict=False):
        if len(after.split()[0]) <= width:
            assert len(before) + 1 + len(after.split()[0]) > width
