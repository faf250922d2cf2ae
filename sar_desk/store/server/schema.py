"""The server's tables (PostgreSQL 14 or newer) and the app role's rights.

Nothing here holds personal data in clear: ``sd_cases`` has the list columns (reference,
dates, status, assignee login, flags) with the requester sealed and the case file sealed;
``sd_index`` is the blind index; ``sd_blobs`` the sealed workspace registry file;
``sd_audit`` may only be appended to by the app's role.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
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

APP_TABLES = ("sd_meta", "sd_cases", "sd_index", "sd_case_keys", "sd_blobs", "sd_holders")


def grants(role: str) -> list[str]:
    """The statements giving the app's database ``role`` what it needs, and no more on the
    audit table than appending to it."""
    quoted = '"' + role.replace('"', '""') + '"'
    return [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(APP_TABLES)} TO {quoted}",
        f"REVOKE ALL ON sd_audit FROM {quoted}",
        f"GRANT SELECT, INSERT ON sd_audit TO {quoted}",
        f"GRANT USAGE ON SEQUENCE sd_audit_seq_seq TO {quoted}",
        "REVOKE UPDATE, DELETE, TRUNCATE ON sd_audit FROM PUBLIC",
    ]
