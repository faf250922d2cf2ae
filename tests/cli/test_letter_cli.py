"""``sar-desk letter``: kinds list, writing a letter to a file, refusals with exit code 2."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from sar_desk.cli import main
from sar_desk.documents import LETTER_KINDS


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    from sar_desk.core.entities import Person
    from sar_desk.services import cases as C
    from sar_desk.services.workspace import init_workspace

    monkeypatch.setenv("SAR_DESK_TODAY", "2025-09-25")
    ws, _recovery = init_workspace(tmp_path / "ws")
    with ws:
        ref = C.create_case(ws, C.NewCase(requester=Person("Ελένη Жанна", "e@example.org",
                                                           "2 Mill Lane\nCV35 9EF"),
                                          received=dt.date(2025, 9, 3))).reference
    return tmp_path / "ws", ref


def test_kinds_lists_one_a_line_name_first(capsys):
    assert main(["letter", "kinds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(LETTER_KINDS)
    assert all(len(line.split(None, 1)) == 2 for line in lines)  # each has a description


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_letter_written_to_file_and_stored(workspace, tmp_path, capsys, fmt):
    root, ref = workspace
    out = tmp_path / f"ack.{fmt}"
    code = main(["letter", ref, "acknowledgement", "--format", fmt, "--out", str(out),
                 "--workspace", str(root)])
    assert code == 0, capsys.readouterr().err
    data = out.read_bytes()
    if fmt == "pdf":
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert "3 October 2025" in text and ref in text
    else:
        from tests.documents.helpers import docx_paragraphs

        assert "We will send you our response by 3 October 2025." in docx_paragraphs(data)
    assert str(out) in capsys.readouterr().out
    from sar_desk.services import cases as C
    from sar_desk.services.workspace import open_workspace

    with open_workspace(root) as ws:
        assert [(x.kind, x.format) for x in C.get_case(ws, ref).letters] == [
            ("acknowledgement", fmt)]


def test_kind_needing_a_decision_exits_2_with_message(workspace, tmp_path, capsys):
    root, ref = workspace
    out = tmp_path / "refusal.pdf"
    code = main(["letter", ref, "refusal", "--out", str(out), "--workspace", str(root)])
    err = capsys.readouterr().err
    assert code == 2
    assert "no refusal decision" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["SAR-2025-0001", "apology", "--out", "x.pdf"], "no letter kind 'apology'"),
    (["SAR-2025-0001", "acknowledgement"], "--out"),
    (["SAR-2025-0001"], "say which letter"),
])
def test_bad_arguments_are_explained(capsys, args, message):
    assert main(["letter", *args]) == 2
    assert message in capsys.readouterr().err


def test_unknown_case_is_reported(workspace, tmp_path, capsys):
    root, _ref = workspace
    code = main(["letter", "SAR-2025-0099", "acknowledgement", "--out",
                 str(tmp_path / "x.pdf"), "--workspace", str(root)])
    assert code != 0
    assert "SAR-2025-0099" in capsys.readouterr().err


def test_json_output_describes_the_stored_letter(workspace, tmp_path, capsys):
    import hashlib
    import json

    root, ref = workspace
    out = tmp_path / "ack.pdf"
    assert main(["letter", ref, "acknowledgement", "--out", str(out), "--workspace", str(root),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "acknowledgement" and data["format"] == "pdf"
    assert data["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert data["bytes"] == out.stat().st_size
