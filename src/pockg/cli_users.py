"""`pockg user`: staff accounts, their API tokens and their grants to confidential documents.

A token is printed once, on stdout alone, so `TOKEN=$(pockg user add ana --role curator)`
works; the store keeps only its digest.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from pockg.config import load_settings
from pockg.users import Role, UserError, UserStore

_ROLES = [role.value for role in Role]


def add_user_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `pockg user` and its actions to the command's subparsers."""
    parser = commands.add_parser("user", help="manage staff accounts, API tokens and grants")
    subparsers = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    # Every action takes --data-dir, after its own arguments like every other command.
    actions = _WithCommon(subparsers, common)
    add = actions.add_parser("add", help="create a user and print their API token")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=_ROLES)
    actions.add_parser("list", help="list users, roles and grants")
    for action, text in (
        ("token", "print a further API token for a user"),
        ("revoke-tokens", "revoke every API token of a user"),
        ("remove", "delete a user with their tokens and grants"),
    ):
        actions.add_parser(action, help=text).add_argument("name")
    role = actions.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=_ROLES)
    for action, text in (
        ("grant", "let a user read a confidential document"),
        ("ungrant", "withdraw a user's grant of a confidential document"),
    ):
        sub = actions.add_parser(action, help=text)
        sub.add_argument("name")
        sub.add_argument("doc_id", help="the document's id, as in /documents/{doc_id}")


class _WithCommon:
    """Adds action parsers that all inherit the common options."""

    def __init__(self, subparsers: Any, common: argparse.ArgumentParser) -> None:
        self._subparsers = subparsers
        self._common = common

    def add_parser(self, name: str, help: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self._subparsers.add_parser(
            name, help=help, parents=[self._common]
        )
        return parser


def run_user(args: argparse.Namespace) -> int:
    """Carry out one `pockg user` action; exit 1 with the reason when it cannot be done."""
    users = UserStore(load_settings(args.data_dir).users_db)
    try:
        message = _act(users, args)
    except UserError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    if message:
        print(message)
    return 0


def _act(users: UserStore, args: argparse.Namespace) -> str | None:
    """Do what `args.action` asks; return what to print on stdout."""
    if args.action == "add":
        return users.add(args.name, Role(args.role))
    if args.action == "token":
        return users.new_token(args.name)
    if args.action == "list":
        _print_users(users)
        return None
    if args.action == "revoke-tokens":
        count = users.revoke_tokens(args.name)
        return f"Revoked {count} token{'s' if count != 1 else ''} of {args.name}."
    if args.action == "remove":
        users.remove(args.name)
        return f"Removed {args.name}."
    if args.action == "role":
        users.set_role(args.name, Role(args.role))
        return f"{args.name} is now {args.role}."
    if args.action == "grant":
        users.grant(args.name, args.doc_id)
        return f"{args.name} may read {args.doc_id}."
    if not users.revoke(args.name, args.doc_id):
        raise UserError(f"{args.name} had no grant of {args.doc_id!r}")
    return f"{args.name} may no longer read {args.doc_id}."


def _print_users(users: UserStore) -> None:
    table = Table("name", "role", "confidential documents granted")
    for user in users.users():
        table.add_row(user.name, user.role.value, ", ".join(sorted(user.grants)))
    Console().print(table)
