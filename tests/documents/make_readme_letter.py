"""Make ``docs/images/letter-final-response.png``: page one of a final response for the sample
case of the letter tests (one document provided, one in part, one withheld), at 90 dpi.

    python -m tests.documents.make_readme_letter

Needs ``pdftoppm`` (poppler-utils). Look at the picture before committing it.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from sar_desk.core.deadlines import compute_deadline
from sar_desk.core.entities import Person
from sar_desk.documents import Sender, build_document, load_profile, render_document
from tests.documents.helpers import AS_OF, case_for

TARGET = Path(__file__).resolve().parents[2] / "docs" / "images" / "letter-final-response.png"


def make(target: Path = TARGET) -> Path:
    case = replace(case_for("final-response"), exemptions=(), requester=Person(
        "Ms Eleanor Whitfield", "e.whitfield@example.org",
        "14 Regent Street\nLeamington Spa\nWarwickshire\nCV32 4HQ"))
    deadline = compute_deadline(case.received, case.jurisdiction, case.events, as_of=AS_OF)
    document = build_document("final-response", case, profile=load_profile(),
                              sender=Sender("Priya Shah", "Data Protection Lead"),
                              as_of=AS_OF, deadline=deadline)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "letter.pdf"
        pdf.write_bytes(render_document(document, "pdf"))
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(target.with_suffix(""))], check=True)
    return target


if __name__ == "__main__":
    print("wrote", make())
