"""The letter kinds are records: each has its template, its rule and its sign-off, and the
table in docs/letters.md is the one generated from them."""

from __future__ import annotations

import pathlib

import pytest

from sar_desk.cli.kinds_table import TABLE_END, TABLE_START, markdown_table, with_table
from sar_desk.core.entities import RequestType
from sar_desk.documents import LETTER_KINDS, UnknownLetterKind, letter_kind
from sar_desk.documents.letter_kinds import needs_signoff
from sar_desk.documents.templates import builtin_dir

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "letters.md"


def test_docs_letters_table_is_generated_from_the_records():
    text = DOCS.read_text(encoding="utf-8")
    assert with_table(text) == text, (
        "docs/letters.md is out of step with the letter kinds: run "
        "python -m sar_desk.cli.kinds_table --update docs/letters.md")
    for kind in LETTER_KINDS.values():
        assert f"| `{kind.code}` | {kind.description} |" in text


def test_a_changed_record_puts_the_docs_out_of_step():
    stale = f"{TABLE_START}\n| Kind | Needs first |\n| `acknowledgement` | — |\n{TABLE_END}\n"
    assert with_table(stale) != stale
    assert markdown_table() in with_table(stale)
    with pytest.raises(ValueError, match="markers"):
        with_table("no table here")


def test_every_kind_has_its_template_and_a_title():
    for kind in LETTER_KINDS.values():
        assert (builtin_dir() / f"{kind.code}.j2").is_file(), kind.code
        assert kind.title and kind.description


def test_there_are_ten_access_letters_and_two_for_each_other_right():
    others = [t for t in RequestType if t != RequestType.ACCESS]
    assert len(LETTER_KINDS) == 10 + 2 * len(others) == 20  # access: the chaser is the tenth


def test_final_letters_need_sign_off():
    signed = {code for code in LETTER_KINDS if needs_signoff(code)}
    assert signed == {"final-response", "refusal", "no-data-held",
                      *(f"{t.value}-outcome" for t in RequestType if t != RequestType.ACCESS)}
    assert not needs_signoff("recipient-notice") and not needs_signoff("made-up")


def test_an_unknown_kind_names_the_known_ones():
    with pytest.raises(UnknownLetterKind, match="there is no letter kind 'thank-you'.*refusal"):
        letter_kind("thank-you")
