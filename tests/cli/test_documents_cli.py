"""sar-desk case attach (folders, archives, e-mails), case show of duplicates and pages,
case rendition and case copy-document."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pymupdf

from sar_desk.cli import main

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def new_case(capsys, ws) -> str:
    code, out, _ = run(capsys, "case", "new", "--workspace", ws, "--requester", "Ann Lee",
                       "--received", "2026-06-01")
    assert code == 0
    return out.strip()


def test_attach_a_folder_and_a_zip_then_show_duplicates_and_pages(ws, capsys, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("SAR_DESK_SOFFICE", "none")
    ref = new_case(capsys, ws)
    folder = tmp_path / "mailbox"
    folder.mkdir()
    (folder / "outcome.eml").write_bytes((MAIL / "with-attachments.eml").read_bytes())
    archive = tmp_path / "second-mailbox.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(MAIL / "with-attachments.eml", "copy/outcome.eml")
        z.writestr("../escape.txt", "no")
    code, out, _ = run(capsys, "case", "attach", ref, str(folder), str(archive),
                       str(MAIL / "report.docx"), "--workspace", ws)
    assert code == 0
    assert "Attached outcome.eml as document 1" in out
    assert "duplicate of #1" in out
    assert "Not added: second-mailbox.zip/../escape.txt: its name climbs out" in out
    code, out, _ = run(capsys, "case", "show", ref, "--workspace", ws)
    assert "#2 meeting notes.txt" in out and "attached to #1" in out
    assert "#5 outcome.eml" in out and "DUPLICATE of #1" in out
    assert "NEEDS CONVERSION: LibreOffice is not installed" in out
    assert "(attached to #1; 2 pages)" in out  # the scanned TIFF
    code, out, _ = run(capsys, "case", "attach", ref, str(MAIL / "reply.eml"), "--workspace", ws)
    code, out, _ = run(capsys, "case", "show", ref, "--workspace", ws)
    (line,) = [x for x in out.splitlines() if "reply.eml" in x]
    assert "in the thread of #1" in line


def test_supply_a_rendition_and_save_copies_out(ws, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SAR_DESK_SOFFICE", "none")
    ref = new_case(capsys, ws)
    assert run(capsys, "case", "attach", ref, str(MAIL / "report.docx"), "--workspace",
               ws)[0] == 0
    code, _, err = run(capsys, "case", "copy-document", ref, "1", "--out",
                       str(tmp_path / "r.pdf"), "--rendition", "--workspace", ws)
    assert code == 2 and "report.docx" in err and "sar-desk case rendition" in err
    supplied = tmp_path / "supplied.pdf"
    with pymupdf.open() as pdf:
        pdf.new_page().insert_text((72, 72), "Supplied")
        pdf.save(supplied)
    code, out, _ = run(capsys, "case", "rendition", ref, "1", str(supplied), "--workspace", ws)
    assert code == 0 and "now has 1 page(s)" in out
    assert run(capsys, "case", "copy-document", ref, "1", "--out", str(tmp_path / "r.pdf"),
               "--rendition", "--workspace", ws)[0] == 0
    assert (tmp_path / "r.pdf").read_bytes() == supplied.read_bytes()
    assert run(capsys, "case", "copy-document", ref, "1", "--out", str(tmp_path / "o.docx"),
               "--workspace", ws)[0] == 0
    assert (tmp_path / "o.docx").read_bytes() == (MAIL / "report.docx").read_bytes()
    code, out, _ = run(capsys, "case", "show", ref, "--workspace", ws, "--json")
    actions = [a["action"] for a in json.loads(out)["audit"]]
    assert actions.count("document_copied") == 2 and "rendition_supplied" in actions
