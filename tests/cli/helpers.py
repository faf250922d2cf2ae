"""Running a command in a test: its exit code, output and error output."""

from __future__ import annotations

from sar_desk.cli import main


def run(capsys, root: str, *args: str) -> tuple[int, str, str]:
    """Run ``sar-desk ARGS --workspace ROOT``; returns (exit code, stdout, stderr)."""
    code = main([*args, "--workspace", root])
    out = capsys.readouterr()
    return code, out.out, out.err
