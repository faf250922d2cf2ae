"""Run every benchmark in this folder and print one table: figure, median, target, met.

Each benchmark script reports its figures through ``_common.report`` (a ``RESULT`` line per
figure). Their own output streams to stderr while they run; the table, headed by the machine
it ran on, goes to stdout::

    python benchmarks/run.py                 # every benchmark, a plain-text table
    python benchmarks/run.py --markdown      # the same table as Markdown (for the README)
    python benchmarks/run.py --only casefiles deadlines

Exits 0 when every benchmark ran and met its targets, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from _common import parse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


@dataclass
class Outcome:
    name: str
    results: list[dict] = field(default_factory=list)
    exit_code: int | None = None
    seconds: float = 0.0
    problem: str = ""


def discover(only: list[str] | None = None) -> list[Path]:
    """The benchmark scripts: every ``*.py`` here except helpers (``_*``) and this runner."""
    scripts = sorted(p for p in HERE.glob("*.py")
                     if not p.name.startswith("_") and p.name != Path(__file__).name)
    if only:
        wanted = {name.removesuffix(".py") for name in only}
        unknown = wanted - {p.stem for p in scripts}
        if unknown:
            raise SystemExit(f"run.py: no benchmark named {', '.join(sorted(unknown))} "
                             f"(have: {', '.join(p.stem for p in scripts)})")
        scripts = [p for p in scripts if p.stem in wanted]
    return scripts


def machine() -> dict[str, str]:
    """CPU model, cores, memory, OS and Python version of this computer."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f"{ram:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        memory = "unknown"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": str(cores), "memory": memory,
            "os": platform.platform(terse=True),
            "python": f"{platform.python_implementation()} {platform.python_version()}"}


def run_one(script: Path, timeout: float) -> Outcome:
    outcome = Outcome(script.stem)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    print(f"== {script.name}", file=sys.stderr, flush=True)
    proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace", start_new_session=True)
    assert proc.stdout is not None

    def stop() -> None:  # a benchmark that hangs is stopped, with any process it started
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, AttributeError):
            proc.kill()

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        for line in proc.stdout:
            result = parse(line)
            if result is None:
                sys.stderr.write(line)
                sys.stderr.flush()
            else:
                outcome.results.append(result)
        outcome.exit_code = proc.wait()
    finally:
        timed_out = not timer.is_alive() and outcome.exit_code is not None and \
            outcome.exit_code < 0
        timer.cancel()
    if timed_out:
        outcome.problem = f"stopped after {timeout:.0f} s"
    outcome.seconds = time.perf_counter() - started
    if not outcome.problem and not outcome.results:
        outcome.problem = f"reported no figures (exit code {outcome.exit_code})"
    elif not outcome.problem and outcome.exit_code not in (0, 1):
        # 1 means "a target was missed", which the table shows; anything else is a failure.
        outcome.problem = f"failed (exit code {outcome.exit_code})"
    return outcome


def _met(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "-"}[value]


def _median(value: float) -> str:
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"


def rows(outcomes: list[Outcome]) -> list[tuple[str, ...]]:
    table = []
    for o in outcomes:
        for r in o.results:
            table.append((o.name, r["figure"], f"{_median(r['median'])} {r['unit']}".strip(),
                          r["target"] or "-", _met(r["met"])))
        if o.problem:
            table.append((o.name, f"({o.problem})", "-", "-", "NO"))
    return table


def render(outcomes: list[Outcome], info: dict[str, str], markdown: bool) -> str:
    header = ("benchmark", "figure", "median", "target", "met")
    body = rows(outcomes)
    where = (f"{info['cpu']}, {info['cores']} cores, {info['memory']} RAM, {info['os']}, "
             f"{info['python']}")
    if markdown:
        lines = [f"Machine: {where}", "", "| " + " | ".join(header) + " |",
                 "|" + "|".join(["---"] * 4 + [":---:"]) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
                  for row in body]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [f"Machine: {where}", "", fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*row) for row in body]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these benchmarks")
    parser.add_argument("--timeout", type=float, default=1800, metavar="SECONDS",
                        help="stop a benchmark that runs longer (default 1800)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)

    scripts = discover(args.only)
    if args.list:
        print("\n".join(p.stem for p in scripts))
        return 0
    outcomes = [run_one(script, args.timeout) for script in scripts]
    total = sum(o.seconds for o in outcomes)
    print(f"== ran {len(outcomes)} benchmarks in {total:.0f} s", file=sys.stderr)
    print(render(outcomes, machine(), args.markdown))
    ok = all(not o.problem for o in outcomes) and all(
        r["met"] is not False for o in outcomes for r in o.results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
