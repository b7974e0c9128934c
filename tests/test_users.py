"""Staff accounts (`pockg.users`) and the `pockg user` command."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pockg.users import Role, User, UserError, UserStore
from tests.conftest import run_pockg


@pytest.fixture
def users(tmp_path: Path) -> UserStore:
    return UserStore(tmp_path / "users.sqlite")


def test_token_signs_in_its_user_with_their_role(users: UserStore) -> None:
    token = users.add("ana", Role.CURATOR)
    assert users.authenticate(token) == User("ana", Role.CURATOR)
    assert users.authenticate(token + "x") is None
    assert users.authenticate("") is None
    assert users.authenticate("Bearer " + token) is None


def test_store_keeps_no_token_in_clear(users: UserStore) -> None:
    token = users.add("ana", Role.READER)
    assert token.encode() not in users.path.read_bytes()
    with sqlite3.connect(users.path) as db:
        [(digest,)] = db.execute("SELECT digest FROM tokens").fetchall()
    assert len(digest) == 64 and digest not in token


def test_tokens_are_random_and_revocable(users: UserStore) -> None:
    first = users.add("ana", Role.READER)
    second = users.new_token("ana")
    assert first != second and len(first) > 40
    assert users.authenticate(second) is not None
    assert users.revoke_tokens("ana") == 2
    assert users.authenticate(first) is None and users.authenticate(second) is None


def test_grants_and_roles_change_what_a_user_is(users: UserStore) -> None:
    token = users.add("ben", Role.READER)
    users.grant("ben", "confidential-note-txt")
    users.grant("ben", "confidential-note-txt")  # twice is once
    users.set_role("ben", Role.ADMIN)
    granted = frozenset({"confidential-note-txt"})
    assert users.authenticate(token) == User("ben", Role.ADMIN, granted)
    assert users.revoke("ben", "confidential-note-txt") is True
    assert users.revoke("ben", "confidential-note-txt") is False
    users.remove("ben")
    assert users.authenticate(token) is None
    assert users.users() == []


def test_bad_user_commands_say_what_is_wrong(users: UserStore) -> None:
    users.add("ana", Role.READER)
    with pytest.raises(UserError, match="user 'ana' exists already"):
        users.add("ana", Role.ADMIN)
    with pytest.raises(UserError, match="no user called 'zoe'"):
        users.grant("zoe", "doc")
    with pytest.raises(UserError, match="invalid user name"):
        users.add("ana smith", Role.READER)
    with pytest.raises(UserError, match="invalid user name"):
        users.add("x" * 65, Role.READER)


def test_roles_include_the_ones_before() -> None:
    assert Role.ADMIN.includes(Role.CURATOR) and Role.CURATOR.includes(Role.READER)
    assert not Role.READER.includes(Role.CURATOR)
    assert not Role.CURATOR.includes(Role.ADMIN)


def test_user_command_prints_the_token_alone(tmp_path: Path) -> None:
    added = run_pockg("user", "add", "ana", "--role", "curator", data_dir=tmp_path)
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip()
    assert "\n" not in token
    assert UserStore(tmp_path / "users.sqlite").authenticate(token) == User("ana", Role.CURATOR)
    granted = run_pockg("user", "grant", "ana", "memo-txt", data_dir=tmp_path)
    assert granted.returncode == 0
    listed = run_pockg("user", "list", data_dir=tmp_path)
    assert "ana" in listed.stdout and "curator" in listed.stdout and "memo-txt" in listed.stdout


def test_user_command_refuses_with_exit_codes(tmp_path: Path) -> None:
    run_pockg("user", "add", "ana", "--role", "reader", data_dir=tmp_path)
    again = run_pockg("user", "add", "ana", "--role", "reader", data_dir=tmp_path)
    assert again.returncode == 1
    assert "user 'ana' exists already" in again.stderr
    assert again.stdout == ""
    unknown_role = run_pockg("user", "add", "ben", "--role", "boss", data_dir=tmp_path)
    assert unknown_role.returncode == 2
    assert "invalid choice: 'boss'" in unknown_role.stderr
    missing = run_pockg("user", "ungrant", "ana", "memo-txt", data_dir=tmp_path)
    assert missing.returncode == 1 and "had no grant" in missing.stderr
