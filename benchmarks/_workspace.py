"""Demo workspaces for the benchmarks, built once and kept in ``benchmarks/.cache``.

A cached workspace is keyed by its size, how it was built and a hash of the code that
decides what a case file and a registry row hold (:data:`SOURCES`): change that code and
the next run builds a new one (and removes the old). The build time is measured when a
workspace is built and kept beside it, so later runs report the figure of the build that
made the workspace they use.

Benchmarks that change cases work on :func:`scratch_copy`: the registry and the cases they
change are copied, every other case file is a hard link (nothing is written to those).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # passphrase path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
PASSPHRASE = "benchmark passphrase"
AS_OF = dt.date(2026, 6, 30)
STAMP = "build.json"


# What decides the content of a demo case file and its registry row.
SOURCES = ("sar_desk/core", "sar_desk/store", "sar_desk/services/demo.py",
           "sar_desk/services/demo_bulk.py", "sar_desk/services/rights_demo.py",
           "sar_desk/services/case_base.py", "sar_desk/services/access.py",
           "sar_desk/services/permissions.py", "sar_desk/services/sign_in.py")


def code_version() -> str:
    """A short hash of every source file that shapes a demo case file or registry row."""
    digest = hashlib.sha256()
    for name in SOURCES:
        path = ROOT / name
        for item in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if item.exists():
                digest.update(item.relative_to(ROOT).as_posix().encode())
                digest.update(item.read_bytes())
    return digest.hexdigest()[:12]


def passphrase_file() -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "passphrase.txt"
    if not path.exists():
        path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def _build(root: Path, cases: int, bulk: bool) -> None:
    from sar_desk.services.demo import build_demo
    from sar_desk.services.demo_bulk import build_bulk_demo
    from sar_desk.services.workspace import init_workspace

    ws, _ = init_workspace(root, passphrase=PASSPHRASE)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"  {done:,}/{total:,} cases, {time.perf_counter() - started:.0f} s",
              end="\r", flush=True)

    with ws:
        if bulk:
            build_bulk_demo(ws, cases=cases, seed=1, as_of=AS_OF, progress=progress)
        else:
            build_demo(ws, cases=cases, seed=1, as_of=AS_OF, progress=progress)
    print()


def workspace(cases: int, *, bulk: bool) -> tuple[Path, dict]:
    """The cached demo workspace of ``cases`` cases (built now if missing) and its build
    record: ``seconds`` (process wall time of the build), ``date``, ``cases``, ``how``."""
    how = "bulk" if bulk else "demo"
    name = f"{how}-{cases}-{code_version()}"
    root = CACHE / name
    stamp = root / STAMP
    if stamp.exists():
        return root / "ws", json.loads(stamp.read_text(encoding="utf-8"))
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{how}-{cases}-*"):  # an older code version, or a broken build
        shutil.rmtree(old, ignore_errors=True)
    building = CACHE / f"building-{name}"
    shutil.rmtree(building, ignore_errors=True)
    print(f"Building a {cases:,}-case workspace ({how}) in {root} (kept for later runs) ...",
          flush=True)
    started = time.perf_counter()
    _build(building / "ws", cases, bulk)
    record = {"seconds": round(time.perf_counter() - started, 1),
              "date": dt.date.today().isoformat(), "cases": cases, "how": how,
              "load_average": round(os.getloadavg()[0], 1)}
    (building / STAMP).write_text(json.dumps(record), encoding="utf-8")
    building.rename(root)
    return root / "ws", record


def scratch_copy(source: Path, target: Path, writable: list[str] = ()) -> Path:
    """A copy of the workspace ``source`` at ``target`` that may be changed: the registry
    and the cases in ``writable`` are real copies, other case files hard links."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.is_file():
            shutil.copy2(item, target / item.name)
    for sub in ("locks", "backups"):
        (target / sub).mkdir()
    cases = target / "cases"
    cases.mkdir()
    own = {f"{ref}.sarcase" for ref in writable}
    for item in (source / "cases").iterdir():
        if item.name in own:
            shutil.copy2(item, cases / item.name)
        else:
            os.link(item, cases / item.name)
    return target


def open_ws(root: Path):
    from sar_desk.services.workspace import open_workspace

    return open_workspace(root, passphrase=PASSPHRASE)
