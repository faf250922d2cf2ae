"""What a team workspace server's address must look like."""

from __future__ import annotations

SCHEMES = ("postgresql://", "postgres://")


def address_problem(address: str) -> str | None:
    """Why ``address`` cannot name a team workspace's database, or None when it can."""
    if not address.startswith(SCHEMES):
        return ("A team workspace server is named by a PostgreSQL address starting with "
                "postgresql://")
    return None
