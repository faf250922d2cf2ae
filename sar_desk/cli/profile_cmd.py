"""``sar-desk profile check | confirm NAME...``: the organisation profile's open checks."""

from __future__ import annotations

import argparse

from sar_desk.cli.common import print_json
from sar_desk.cli.workspace_cmd import plain_options, workspace_from_args


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "profile", parents=[common], help="check or confirm the organisation profile",
        description="'profile check' lists every field still not confirmed; 'profile confirm "
        "NAME...' (administrators) confirms fields (organisation.company_number) or whole "
        "sections (fees), keeping the file's comments.")
    p.add_argument("action", choices=("check", "confirm"))
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print the fields not confirmed as JSON")
    p.set_defaults(func=plain_options(cmd_profile))


def cmd_profile(args: argparse.Namespace) -> int:
    from sar_desk.errors import InputError
    from sar_desk.services.profile_confirm import confirm_profile
    from sar_desk.services.profile_form import completeness_text, unconfirmed_fields
    from sar_desk.services.settings import profile_path, read_profile_text, validate_profile_text

    with workspace_from_args(args) as ws:
        if args.action == "confirm":
            if not args.names:
                raise InputError("Name the fields or sections to confirm, for example fees.")
            waiting = confirm_profile(ws, list(args.names))
            text = read_profile_text(profile_path(ws.path))
        else:
            text = read_profile_text(profile_path(ws.path))
            validate_profile_text(text)
            waiting = unconfirmed_fields(text)
    if args.json:
        print_json({"unconfirmed": waiting})
    else:
        print(completeness_text(text))
    return 0
