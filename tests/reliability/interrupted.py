"""Run one purge or legal hold and stop the process dead at a chosen point in it.

``python -m tests.reliability.interrupted WORKSPACE MODE REFERENCE [CERTIFICATES]``, with
``SAR_DESK_TODAY`` set and the reliability passphrase. Modes:

* ``purge-before-unlink``: stop just before the case file is deleted (its key is gone);
* ``purge-after-unlink``: stop just after it is deleted (before the certificate is written);
* ``hold-after-case``: stop just after the hold is written to the case's own audit trail;
* ``release-after-case``: the same for a release.

``os._exit`` stops the process as SIGKILL would: nothing after it runs, no clean-up.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import sys
from pathlib import Path

from sar_desk.core.clock import FixedClock
from sar_desk.services import retention, unit_of_work
from sar_desk.services.workspace import open_workspace
from tests.reliability.conftest import PASSPHRASE

KILLED = 9


def stop_at_case_file(after: bool) -> None:
    real = os.unlink

    def unlink(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        doomed = str(path).endswith(".sarcase")
        if doomed and not after:
            os._exit(KILLED)
        real(path, *args, **kwargs)
        if doomed:
            os._exit(KILLED)

    os.unlink = unlink


def stop_after_case_write() -> None:
    real = unit_of_work.change_case

    def change_case(*args, **kwargs):  # noqa: ANN002, ANN003
        result = real(*args, **kwargs)
        os._exit(KILLED)
        return result

    unit_of_work.change_case = change_case


def main(argv: list[str]) -> int:
    path, mode, ref = argv[:3]
    certificates = Path(argv[3]) if len(argv) > 3 else None
    ws = open_workspace(path, passphrase=PASSPHRASE,
                        clock=FixedClock(dt.date.fromisoformat(os.environ["SAR_DESK_TODAY"])))
    if mode.startswith("purge"):
        stop_at_case_file(after=mode == "purge-after-unlink")
        confirmed = {"confirm": 1} if "confirm" in inspect.signature(retention.purge).parameters \
            else {}  # so the same kill points run against a SAR Desk without confirmation
        retention.purge(ws, references=[ref], certificates_dir=certificates, **confirmed)
    elif mode == "hold-after-case":
        stop_after_case_write()
        retention.set_hold(ws, ref, "tribunal claim 2611")
    elif mode == "release-after-case":
        stop_after_case_write()
        retention.set_hold(ws, ref, release=True)
    print("finished without being stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
