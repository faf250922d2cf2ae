"""Regenerate the README's screenshot of the Bundle tab.

    python docs/bundle_images.py

Builds a throw-away workspace holding one case with a few small PDFs (provided, withheld,
a duplicate left out), builds its bundle, opens the case in the window offscreen at
1280x720 and grabs the Bundle tab. Writes docs/images/bundle-view.png.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
os.environ["LOGNAME"] = "priya.shah"  # who builds the bundle, as the tab shows

IMAGES = Path(__file__).resolve().parent / "images"
PASSPHRASE = "bundle images"
TODAY = dt.date(2026, 3, 16)
DOCUMENTS = (  # file name, pages of text, decision, exemption
    ("Grievance outcome letter.pdf", ("Outcome of the grievance raised by Ελένη Łódź",
                                      "Reasons for the decision", "Right of appeal"), "disclose",
     ""),
    ("HR case notes.pdf", ("Case notes, meeting of 4 February 2026", "Actions agreed"),
     "disclose", ""),
    ("Advice from counsel.pdf", ("Privileged and confidential",), "withhold",
     "legal-privilege"),
    ("Occupational health referral.pdf", ("Referral to occupational health",
                                          "Manager's questions"), "disclose", ""),
    ("Reference request from 王芳.pdf", ("Confidential reference",), "withhold",
     "confidential-references"),
)


def _pdf(path: Path, pages: tuple[str, ...]) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        page.insert_textbox(pymupdf.Rect(72, 72, 520, 760), text + "\n\n" + "Lorem ipsum "
                            "dolor sit amet, consectetur adipiscing elit. " * 12,
                            fontsize=11)
    doc.save(path)
    return path


def main() -> int:
    from sar_desk.core.clock import FixedClock
    from sar_desk.core.entities import Person
    from sar_desk.services import bundle, cases
    from sar_desk.services.workspace import init_workspace
    from sar_desk.ui.app import application, build_window, settle, use_ui_font
    from sar_desk.ui.tasks import TaskRunner

    app = application()
    use_ui_font()
    IMAGES.mkdir(parents=True, exist_ok=True)
    shot = IMAGES / "bundle-view.png"
    with tempfile.TemporaryDirectory(prefix="sar-desk-images-") as tmp:
        ws, _recovery = init_workspace(Path(tmp) / "workspace", passphrase=PASSPHRASE,
                                       clock=FixedClock(TODAY))
        with ws:
            ref = cases.create_case(ws, cases.NewCase(
                requester=Person("Ελένη Łódź", "eleni@example.org"),
                received=dt.date(2026, 2, 20))).reference
            for number, (name, pages, status, code) in enumerate(DOCUMENTS, start=1):
                cases.attach_document(ws, ref, _pdf(Path(tmp) / name, pages))
                cases.set_document_status(ws, ref, number, status, code)
            cases.add_search_log(ws, ref, "HR system", "Łódź, employee 4411", "HR team",
                                 on=dt.date(2026, 2, 24))
            bundle.build(ws, ref)
            window = build_window(ws, runner=TaskRunner(app))
            window.resize(1280, 720)
            window.show()
            settle(window)
            window.open_case(ref)
            settle(window)
            view = window.case_view
            view.tabs.setCurrentWidget(view.bundle)
            settle(window)
            window.grab().save(str(shot), "PNG")
            window.close()
    print(f"Wrote {shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
