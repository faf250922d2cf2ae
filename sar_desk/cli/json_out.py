"""JSON text for the command line, laid out as ``json.dumps(indent=2)`` but faster.

The standard library only uses its C encoder without indentation; with ``indent=2`` it
falls back to a generator per value, which made ``case list --json`` on 100,000 cases spend
most of its time writing. This writer produces the same text, character for character
(``ensure_ascii=False``, ``indent=2``), with one Python call per container and the C string
escaper for every string.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

STEP = "  "
FLUSH_AT = 16_384  # pieces of text kept before they are written out

_float = float.__repr__
_int = int.__repr__


def _float_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return json.dumps(value)  # NaN, Infinity, -Infinity as the json module writes them
    return _float(value)


def _key(key: Any) -> str:
    """A dictionary key as ``json`` turns it into a string (or refuses it)."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float_text(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _int(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def dumps(data: Any, default: Callable[[Any], Any] | None = None) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2, default=default)``, only faster."""
    parts: list[str] = []
    dump(data, parts.append, default)
    return "".join(parts)


def dump(data: Any, write: Callable[[str], Any],
         default: Callable[[Any], Any] | None = None) -> None:
    """Pass the text of :func:`dumps` to ``write`` in pieces of about 64 KiB or more."""
    out: list[str] = []
    put = out.append
    enc = encode_basestring

    def flush() -> None:
        write("".join(out))
        out.clear()

    def scalar(value: Any) -> str | None:
        """The text of a scalar; None for a container or an object ``default`` must turn."""
        kind = type(value)
        if kind is str:
            return enc(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if kind is int:
            return _int(value)
        if kind is float:
            return _float_text(value)
        if isinstance(value, str):
            return enc(value)
        if isinstance(value, int):
            return _int(value)
        if isinstance(value, float):
            return _float_text(value)
        return None

    def emit(value: Any, pad: str) -> None:
        text = scalar(value)
        if text is not None:
            put(text)
            return
        inner = pad + STEP
        sep_first, sep = "\n" + inner, ",\n" + inner
        if isinstance(value, dict):
            if not value:
                put("{}")
                return
            put("{")
            first = True
            for key, item in value.items():
                put(sep_first if first else sep)
                first = False
                put(enc(key if type(key) is str else _key(key)))
                put(": ")
                text = scalar(item)
                if text is None:
                    emit(item, inner)
                else:
                    put(text)
                if len(out) > FLUSH_AT:
                    flush()
            put("\n" + pad + "}")
            return
        if isinstance(value, list | tuple):
            if not value:
                put("[]")
                return
            put("[")
            first = True
            for item in value:
                put(sep_first if first else sep)
                first = False
                text = scalar(item)
                if text is None:
                    emit(item, inner)
                else:
                    put(text)
                if len(out) > FLUSH_AT:
                    flush()
            put("\n" + pad + "]")
            return
        if default is None:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        emit(default(value), pad)

    emit(data, "")
    flush()


_SCALARS = frozenset({str, int, bool, float, type(None)})
_CONVERTERS: dict[type, Callable[[Any], Any]] = {}  # exact type -> how plain() turns it


def plain(value: Any) -> Any:
    """Dataclasses, enums, dates and decimals as JSON-ready values.

    Looks up how to turn each exact type once: listing 100,000 cases passes millions of
    values through here.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


def _sequence(value: Any) -> list:
    return [v if type(v) in _SCALARS else plain(v) for v in value]


def _converter(kind: type) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))
        return lambda value: {n: v if type(v := getattr(value, n)) in _SCALARS else plain(v)
                              for n in names}
    if issubclass(kind, enum.Enum):
        return lambda value: value._value_  # what .value returns, without the descriptor
    if issubclass(kind, dt.date):  # datetime too
        return kind.isoformat
    if issubclass(kind, Decimal):
        return str
    if issubclass(kind, dict):
        return lambda value: {str(k): plain(v) for k, v in value.items()}
    if issubclass(kind, list | tuple):
        return _sequence
    return lambda value: value
