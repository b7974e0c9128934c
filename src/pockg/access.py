"""Who may read what: one rule for every path (pages, the API, search, briefings, exports and
SPARQL).

A document's access level comes from the corpus manifest. Anonymous readers see `public`
documents; any signed-in user also sees `internal` ones; a `confidential` document is read
only by admins and by users granted it by name (`pockg user grant NAME DOC_ID`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pockg.models import AccessLevel
from pockg.users import Role, User


@dataclass(frozen=True)
class Reader:
    """The person reading: anonymous (`user` None) or a signed-in user."""

    user: User | None = None

    @property
    def signed_in(self) -> bool:
        """Return whether the reader has signed in."""
        return self.user is not None

    def may_read(self, level: AccessLevel, doc_id: str) -> bool:
        """Return whether the reader may read the document `doc_id` of access `level`."""
        if level is AccessLevel.PUBLIC:
            return True
        if self.user is None:
            return False
        if level is AccessLevel.INTERNAL or self.user.role is Role.ADMIN:
            return True
        return doc_id in self.user.grants

    @property
    def reads_everything(self) -> bool:
        """Return whether the reader may read every document (an admin)."""
        return self.user is not None and self.user.role is Role.ADMIN

    def may(self, role: Role) -> bool:
        """Return whether the reader is signed in with `role` or a role including it."""
        return self.user is not None and self.user.role.includes(role)

    @property
    def levels(self) -> tuple[str, ...]:
        """Return the access levels of which the reader may read every document."""
        if self.user is None:
            return (AccessLevel.PUBLIC.value,)
        if self.user.role is Role.ADMIN:
            return tuple(level.value for level in AccessLevel)
        return (AccessLevel.PUBLIC.value, AccessLevel.INTERNAL.value)

    @property
    def granted(self) -> frozenset[str]:
        """Return the confidential documents the reader may read beyond `levels`."""
        if self.user is None or self.user.role is Role.ADMIN:
            return frozenset()
        return self.user.grants


ANONYMOUS = Reader()
"""The reader who has not signed in."""
