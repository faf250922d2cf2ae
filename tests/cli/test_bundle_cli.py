"""``sar-desk bundle``, ``approve --bundle`` and ``dispatch --bundle`` from the command line."""

from __future__ import annotations

import datetime as dt
import json

import pymupdf
import pytest

from sar_desk.cli import main


def make_pdf(path, text: str):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 100), text)
    doc.save(path)
    return path


@pytest.fixture
def case(tmp_path, monkeypatch, capsys):
    """A workspace made by ada, with officer bob, and a case holding two PDFs."""
    from sar_desk.core.entities import Person
    from sar_desk.services import cases as C
    from sar_desk.services.workspace import open_workspace

    monkeypatch.setenv("SAR_DESK_TODAY", "2026-06-30")
    monkeypatch.setenv("LOGNAME", "ada")
    secret = tmp_path / "bob.txt"
    secret.write_text("bob first passphrase\n", encoding="utf-8")
    ws = ["--workspace", str(tmp_path / "ws")]
    assert main(["init", *ws]) == 0
    assert main(["user", "add", "bob", "--role", "privacy_officer", "--user-passphrase-file",
                 str(secret), *ws]) == 0
    with open_workspace(tmp_path / "ws") as handle:
        ref = C.create_case(handle, C.NewCase(requester=Person("Łucja Wójcik"),
                                              received=dt.date(2026, 6, 1))).reference
        C.attach_document(handle, ref, make_pdf(tmp_path / "kept.pdf", "Kept letter"))
        C.attach_document(handle, ref, make_pdf(tmp_path / "held.pdf", "Held advice"))
        C.set_document_status(handle, ref, 1, "disclose")
    capsys.readouterr()
    return ws, ref, secret


def test_bundle_is_blocked_by_an_undecided_item_naming_it(case, tmp_path, capsys):
    ws, ref, _secret = case
    code = main(["bundle", ref, "--out", str(tmp_path / "b.pdf"), *ws])
    err = capsys.readouterr().err
    assert code == 2 and "item 2 (held.pdf) has no disclosure decision" in err
    assert "Traceback" not in err and not (tmp_path / "b.pdf").exists()


def test_bundle_built_approved_by_a_second_officer_and_dispatched(case, tmp_path, capsys,
                                                                  monkeypatch):
    ws, ref, secret = case
    assert main(["case", "disclosure", ref, "2", "--status", "withhold", "--exemption",
                 "third-party", *ws]) == 0
    out = tmp_path / "bundle.pdf"
    capsys.readouterr()
    assert main(["bundle", ref, "--out", str(out), "--json", *ws]) == 0
    built = json.loads(capsys.readouterr().out)
    assert built["pages"] == 3 and not built["approved"]
    assert [(i["number"], i["status"], i["pages"]) for i in built["items"]] == [
        (1, "provided", [3, 3]), (2, "withheld", None)]
    assert pymupdf.open(out).page_count == 3

    code = main(["dispatch", ref, "--bundle", "--method", "post", "--date", "2026-06-30", *ws])
    err = capsys.readouterr().err
    assert code == 2 and "has not been approved" in err and "approve" in err
    assert main(["approve", ref, "--bundle", *ws]) == 3  # ada built it
    capsys.readouterr()

    monkeypatch.setenv("LOGNAME", "bob")
    assert main(["approve", ref, "--bundle", "--passphrase-file", str(secret), *ws]) == 0
    assert "approved by bob" in capsys.readouterr().out
    monkeypatch.setenv("LOGNAME", "ada")
    assert main(["dispatch", ref, "--bundle", "--method", "post", "--date", "2026-06-30",
                 "--json", *ws]) == 0
    assert json.loads(capsys.readouterr().out)["bundle_id"] == built["bundle_id"]
    assert main(["case", "show", ref, *ws]) == 0
    assert f"#{built['bundle_id']} 3 pages, 1 items provided, built by ada, approved by bob" \
        in capsys.readouterr().out


def test_portable_bundle_needs_the_portability_right(case, tmp_path, capsys):
    ws, ref, _secret = case
    main(["case", "disclosure", ref, "2", "--status", "withhold", "--exemption", "third-party",
          *ws])
    capsys.readouterr()
    code = main(["bundle", ref, "--portable", "--out", str(tmp_path / "dir"), *ws])
    assert code == 2 and "does not ask for portability" in capsys.readouterr().err
