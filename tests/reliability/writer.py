"""A writer process for the reliability tests (run as a script, killed or timed by them).

    python -m tests.reliability.writer notes WS PASSFILE REF [SECONDS]
    python -m tests.reliability.writer create WS PASSFILE [SECONDS]
    python -m tests.reliability.writer create-killed-at POINT WS PASSFILE

``notes`` adds notes "writer <pid> note <i>" to one case; ``create`` logs new cases whose
requester is "Writer <pid> <i>". After each change is committed (the service returned) it
prints ``ok <i> <reference>`` and flushes, so the parent knows exactly what was committed
when it kills the process. With SECONDS it stops by itself and prints ``done <count>``.
``create-killed-at`` SIGKILLs itself inside case creation, at one of ``KILL_POINTS`` (a
crash at a known point).
Uses only the public services, with the passphrase (subprocesses see no keyring).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    from sar_desk.cli.common import startup_clock
    from sar_desk.core.entities import Person
    from sar_desk.services import cases
    from sar_desk.services.workspace import open_workspace

    if argv[0] == "create-killed-at":
        kill_inside_create(argv[1])
        argv = ["create", *argv[2:]]
    mode, ws_path, passfile = argv[:3]
    rest = argv[3:]
    ref = rest.pop(0) if mode == "notes" else None
    seconds = float(rest[0]) if rest else None
    passphrase = Path(passfile).read_text(encoding="utf-8").splitlines()[0]
    pid = os.getpid()
    stop = time.monotonic() + seconds if seconds else None
    count = 0
    with open_workspace(ws_path, passphrase=passphrase, clock=startup_clock()) as ws:
        print(f"ready {pid}", flush=True)
        while stop is None or time.monotonic() < stop:
            if mode == "notes":
                cases.add_note(ws, ref, f"writer {pid} note {count}")
                done_ref = ref
            else:
                snap = cases.create_case(ws, cases.NewCase(
                    requester=Person(f"Writer {pid} {count}", f"w{pid}.{count}@example.org"),
                    received=dt.date(2026, 11, 2)))
                done_ref = snap.reference
            print(f"ok {count} {done_ref}", flush=True)
            count += 1
    print(f"done {count}", flush=True)
    return 0


KILL_POINTS = ("reserved", "file", "filling", "committed", "salted", "indexed")


def kill_inside_create(point: str) -> None:
    """SIGKILL this process at ``point`` of the first case creation: after the reference is
    reserved; after an empty file appears; inside the file's first transaction; after it is
    committed; after the registry records its salt; after its row is written."""
    import signal

    from sar_desk.services import case_creation
    from sar_desk.store import case_records
    from sar_desk.store.registry import Registry

    def die(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    def after(real):
        def call(*args, **kwargs):
            result = real(*args, **kwargs)
            die()
            return result
        return call

    real_create = case_creation.CaseFile.create

    def create(path, *args, **kwargs):
        if point == "file":
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        if point in ("reserved", "file"):
            die()
        return real_create(path, *args, **kwargs)

    case_creation.CaseFile.create = create
    if point == "filling":
        case_records.write_new_case = after(case_records.write_new_case)
    elif point == "committed":
        case_creation.CaseFile.create = after(real_create)
    elif point == "salted":
        Registry.set_salt = after(Registry.set_salt)
    elif point == "indexed":
        Registry.upsert = after(Registry.upsert)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
