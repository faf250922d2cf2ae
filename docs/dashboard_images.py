"""Regenerate the README's dashboard screenshot and compliance-report page.

    python docs/dashboard_images.py [--cases 150] [--seed 7] [--as-of 2026-03-15]

Builds a throw-away demo workspace, grabs the dashboard widget offscreen, writes the
compliance report PDF for the twelve months to ``--as-of`` and renders its first page with
``pdftoppm`` (poppler-utils). Writes docs/images/dashboard.png and
docs/images/report-page-1.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

IMAGES = Path(__file__).resolve().parent / "images"
FONTS = Path(__file__).resolve().parents[1] / "sar_desk" / "resources" / "fonts"
PASSPHRASE = "demo images"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 3, 15))
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed to render the report page", file=sys.stderr)
        return 1

    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from sar_desk.core.metrics import month_label
    from sar_desk.services.dashboard import dashboard_loader
    from sar_desk.services.demo import build_demo
    from sar_desk.services.reports import export_report
    from sar_desk.services.workspace import init_workspace
    from sar_desk.ui.views.dashboard_view import DashboardView

    app = QApplication.instance() or QApplication([])
    for font in sorted(FONTS.glob("*.ttf")):  # names in any script, whatever is installed
        QFontDatabase.addApplicationFont(str(font))
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sar-desk-images-") as tmp:
        ws, _recovery = init_workspace(Path(tmp) / "workspace", passphrase=PASSPHRASE)
        with ws:
            build_demo(ws, cases=args.cases, seed=args.seed, as_of=args.as_of)
            view = DashboardView(dashboard_loader(ws), today=lambda: args.as_of)
            view.resize(1280, 760)
            view.show()
            view.refresh()
            view._runner.wait_idle(60_000)
            app.processEvents()
            shot = IMAGES / "dashboard.png"
            view.grab().save(str(shot), "PNG")
            view.close()
            last = (args.as_of.year, args.as_of.month)
            first_index = last[0] * 12 + last[1] - 12
            first = (first_index // 12, first_index % 12 + 1)
            pdf = export_report(ws, first, last, Path(tmp) / "report.pdf", today=args.as_of,
                                organisation="Example Council")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(IMAGES / "report-page-1")], check=True)
    print(f"Wrote {shot} and {IMAGES / 'report-page-1.png'} "
          f"(report {month_label(first)} to {month_label(last)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
