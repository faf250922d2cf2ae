"""Renditions of office files (.docx, .xlsx, .odt, .rtf...) through LibreOffice.

``soffice`` needs the file on disk, and nothing personal may be written to disk in
plaintext: the file goes into a private folder (mode 0700) made inside a memory-backed
folder that :class:`~sar_desk.documents.rendition_result.OfficeSettings` names, with its own
LibreOffice profile there too, and the folder is removed whatever happens. Without
``soffice`` or without such a folder, the item needs conversion (the officer supplies its
PDF); so does one LibreOffice could not convert in time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path, PurePath

import pymupdf

from sar_desk.documents.rendition_result import (
    Conversion,
    OfficeSettings,
    converted,
    needs_conversion,
    unreadable,
)

SUPPLY = "supply its PDF instead"


def office_to_pdf(filename: str, data: bytes, office: OfficeSettings | None) -> Conversion:
    """The PDF LibreOffice makes of ``data`` (see the module for where it works)."""
    if office is None or not office.soffice:
        return needs_conversion(f"LibreOffice is not installed on this computer, so "
                                f"{filename} cannot be converted here; {SUPPLY}.")
    if not office.work_root:
        return needs_conversion(
            f"{filename} was not converted: this computer has no memory-backed folder in "
            f"which LibreOffice could work without writing it to disk; {SUPPLY}.")
    suffix = PurePath(filename).suffix.lower()
    if not suffix[1:].isalnum() or len(suffix) > 6:
        suffix = ".bin"
    folder = Path(tempfile.mkdtemp(prefix="sar-desk-office-", dir=office.work_root))
    try:
        os.chmod(folder, 0o700)
        source = folder / f"document{suffix}"
        fd = os.open(source, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        outcome = _run(office, folder, source)
        if outcome:
            return needs_conversion(f"{filename} was not converted: {outcome}; {SUPPLY}.")
        pdf_path = folder / "out" / "document.pdf"
        if not pdf_path.is_file():
            return unreadable(f"{filename} cannot be read by LibreOffice (it made no PDF).")
        pdf = pdf_path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return converted(pdf, doc.page_count)


def _option(name: str) -> str:
    return "-" * 2 + name


def _run(office: OfficeSettings, folder: Path, source: Path) -> str:
    """Run LibreOffice on ``source``; the reason it failed ("" when it ran)."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL")}
    env["HOME"] = str(folder)
    env["TMPDIR"] = str(folder)
    # LibreOffice's own options (long options, spelt here without the dashes).
    flags = [_option(o) for o in ("headless", "norestore", "nologo", "nodefault")]
    command = [office.soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
               *flags, _option("convert-to"), "pdf", _option("outdir"), str(folder / "out"),
               str(source)]
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, cwd=folder, env=env,
                                   start_new_session=True)
    except OSError as exc:
        return f"LibreOffice could not be started ({exc.strerror or exc})"
    try:
        process.wait(timeout=office.timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return f"LibreOffice took longer than {office.timeout:.0f} seconds"
    finally:
        with contextlib.suppress(OSError):  # its helpers too, whatever they are doing
            os.killpg(process.pid, signal.SIGKILL)
    return ""
