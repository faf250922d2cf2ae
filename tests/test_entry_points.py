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
