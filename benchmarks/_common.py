"""What every benchmark script prints, so ``benchmarks/run.py`` can gather one table.

Each figure a benchmark measures is reported once with :func:`report`, which prints a line
for people and a tab-separated line for ``run.py``::

    RESULT<TAB>figure<TAB>value<TAB>unit<TAB>target<TAB>met

The figure's name says exactly what was measured ("median of 9", "best of 3", "process wall
time, 1 run", ...). ``value`` is a plain number (no thousands separators), ``target`` is
free text such as ``< 30 ms`` or ``>= 50,000/s``, and ``met`` is ``yes`` or ``no``. Figures
with no target (context such as a ratio's inputs) give ``target=""`` and ``met=None``
(printed as ``-``).
"""

from __future__ import annotations

import math
import sys

PREFIX = "RESULT"


def _number(value: float) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"a benchmark figure must be a finite number, not {value!r}")
    if isinstance(value, int) or float(value).is_integer() and abs(value) >= 1000:
        return str(int(value))
    return f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}".rstrip("0").rstrip(".")


def _clean(text: str) -> str:
    return " ".join(str(text).split())  # no tabs or newlines inside a field


def report(figure: str, value: float, unit: str, target: str = "", met: bool | None = None,
           *, human: bool = True) -> None:
    """Print one measured figure against its target.

    ``human=False`` prints only the machine line, for scripts that already print their own
    description of the figure.
    """
    number = _number(value)
    verdict = "-" if met is None else ("yes" if met else "no")
    if human:
        shown = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
        goal = f" (target {target})" if target else ""
        mark = "" if met is None else ("  OK" if met else "  MISSED")
        print(f"  {figure}: {shown} {unit}{goal}{mark}")
    print("\t".join((PREFIX, _clean(figure), number, _clean(unit), _clean(target), verdict)))
    sys.stdout.flush()


def parse(line: str) -> dict | None:
    """A RESULT line as a dict (figure, value, unit, target, met), or None for other lines."""
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) != 6 or parts[0] != PREFIX:
        return None
    _, figure, number, unit, target, met = parts
    try:
        value = float(number)
    except ValueError:
        return None
    return {"figure": figure, "value": value, "unit": unit, "target": target,
            "met": {"yes": True, "no": False}.get(met)}
