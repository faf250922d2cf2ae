"""Addresses as lines: '|' or newlines on the command line, one printed line per line, and
an address too long for the envelope window refused with the reason."""

from __future__ import annotations

import io

from tests.cli.helpers import run


def _pdf_lines(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()


def _ref(root):
    from sar_desk.services import cases as C
    from sar_desk.services.workspace import open_workspace

    with open_workspace(root) as ws:
        return C.list_cases(ws)[0].reference


def test_bar_separated_address_prints_one_line_per_line(root, capsys, tmp_path):
    code, _out, err = run(capsys, root, "case", "new", "--requester", "Ann Lee", "--address",
                          "12 High St | Leamington Spa|CV32 4AA", "--received", "2026-06-20")
    assert code == 0, err
    ref = _ref(root)
    code, out, _err = run(capsys, root, "case", "show", ref, "--json")
    assert '"address": "12 High St\\nLeamington Spa\\nCV32 4AA"' in out
    letter = tmp_path / "ack.pdf"
    assert run(capsys, root, "letter", ref, "acknowledgement", "--out", str(letter))[0] == 0
    lines = _pdf_lines(letter.read_bytes())
    start = lines.index("Ann Lee")
    assert lines[start + 1:start + 4] == ["12 High St", "Leamington Spa", "CV32 4AA"]


def test_an_address_longer_than_the_window_is_refused(root, capsys):
    seven = "|".join(f"Line {n}" for n in range(1, 8))
    code, _out, err = run(capsys, root, "case", "new", "--requester", "Ann Lee", "--address",
                          seven, "--received", "2026-06-20")
    assert code == 2
    assert "7 lines" in err and "at most 6 lines of address" in err and "Traceback" not in err
    code, _out, err = run(capsys, root, "case", "new", "--requester", "Ann Lee", "--address",
                          "|".join(seven.split("|")[:6]), "--received", "2026-06-20")
    assert code == 0, err
    ref = _ref(root)
    code, _out, err = run(capsys, root, "case", "edit", ref, "--requester-address", seven,
                          "--reason", "moved")
    assert code == 2 and "at most 6 lines" in err
