"""The Art. 20 portability export: what the person provided, as JSON and as CSV.

Pure: takes the documents the officer marked as provided by the person (name, sha256 and
bytes) and returns two files. Nothing is added or changed: CSV files come back as their
rows, JSON files as their data, other text as its exact text, anything else as base64.
The CSV is the same content in long form (one line per value): document, record, field,
value, so any spreadsheet or program can read it.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sar_desk.core.spreadsheet import safe_cell

FORMAT = "sar-desk-portability/1"
CSV_HEADER = ("document_id", "filename", "record", "field", "value")
# JSON nested deeper than this is exported as its exact text, not as data: writing it back
# (and flattening it for the CSV) would go past Python's recursion limit.
MAX_JSON_DEPTH = 100
_TOO_DEEP = object()


@dataclass(frozen=True)
class ProvidedFile:
    document_id: int
    filename: str
    sha256: str
    data: bytes


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _depth(value: Any) -> int:
    """How deeply a JSON value nests (without recursion: any depth can be measured)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def _item(f: ProvidedFile) -> dict[str, Any]:
    """One file as a JSON item: records (CSV), data (JSON), text, or base64."""
    item: dict[str, Any] = {"document_id": f.document_id, "filename": f.filename,
                            "sha256": f.sha256, "size": len(f.data)}
    text = _decode(f.data)
    name = f.filename.lower()
    if text is not None and name.endswith(".csv"):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error:
            rows = None
        if rows and len(set(rows[0])) == len(rows[0]) and all(
                len(r) == len(rows[0]) for r in rows[1:]):
            item["media_type"] = "text/csv"
            item["fields"] = rows[0]
            item["records"] = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
            return item
    if text is not None and name.endswith(".json"):
        data: Any = _TOO_DEEP
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            pass
        else:
            if _depth(data) > MAX_JSON_DEPTH:  # kept as its exact text instead
                data = _TOO_DEEP
        if data is not _TOO_DEEP:
            item["data"] = data
            item["media_type"] = "application/json"
            return item
    if text is not None:
        item["media_type"] = "text/plain"
        item["text"] = text
    else:
        item["media_type"] = "application/octet-stream"
        item["base64"] = base64.b64encode(f.data).decode("ascii")
    return item


def _flatten(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, JSON text of a scalar) for every leaf of a JSON value."""
    if isinstance(value, dict) and value:
        for key, inner in value.items():
            yield from _flatten(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and value:
        for i, inner in enumerate(value):
            yield from _flatten(inner, f"{path}[{i}]")
    else:
        yield path, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _csv_rows(item: dict[str, Any]) -> Iterator[tuple[object, ...]]:
    ident, name = item["document_id"], item["filename"]
    if "records" in item:
        for n, record in enumerate(item["records"], start=1):
            for field in item["fields"]:
                yield ident, name, n, field, record[field]
    elif "data" in item:
        data = item["data"]
        records = data if isinstance(data, list) else [data]
        for n, record in enumerate(records, start=1):
            for field, value in _flatten(record):
                yield ident, name, n, field, value
    elif "text" in item:
        yield ident, name, 1, "text", item["text"]
    else:
        yield ident, name, 1, "base64", item["base64"]


def build_export(reference: str, subject_name: str, created: dt.date,
                 files: Sequence[ProvidedFile]) -> tuple[bytes, bytes]:
    """(JSON bytes, CSV bytes) holding exactly ``files``, in the order given."""
    items = [_item(f) for f in files]
    document = {
        "format": FORMAT,
        "legal_basis": "UK GDPR Article 20 (right to data portability)",
        "reference": reference,
        "data_subject": subject_name,
        "created": created.isoformat(),
        "files": items,
    }
    json_bytes = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in items:
        writer.writerows([[safe_cell(v) for v in row] for row in _csv_rows(item)])
    return json_bytes, out.getvalue().encode("utf-8")
