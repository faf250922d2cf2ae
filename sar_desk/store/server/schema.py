"""The server's tables (PostgreSQL 14 or newer) and the app role's rights.

Nothing here holds personal data in clear: ``sd_cases`` has the list columns (reference,
dates, status, assignee login, flags) with the requester sealed and the case file sealed;
``sd_index`` is the blind index; ``sd_blobs`` the sealed workspace registry file;
``sd_state`` the workspace's own rows (users, flags, holds, approvals, complaints, the
ready letters) each sealed, and ``sd_chain`` their audit chains' entries, sealed, which like
``sd_audit`` the app's role may only append to.
"""

from __future__ import annotations

SCHEMA_VERSION = 2
CHANNEL = "sar_desk_changes"

CLEAR_COLUMNS = ("kind", "status", "jurisdiction", "received", "due", "extended_due", "paused",
                 "assignee", "updated", "request_types", "events", "possible_repeat_of",
                 "refusals", "exemptions", "deadline_policy", "audit_seq", "audit_head")

# What a save fills in for a column it was not given (a complaint has no request columns).
DEFAULTS = {"kind": "case", "status": "", "jurisdiction": "", "paused": False, "assignee": "",
            "request_types": "", "events": "", "possible_repeat_of": "", "refusals": "",
            "exemptions": "", "deadline_policy": "", "audit_seq": 0, "audit_head": ""}

DDL = [
    "CREATE TABLE IF NOT EXISTS sd_meta (key text PRIMARY KEY, value text NOT NULL)",
    """CREATE TABLE IF NOT EXISTS sd_cases (
        reference text PRIMARY KEY, version integer NOT NULL,
        kind text NOT NULL DEFAULT 'case',
        status text NOT NULL, jurisdiction text NOT NULL, received date,
        due date, extended_due date, paused boolean NOT NULL DEFAULT false,
        assignee text NOT NULL DEFAULT '', updated text,
        request_types text NOT NULL DEFAULT 'access', events text NOT NULL DEFAULT '',
        possible_repeat_of text NOT NULL DEFAULT '', refusals text NOT NULL DEFAULT '',
        exemptions text NOT NULL DEFAULT '', deadline_policy text NOT NULL DEFAULT '',
        audit_seq integer NOT NULL DEFAULT 0, audit_head text NOT NULL DEFAULT '',
        requester bytea NOT NULL, content bytea NOT NULL, saved_by text NOT NULL DEFAULT '',
        saved_at timestamptz NOT NULL DEFAULT now())""",
    "CREATE INDEX IF NOT EXISTS sd_cases_status ON sd_cases (status, received)",
    """CREATE TABLE IF NOT EXISTS sd_index (
        token bytea NOT NULL, reference text NOT NULL REFERENCES sd_cases ON DELETE CASCADE,
        PRIMARY KEY (token, reference))""",
    """CREATE TABLE IF NOT EXISTS sd_case_keys (
        reference text PRIMARY KEY, wrapped bytea NOT NULL, salt bytea)""",
    """CREATE TABLE IF NOT EXISTS sd_blobs (
        name text PRIMARY KEY, version integer NOT NULL, sealed bytea NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sd_holders (
        reference text PRIMARY KEY, login text NOT NULL, host text NOT NULL,
        pid integer NOT NULL, backend integer NOT NULL, since timestamptz NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sd_audit (
        seq bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),
        login text NOT NULL, action text NOT NULL, reference text NOT NULL DEFAULT '',
        version integer NOT NULL DEFAULT 0)""",
]

# Version 2: the workspace's own state as sealed rows, written at each change.
STATE_DDL = [
    "CREATE SEQUENCE IF NOT EXISTS sd_state_seq",
    """CREATE TABLE IF NOT EXISTS sd_state (
        scope text NOT NULL, tbl text NOT NULL, key text NOT NULL, seq bigint NOT NULL,
        sealed bytea, PRIMARY KEY (scope, tbl, key))""",
    "CREATE INDEX IF NOT EXISTS sd_state_since ON sd_state (scope, seq)",
    """CREATE TABLE IF NOT EXISTS sd_chain (
        id bigserial PRIMARY KEY, scope text NOT NULL, sealed bytea NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS sd_chain_scope ON sd_chain (scope, id)",
    # every case save takes a number, so a workstation asks what changed since its last
    "CREATE SEQUENCE IF NOT EXISTS sd_cases_seq",
    "ALTER TABLE sd_cases ADD COLUMN IF NOT EXISTS seq bigint NOT NULL DEFAULT 0",
    "CREATE INDEX IF NOT EXISTS sd_cases_seq_idx ON sd_cases (seq)",
]
DDL += STATE_DDL

APP_TABLES = ("sd_meta", "sd_cases", "sd_index", "sd_case_keys", "sd_blobs", "sd_holders",
              "sd_state")
APPEND_ONLY = ("sd_audit", "sd_chain")


def grants(role: str) -> list[str]:
    """The statements giving the app's database ``role`` what it needs, and no more on the
    audit table than appending to it."""
    quoted = '"' + role.replace('"', '""') + '"'
    return [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(APP_TABLES)} TO {quoted}",
        f"REVOKE ALL ON {', '.join(APPEND_ONLY)} FROM {quoted}",
        f"GRANT SELECT, INSERT ON {', '.join(APPEND_ONLY)} TO {quoted}",
        "GRANT USAGE ON SEQUENCE sd_audit_seq_seq, sd_chain_id_seq, sd_state_seq, "
        f"sd_cases_seq TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(APPEND_ONLY)} FROM PUBLIC",
    ]
