"""Entry point for ``sar-desk`` and ``python -m sar_desk``."""

from __future__ import annotations

import sys


def main() -> None:
    from sar_desk.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
