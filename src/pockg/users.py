"""Staff accounts: a name, a role, API tokens and grants to confidential documents.

Kept in `DATA_DIR/users.sqlite`. A token is shown once, when it is made; the store keeps
only its SHA-256 digest, so a copied database gives nobody a way in. Tokens are 256 random
bits, which is why a plain digest (not a slow password hash) is the right tool: there is
nothing to guess.

Roles, each including the one before: `reader` (signed in: may read internal documents),
`curator` (may also confirm, reject, merge, correct and add statements), `admin` (may read
every document, confidential ones included). Confidential documents are otherwise read only
by users granted them one by one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

TOKEN_PREFIX = "pockg_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('reader', 'curator', 'admin')),
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    digest TEXT PRIMARY KEY,
    name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS grants (
    name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (name, doc_id)
);
"""


class Role(StrEnum):
    """What a signed-in user may do; each role includes the ones before it."""

    READER = "reader"
    CURATOR = "curator"
    ADMIN = "admin"

    def includes(self, other: Role) -> bool:
        """Return whether this role may do what `other` may."""
        order = list(Role)
        return order.index(self) >= order.index(other)


class UserError(ValueError):
    """A user command that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class User:
    """A signed-in person: name, role and the confidential documents granted to them."""

    name: str
    role: Role
    grants: frozenset[str] = frozenset()


class UserStore:
    """The accounts in one SQLite file; every method opens and closes its own connection."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, name: str, role: Role) -> str:
        """Create the user `name` with `role` and return their first token."""
        if not _NAME.match(name):
            raise UserError(
                f"invalid user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-'"
            )
        with self._connection() as db:
            try:
                db.execute("INSERT INTO users VALUES (?, ?, ?)", (name, role.value, _now()))
            except sqlite3.IntegrityError:
                raise UserError(f"user {name!r} exists already") from None
            return _new_token(db, name)

    def new_token(self, name: str) -> str:
        """Return a further token for `name` (earlier ones keep working until revoked)."""
        with self._connection() as db:
            self._require(db, name)
            return _new_token(db, name)

    def revoke_tokens(self, name: str) -> int:
        """Revoke every token of `name`; return how many there were."""
        with self._connection() as db:
            self._require(db, name)
            return db.execute("DELETE FROM tokens WHERE name = ?", (name,)).rowcount

    def remove(self, name: str) -> None:
        """Delete the user `name` with their tokens and grants."""
        with self._connection() as db:
            self._require(db, name)
            db.execute("DELETE FROM users WHERE name = ?", (name,))

    def set_role(self, name: str, role: Role) -> None:
        """Change the role of `name`."""
        with self._connection() as db:
            self._require(db, name)
            db.execute("UPDATE users SET role = ? WHERE name = ?", (role.value, name))

    def grant(self, name: str, doc_id: str) -> None:
        """Let `name` read the confidential document `doc_id`."""
        with self._connection() as db:
            self._require(db, name)
            db.execute("INSERT OR IGNORE INTO grants VALUES (?, ?)", (name, doc_id))

    def revoke(self, name: str, doc_id: str) -> bool:
        """Withdraw the grant of `doc_id` from `name`; return whether there was one."""
        with self._connection() as db:
            self._require(db, name)
            sql = "DELETE FROM grants WHERE name = ? AND doc_id = ?"
            return db.execute(sql, (name, doc_id)).rowcount > 0

    def users(self) -> list[User]:
        """Return every user, by name."""
        with self._connection() as db:
            rows = db.execute("SELECT name, role FROM users ORDER BY name").fetchall()
            return [_user(db, name, role) for name, role in rows]

    def authenticate(self, token: str) -> User | None:
        """Return the user holding `token`, or None for an unknown or malformed token."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200 or not self.path.exists():
            return None
        with self._connection() as db:
            row = db.execute(
                "SELECT users.name, users.role FROM tokens JOIN users USING (name) "
                "WHERE tokens.digest = ?",
                (_digest(token),),
            ).fetchone()
            return _user(db, row[0], row[1]) if row else None

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.execute("PRAGMA foreign_keys = ON")
            db.executescript(_SCHEMA)
            with db:  # one transaction: committed on success, rolled back on error
                yield db

    @staticmethod
    def _require(db: sqlite3.Connection, name: str) -> None:
        if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
            raise UserError(f"no user called {name!r}")


def _user(db: sqlite3.Connection, name: str, role: str) -> User:
    grants = db.execute("SELECT doc_id FROM grants WHERE name = ?", (name,)).fetchall()
    return User(name, Role(role), frozenset(doc_id for (doc_id,) in grants))


def _new_token(db: sqlite3.Connection, name: str) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.execute("INSERT INTO tokens VALUES (?, ?, ?)", (_digest(token), name, _now()))
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
