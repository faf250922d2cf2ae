"""A second workstation for the team-mode tests, run as its own process.

``python team_child.py hold URL PASSFILE REF``: opens the team workspace, takes the write
lock on REF, prints "held" and waits for a line on stdin (or to be killed).
``python team_child.py note URL PASSFILE REF TEXT``: adds a note to REF and closes.
``python team_child.py legal-hold URL PASSFILE REF REASON``: places a legal hold on REF (the
workspace's own state, not the case file) and closes.
"""

from __future__ import annotations

import sys


def main() -> int:
    from sar_desk.services.team import open_team
    from sar_desk.store import locks

    what, url, passfile, ref, *rest = sys.argv[1:]
    passphrase = open(passfile, encoding="utf-8").read().strip()
    ws = open_team(url, passphrase=passphrase)
    try:
        if what == "hold":
            locks.acquire(ws, ref)
            print("held", flush=True)
            sys.stdin.readline()
        elif what == "note":
            from sar_desk.services.case_changes import add_note

            add_note(ws, ref, rest[0])
            print("noted", flush=True)
        elif what == "legal-hold":
            from sar_desk.services.retention import set_hold

            set_hold(ws, ref, rest[0])
            print("on hold", flush=True)
    finally:
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
