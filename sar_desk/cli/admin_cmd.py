"""``sar-desk user | ready | approve | hold | retention | backup | restore``.

Users and roles, marking cases ready for staff, sign-off of final letters, legal hold,
retention and the purge, and backup/restore of the whole workspace.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sar_desk.cli.common import iso_date, print_json, record_id
from sar_desk.cli.workspace_cmd import read_passphrase, workspace_from_args
from sar_desk.errors import InputError


def _passphrase_file(name: str | None) -> str | None:
    if not name:
        return None
    return read_passphrase(argparse.Namespace(passphrase_file=name))


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    user = subparsers.add_parser("user", parents=[common], help="list, add and remove users",
                                 description="Users are OS logins with roles: privacy_officer, "
                                 "manager, staff, administrator (several: comma-separated).")
    sub = user.add_subparsers(dest="user_command", metavar="ACTION")
    user.set_defaults(func=lambda a: (user.print_help(), 2)[1])
    p = sub.add_parser("list", parents=[common], help="list the users and their roles")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_user_list)
    p = sub.add_parser("add", parents=[common], help="add a user (OS login) with roles")
    p.add_argument("login")
    p.add_argument("--role", required=True, metavar="ROLE[,ROLE]")
    p.add_argument("--user-passphrase-file", metavar="FILE", dest="user_passphrase_file",
                   help="the new user's first passphrase (they open the workspace with it)")
    p.add_argument("--name", default="", metavar="TEXT",
                   help="their display name, the name cases are assigned by")
    p.set_defaults(func=cmd_user_add)
    p = sub.add_parser("remove", parents=[common], help="remove a user and their key wrap")
    p.add_argument("login")
    p.set_defaults(func=cmd_user_remove)
    p = sub.add_parser("passphrase", parents=[common], help="give a user a new first "
                       "passphrase (and a new credential)")
    p.add_argument("login")
    p.add_argument("--user-passphrase-file", metavar="FILE", dest="user_passphrase_file",
                   required=True, help="the user's new first passphrase")
    p.set_defaults(func=cmd_user_passphrase)
    p = sub.add_parser("audit", parents=[common], help="the workspace audit: refusals, users, "
                       "holds, purges, backups (and whether its chain holds)")
    p.add_argument("--case", default=None, metavar="REF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_user_audit)
    p = sub.add_parser("role", parents=[common], help="change a user's roles")
    p.add_argument("login")
    p.add_argument("roles", metavar="ROLE[,ROLE]")
    p.set_defaults(func=cmd_user_role)

    p = subparsers.add_parser("ready", parents=[common], help="mark a case ready for staff "
                              "to generate and print its letters")
    p.add_argument("reference")
    p.add_argument("--undo", action="store_true", help="withdraw the mark")
    p.set_defaults(func=cmd_ready)

    p = subparsers.add_parser("approve", parents=[common], help="approve a final letter "
                              "(sign-off by a second privacy officer or a manager)")
    p.add_argument("reference")
    p.add_argument("letter", type=record_id("letter"), metavar="LETTER_ID", nargs="?")
    p.add_argument("--request", action="store_true",
                   help="ask for approval instead of approving")
    p.add_argument("--bundle", action="store_true",
                   help="approve the latest disclosure bundle instead of a letter")
    p.set_defaults(func=cmd_approve)

    p = subparsers.add_parser("hold", parents=[common], help="place or release a legal hold")
    p.add_argument("reference")
    p.add_argument("--reason", default="", metavar="TEXT")
    p.add_argument("--release", action="store_true")
    p.set_defaults(func=cmd_hold)

    p = subparsers.add_parser("retention", parents=[common],
                              help="closed cases past retention; --purge destroys them",
                              description="List the closed cases whose retention period "
                              "(from the profile) has ended; with --purge --confirm COUNT "
                              "destroy those due today and write destruction certificates.")
    p.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD",
                   help="list what is due on this day (a later day previews; a purge "
                   "destroys only what is due today)")
    p.add_argument("--purge", action="store_true")
    p.add_argument("--confirm", type=int, default=None, metavar="COUNT",
                   help="with --purge: the number of cases to destroy, as listed")
    p.add_argument("--case", dest="cases", action="append", metavar="REF",
                   help="purge only this case (repeat for several)")
    p.add_argument("--reason", default="retention period ended", metavar="TEXT")
    p.add_argument("--certificates", default=None, metavar="DIR",
                   help="where to write the certificates (default: the workspace's certificates "
                   "folder; for a team workspace, in this computer's user data folder)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_retention)

    p = subparsers.add_parser("backup", parents=[common],
                              help="write the whole workspace as one encrypted archive",
                              description="Write the whole workspace as one encrypted archive "
                              "(default: into the workspace's backups folder). --prune "
                              "deletes the archives in that folder older than the profile's "
                              "[backups] keep_days (35 by default).")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="the archive to write (outside the workspace, or in its backups "
                   "folder)")
    p.add_argument("--prune", action="store_true",
                   help="delete the archives in the backups folder past their retention")
    p.add_argument("--confirm", type=int, default=None, metavar="COUNT",
                   help="with --prune: the number of archives to delete, as listed")
    p.set_defaults(func=cmd_backup)

    p = subparsers.add_parser("restore", parents=[common],
                              help="restore an archive into a new --workspace folder or a new "
                              "team workspace in an empty --server database",
                              description="Restore an archive into a new, empty --workspace "
                              "folder, or onto a server: --server postgresql://HOST/NEWDB "
                              "names an empty database, which receives the restored workspace "
                              "with every case checked on arrival. Administrators only.")
    p.add_argument("archive", metavar="FILE")
    p.add_argument("--recovery-key", default=None, metavar="KEY")
    p.add_argument("--original", action="append", default=[], metavar="DIR",
                   help="the live folder workspace the archive came from, whose purges the "
                   "restored copy keeps (found by itself when it is the default workspace or "
                   "a folder beside the new one)")
    p.add_argument("--original-server", action="append", default=[], metavar="URL",
                   help="the live team workspace the archive came from, whose purges the "
                   "restored copy keeps (opened with your credential to read them)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_restore)


def cmd_user_list(args: argparse.Namespace) -> int:
    from sar_desk.services import access

    with workspace_from_args(args) as ws:
        users = access.list_users(ws)
    if args.json:
        print_json([u.to_json() for u in users])
        return 0
    for u in users:
        name = f"\t{u.name}" if u.name else ""
        print(f"{u.login}\t{', '.join(r.value for r in u.roles)}{name}")
    return 0


def cmd_user_audit(args: argparse.Namespace) -> int:
    from sar_desk.services import access
    from sar_desk.store.users import verify_audit

    with workspace_from_args(args) as ws:
        ref = args.case.strip().upper() if args.case else None
        records = access.workspace_audit(ws, ref)
        problems = verify_audit(ws.registry)
    if args.json:
        print_json({"entries": [r.__dict__ for r in records], "problems": problems})
    else:
        for r in records:
            print(f"{r.seq}\t{r.at}\t{r.actor}\t{r.action}\t{r.reference}\t{r.details}")
        for line in problems:
            print(line)
    return 1 if problems else 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from sar_desk.services import access

    with workspace_from_args(args) as ws:
        user = access.add_user(ws, args.login, args.role,
                               passphrase=_passphrase_file(args.user_passphrase_file),
                               name=args.name)
    named = f" as {user.name}" if user.name else ""
    print(f"Added {user.login}{named} ({', '.join(r.value for r in user.roles)}).")
    return 0


def cmd_user_remove(args: argparse.Namespace) -> int:
    from sar_desk.services import access

    with workspace_from_args(args) as ws:
        rotation = access.remove_user(ws, args.login)
    print(f"Removed {args.login}; that login can no longer open the workspace.")
    _say_rotation(args.login, rotation)
    return 0


def _say_rotation(whose: str, rotation: object) -> None:
    """What a key change (a removal, a role change) leaves for the administrator to do."""
    if rotation is None:
        return
    print("The workspace keys were replaced, the administrators' signing key with them: "
          f"nothing made from now on opens with what {whose} held, and a user list signed "
          f"with a key they held is refused. What they could read before may have been "
          "copied.")
    for login in rotation.need_passphrase:  # type: ignore[attr-defined]
        print(f"{login} had not opened the workspace since its users were signed: give "
              f"them a new first passphrase (sar-desk user passphrase {login} "
              "--user-passphrase-file FILE).")
    if rotation.recovery_key:  # type: ignore[attr-defined]
        print("The old recovery key no longer opens the workspace. The new one, shown "
              f"once; keep it safe:\n  {rotation.recovery_key}")  # type: ignore[attr-defined]


def cmd_user_passphrase(args: argparse.Namespace) -> int:
    from sar_desk.services import access

    passphrase = _passphrase_file(args.user_passphrase_file)
    with workspace_from_args(args) as ws:
        access.new_passphrase(ws, args.login, passphrase or "")
    print(f"{args.login} has a new first passphrase; their previous one no longer opens the "
          "workspace.")
    return 0


def cmd_user_role(args: argparse.Namespace) -> int:
    from sar_desk.services import access

    with workspace_from_args(args) as ws:
        user, rotation = access.change_roles(ws, args.login, args.roles)
    print(f"{user.login} is now {', '.join(r.value for r in user.roles)}.")
    _say_rotation(user.login, rotation)
    return 0


def cmd_ready(args: argparse.Namespace) -> int:
    from sar_desk.services import signoff

    with workspace_from_args(args) as ws:
        signoff.mark_ready(ws, args.reference, not args.undo)
    print(f"{args.reference.upper()} is {'no longer ' if args.undo else ''}ready for staff.")
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from sar_desk.services import signoff

    if args.bundle:
        from sar_desk.services import bundle

        if args.letter is not None or args.request:
            raise InputError("approve either a letter or the bundle, not both")
        with workspace_from_args(args) as ws:
            info = bundle.approve(ws, args.reference)
        print(f"Bundle {info.id} of {args.reference.upper()} approved by {info.approved_by} "
              f"(sha256 {info.sha256}).")
        return 0
    if args.letter is None:
        raise InputError("say which letter to approve (LETTER_ID), or --bundle")
    with workspace_from_args(args) as ws:
        if args.request:
            signoff.request_approval(ws, args.reference, args.letter)
            print(f"Asked for approval of letter {args.letter} of {args.reference.upper()}.")
            return 0
        approval = signoff.approve_letter(ws, args.reference, args.letter)
    print(f"Letter {args.letter} approved by {approval.by} (sha256 {approval.sha256}).")
    return 0


def cmd_hold(args: argparse.Namespace) -> int:
    from sar_desk.services import retention

    with workspace_from_args(args) as ws:
        retention.set_hold(ws, args.reference, args.reason, release=args.release)
    state = "released" if args.release else "placed"
    print(f"Legal hold {state} on {args.reference.upper()}.")
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from sar_desk.services import retention

    with workspace_from_args(args) as ws:
        if not args.purge:
            items = retention.due_for_purge(ws, args.as_of)
            if args.json:
                print_json([i.to_json() for i in items])
            elif not items:
                print("No closed case is past its retention period.")
            for i in ([] if args.json else items):
                held = f"  HELD: {i.hold_reason}" if i.held else ""
                print(f"{i.reference}  closed {i.closed}  retain until {i.retain_until}{held}")
            if not args.json and args.as_of and args.as_of > ws.clock.today():
                print(f"(A preview as of {args.as_of}: a purge destroys only what is due "
                      "today.)")
            return 0
        done = retention.purge(ws, as_of=args.as_of, references=args.cases, reason=args.reason,
                               certificates_dir=args.certificates, confirm=args.confirm)
    if args.json:
        print_json([{**p.tombstone.to_json(), "certificate": str(p.certificate_path)}
                    for p in done])
        return 0
    if not done:
        print("Nothing to purge.")
    for p in done:
        print(f"Purged {p.tombstone.reference}; certificate: {p.certificate_path}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from sar_desk.services.backup import backup_workspace
    from sar_desk.services.backup_policy import prune_backups

    with workspace_from_args(args) as ws:
        if args.prune:
            if args.out:
                raise InputError("Give either --prune or --out, not both.")
            gone = prune_backups(ws, confirm=args.confirm)
            for item in gone:
                print(f"Deleted {item.path} (made {item.made}, due for deletion {item.expires})")
            if not gone:
                print("No archive in the backups folder is past its retention.")
            return 0
        out = backup_workspace(ws, args.out)
    print(f"Backed up the workspace to {out} (encrypted; restore with 'sar-desk restore').")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from sar_desk.cli.workspace_cmd import server_of
    from sar_desk.services.restore import last_restore, restore_workspace
    from sar_desk.services.restore_server import restore_to_server, team_tombstones_for

    target = getattr(args, "workspace", None)
    url = "" if target else server_of(args)
    if not target and not url:
        raise InputError("Name the new folder to restore into with --workspace DIR, or an "
                         "empty database with --server URL.")
    passphrase = read_passphrase(args)
    if url:
        done = restore_to_server(Path(args.archive), url, passphrase=passphrase,
                                 recovery_key=args.recovery_key, clock=args.clock,
                                 originals=args.original,
                                 original_servers=args.original_server)
        where, count, details = done.server, len(done.cases), done.details
    else:
        read = team_tombstones_for(Path(args.archive), args.original_server,
                                   passphrase=passphrase, clock=args.clock)
        ws = restore_workspace(Path(args.archive), target, passphrase=passphrase,
                               recovery_key=args.recovery_key, clock=args.clock,
                               originals=args.original, read=read)
        with ws:
            count = len(ws.registry.references_with_keys())
            details = last_restore(ws)
        where = str(ws.path)
    if args.json:
        print_json({"restored_into": where, "cases": count, **details})
        return 0
    again = details.get("destroyed_again") or []
    if again:
        print(f"Destroyed again {len(again)} purged case(s) the archive still held: "
              f"{', '.join(again)}.")
    for folder in details.get("not_read") or []:
        print(f"Warning: could not read the purges recorded in {folder}; check that no case "
              "purged there came back.")
    if not details.get("purges_read_from"):
        print("Note: the workspace this archive came from was not found, so purges made "
              "after the archive were not checked (name it with --original DIR, or "
              "--original-server URL for a team workspace).")
    if url:
        print(f"Restored {count} cases onto the team workspace server {where}; every case "
              "was checked on arrival. Run 'sar-desk verify --server URL' to check them.")
    else:
        print(f"Restored {count} cases into {where}. Run 'sar-desk verify' to check them.")
    return 0
