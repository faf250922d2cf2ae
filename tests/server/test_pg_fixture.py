"""The throwaway PostgreSQL cluster the team-mode tests run against."""

from __future__ import annotations


def test_cluster_answers_on_a_fresh_database(pg_url):
    import psycopg

    with psycopg.connect(pg_url) as conn:
        (version,), = conn.execute("SHOW server_version_num").fetchall()
        (name,), = conn.execute("SELECT current_database()").fetchall()
    assert int(version) >= 140000
    assert name.startswith("t_")
