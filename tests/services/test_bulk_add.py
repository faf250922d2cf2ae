"""Adding folders and .zip archives: every file added, hostile entries refused by name,
progress heard and work that can be stopped."""

from __future__ import annotations

import datetime as dt
import os
import stat
import zipfile
from pathlib import Path

import pytest

from sar_desk.core.entities import Person
from sar_desk.errors import InputError
from sar_desk.services import cases
from sar_desk.services.bulk_add import add_files

MAIL = Path(__file__).resolve().parents[1] / "data" / "mail"


@pytest.fixture
def ref(ws, monkeypatch):
    monkeypatch.setenv("SAR_DESK_SOFFICE", "none")
    return cases.create_case(ws, cases.NewCase(
        requester=Person("Ann Lee", "ann@example.org"), received=dt.date(2026, 6, 1),
        jurisdiction="uk-ew")).reference


def names(ws, ref) -> list[str]:
    return sorted(d.filename for d in cases.get_case(ws, ref).documents)


def test_a_folder_is_added_recursively(ws, ref, tmp_path):
    folder = tmp_path / "export"
    (folder / "2025" / "march").mkdir(parents=True)
    (folder / "a.txt").write_text("alpha", encoding="utf-8")
    (folder / "2025" / "march" / "b.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    heard = []
    result = add_files(ws, ref, [folder], progress=lambda done, total, name:
                       heard.append((done, total, name)))
    assert names(ws, ref) == ["a.txt", "b.csv"]
    assert heard[-1] == (2, 2, "") and heard[0][:2] == (0, 2)
    assert "export/2025/march/b.csv" in [h[2] for h in heard]
    assert result.summary == "Added 2 items."


def test_a_zip_archive_is_unpacked_in_memory_and_its_files_added(ws, ref, tmp_path):
    archive = tmp_path / "mailbox.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(MAIL / "reply.eml", "inbox/reply.eml")
        z.writestr("notes/readme.txt", "plain notes")
    add_files(ws, ref, [archive])
    assert names(ws, ref) == ["readme.txt", "reply.eml"]


def test_hostile_zip_entries_are_refused_by_name_and_the_rest_added(ws, ref, tmp_path):
    archive = tmp_path / "hostile.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../etc/evil.txt", "climb")
        z.writestr("/abs/path.txt", "absolute")
        z.writestr("C:/windows/drive.txt", "drive")
        link = zipfile.ZipInfo("link-to-secret")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("bomb.txt", b"0" * (8 * 1024 * 1024))  # deflates ~1000 to 1
        z.writestr("fine.txt", "kept")
    result = add_files(ws, ref, [archive])
    assert names(ws, ref) == ["fine.txt"]
    refused = dict(result.skipped)
    assert "climbs out of the archive" in refused["hostile.zip/../../etc/evil.txt"]
    assert "absolute path" in refused["hostile.zip//abs/path.txt"]
    assert "absolute path" in refused["hostile.zip/C:/windows/drive.txt"]
    assert "symbolic link" in refused["hostile.zip/link-to-secret"]
    assert "zip bomb" in refused["hostile.zip/bomb.txt"]


def test_an_archive_with_too_many_entries_is_refused(ws, ref, tmp_path, monkeypatch):
    from sar_desk.core.limits import Limits

    monkeypatch.setattr("sar_desk.services.bulk_add.workspace_limits",
                        lambda _ws: Limits(archive_entries=3))
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for n in range(5):
            z.writestr(f"f{n}.txt", str(n))
    with pytest.raises(InputError, match="5 entries, more than the limit of 3"):
        add_files(ws, ref, [archive])
    assert names(ws, ref) == []


def test_a_link_in_a_folder_is_not_followed(ws, ref, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the folder", encoding="utf-8")
    (folder / "ok.txt").write_text("inside", encoding="utf-8")
    os.symlink(secret, folder / "sneaky.txt")
    result = add_files(ws, ref, [folder])
    assert names(ws, ref) == ["ok.txt"]
    assert dict(result.skipped)["in/sneaky.txt"] == "it is a link, which is not followed"


def test_a_hostile_file_name_is_recorded_readably(ws, ref, tmp_path):
    raw = os.fsencode(tmp_path) + b"/bad\xffname\x07.txt"
    with open(raw, "wb") as out:
        out.write(b"text")
    add_files(ws, ref, [os.fsdecode(raw)])
    assert names(ws, ref) == ["bad\ufffdname\ufffd.txt"]


def test_work_can_be_stopped_between_files_keeping_what_was_added(ws, ref, tmp_path):
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text(str(n), encoding="utf-8")
    asked = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 2

    result = add_files(ws, ref, sorted(tmp_path.glob("*.txt")), cancel=cancel)
    assert result.cancelled and len(result.added) == 2
    assert names(ws, ref) == ["0.txt", "1.txt"]
    assert result.summary == "Added 2 items before it was stopped."


def test_a_missing_file_alone_is_an_error_naming_it(ws, ref, tmp_path):
    with pytest.raises(InputError, match="nothing-here.txt"):
        add_files(ws, ref, [tmp_path / "nothing-here.txt"])


def test_a_large_file_is_streamed_in_and_converted_when_first_needed(ws, ref, tmp_path,
                                                                      monkeypatch):
    from sar_desk.core.entities import RenditionState
    from sar_desk.services.renditions import rendition_pdf

    monkeypatch.setattr("sar_desk.services.case_changes.STREAM_ABOVE", 10)
    big = tmp_path / "big.txt"
    big.write_text("a large text file " * 10, encoding="utf-8")
    (added,) = add_files(ws, ref, [big]).added
    assert added.rendition is RenditionState.PENDING
    assert rendition_pdf(ws, ref, added.id).startswith(b"%PDF")
    (doc,) = cases.get_case(ws, ref).documents
    assert doc.rendition is RenditionState.CONVERTED
