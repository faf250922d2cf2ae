"""Build tests/data/first_schema_case.sarcase: a case file in schema version 1.

Version 1 is the first released case-file schema (no ``request.deadline_policy`` column, no
``extra`` table). The DDL below is frozen here on purpose: it must not follow later changes.
The file is keyed with the raw key in first_schema_case.key; its meta names the workspace
id FIXTURE_WORKSPACE and the reference SAR-2025-0007. Run from the repository root:

    python tests/data/make_first_schema_case.py
"""

from __future__ import annotations

import os
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from sar_desk.store.audit import canonical, entry_hash  # noqa: E402

FIXTURE_WORKSPACE = "00000000-0000-4000-8000-000000000001"
REFERENCE = "SAR-2025-0007"
KEY_HEX = "5ad1e5c0ffee" + "0123456789abcdef" * 3 + "4242"

V1_DDL = """
CREATE TABLE meta (key VARCHAR NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key));
CREATE TABLE request (id INTEGER NOT NULL, reference VARCHAR NOT NULL, status VARCHAR NOT NULL,
    jurisdiction VARCHAR NOT NULL, channel VARCHAR NOT NULL, received VARCHAR NOT NULL,
    logged VARCHAR NOT NULL, assignee VARCHAR NOT NULL, request_text TEXT NOT NULL,
    request_types VARCHAR NOT NULL, authority_evidence TEXT NOT NULL,
    possible_repeat_of VARCHAR NOT NULL, source_filename VARCHAR NOT NULL,
    source_message BLOB, PRIMARY KEY (id), UNIQUE (reference));
CREATE TABLE person (id INTEGER NOT NULL, role VARCHAR NOT NULL, name TEXT NOT NULL,
    email TEXT NOT NULL, address TEXT NOT NULL, phone TEXT NOT NULL, PRIMARY KEY (id),
    UNIQUE (role));
CREATE TABLE event (id INTEGER NOT NULL, kind VARCHAR NOT NULL, date VARCHAR NOT NULL,
    note TEXT NOT NULL, recorded_at VARCHAR NOT NULL, recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (id));
CREATE TABLE exemption (id INTEGER NOT NULL, code VARCHAR NOT NULL, scope TEXT NOT NULL,
    reasoning TEXT NOT NULL, recorded_at VARCHAR NOT NULL, recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (id));
CREATE TABLE decision (id INTEGER NOT NULL, kind VARCHAR NOT NULL, ground VARCHAR NOT NULL,
    factors TEXT NOT NULL, reasons TEXT NOT NULL, amount VARCHAR NOT NULL, working TEXT NOT NULL,
    decided_on VARCHAR NOT NULL, decided_by VARCHAR NOT NULL, PRIMARY KEY (id));
CREATE TABLE search_log (id INTEGER NOT NULL, system TEXT NOT NULL, terms TEXT NOT NULL,
    people TEXT NOT NULL, searched_on VARCHAR NOT NULL, recorded_by VARCHAR NOT NULL,
    PRIMARY KEY (id));
CREATE TABLE document (id INTEGER NOT NULL, filename TEXT NOT NULL, sha256 VARCHAR NOT NULL,
    size INTEGER NOT NULL, status VARCHAR NOT NULL, exemption_code VARCHAR NOT NULL,
    added_at VARCHAR NOT NULL, added_by VARCHAR NOT NULL, data BLOB NOT NULL, PRIMARY KEY (id));
CREATE TABLE letter (id INTEGER NOT NULL, kind VARCHAR NOT NULL, format VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL, generated_at VARCHAR NOT NULL, generated_by VARCHAR NOT NULL,
    data BLOB NOT NULL, PRIMARY KEY (id));
CREATE TABLE dispatch (id INTEGER NOT NULL, letter_id INTEGER, date VARCHAR NOT NULL,
    method VARCHAR NOT NULL, tracking TEXT NOT NULL, recorded_at VARCHAR NOT NULL,
    recorded_by VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(letter_id) REFERENCES letter (id));
CREATE TABLE note (id INTEGER NOT NULL, text TEXT NOT NULL, recorded_at VARCHAR NOT NULL,
    recorded_by VARCHAR NOT NULL, PRIMARY KEY (id));
CREATE TABLE audit (id INTEGER NOT NULL, seq INTEGER NOT NULL, at VARCHAR NOT NULL,
    actor VARCHAR NOT NULL, action VARCHAR NOT NULL, details TEXT NOT NULL,
    hash VARCHAR NOT NULL, PRIMARY KEY (id));
"""

AUDIT = [
    ("2025-05-02T09:00:00.000000+00:00", "case_created",
     {"reference": REFERENCE, "received": "2025-05-01", "logged": "2025-05-02",
      "jurisdiction": "uk-ew", "channel": "post", "requester": "Zoë Brontë-Hughes",
      "subject": "", "assignee": "Tom Evans"}),
    ("2025-05-02T09:05:00.000000+00:00", "event_recorded",
     {"kind": "id_requested", "date": "2025-05-02", "note": "passport"}),
    ("2025-05-09T10:00:00.000000+00:00", "event_recorded",
     {"kind": "id_received", "date": "2025-05-09", "note": ""}),
    ("2025-05-20T15:30:00.000000+00:00", "note_added", {"text": "Data owner contacted"}),
]


def build(target: pathlib.Path) -> None:
    import sqlcipher3

    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(str(target) + suffix):
            os.unlink(str(target) + suffix)
    conn = sqlcipher3.connect(str(target), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{KEY_HEX}'\"")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for statement in V1_DDL.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany("INSERT INTO meta VALUES (?, ?)", [
        ("kind", "sar-desk-case"), ("schema_version", "1"),
        ("workspace_id", FIXTURE_WORKSPACE), ("reference", REFERENCE)])
    conn.execute("INSERT INTO request VALUES (1, ?, 'open', 'uk-ew', 'post', '2025-05-01', "
                 "'2025-05-02', 'Tom Evans', 'All my records please', 'access', '', '', '', "
                 "NULL)", (REFERENCE,))
    conn.execute("INSERT INTO person VALUES (1, 'requester', 'Zoë Brontë-Hughes', "
                 "'zoe@example.org', '1 Mill Road\nYork\nYO1 7LM', '')")
    conn.execute("INSERT INTO event VALUES (1, 'id_requested', '2025-05-02', 'passport', ?, "
                 "'Tom Evans')", (AUDIT[1][0],))
    conn.execute("INSERT INTO event VALUES (2, 'id_received', '2025-05-09', '', ?, 'Tom Evans')",
                 (AUDIT[2][0],))
    conn.execute("INSERT INTO note VALUES (1, 'Data owner contacted', ?, 'Tom Evans')",
                 (AUDIT[3][0],))
    prev = "0" * 64
    for seq, (at, action, details) in enumerate(AUDIT, start=1):
        body = canonical(details)
        digest = entry_hash(prev, seq, at, "Tom Evans", action, body)
        conn.execute("INSERT INTO audit VALUES (?, ?, ?, 'Tom Evans', ?, ?, ?)",
                     (seq, seq, at, action, body, digest))
        prev = digest
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


if __name__ == "__main__":
    build(HERE / "first_schema_case.sarcase")
    (HERE / "first_schema_case.key").write_text(KEY_HEX + "\n", encoding="utf-8")
    print("wrote", HERE / "first_schema_case.sarcase")
