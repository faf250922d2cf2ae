"""The command starts: ``sar-desk --version`` and ``python -m sar_desk``."""

from __future__ import annotations

import subprocess
import sys

from sar_desk import __version__


def test_python_m_version():
    out = subprocess.run(
        [sys.executable, "-m", "sar_desk", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"sar-desk {__version__}"


def test_help_lists_commands(capsys):
    from sar_desk.cli import main

    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "sar-desk" in capsys.readouterr().out


def test_an_unexpected_error_shows_one_line_and_no_traceback():
    """A bug in a command: one readable line, exit 1, no traceback (details only on request)."""
    code = (
        "import sys\n"
        "import sar_desk.cli.deadline_cmd as d\n"
        "def run(args):\n"
        "    raise RuntimeError('broken for Ελένη')\n"
        "d.run = run\n"
        "from sar_desk.cli import main\n"
        "sys.exit(main(['deadline', '--received', '2025-09-03']))\n"
    )
    from sar_desk.logfile import FILE_NAME, default_folder

    log_file = default_folder() / FILE_NAME
    quiet = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert quiet.returncode == 1
    assert "Traceback" not in quiet.stderr
    assert quiet.stderr.strip().splitlines() == [
        "sar-desk: unexpected error (RuntimeError: broken for Ελένη). Nothing was changed by "
        f"the failed step; please report this with the command used. The details are in the "
        f"log file {log_file}."
    ]
    logged = log_file.read_text(encoding="utf-8")  # the traceback, without the message
    assert "RuntimeError" in logged and 'line 4, in run' in logged and "Ελένη" not in logged
    import os

    loud = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "SAR_DESK_DEBUG": "1"})
    assert "Traceback" in loud.stderr
