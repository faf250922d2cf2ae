"""Entry point for ``sar-desk`` and ``python -m sar_desk``."""

from __future__ import annotations

import sys


def main() -> None:
    import gc

    from sar_desk.cli import main as cli_main

    code = cli_main()
    # The process ends now: what is still alive (caches of a command that read 100,000
    # cases) is moved out of the collector's sight, so the collections run at exit do
    # not walk it all once more. Reference counting still frees it.
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    main()
