"""Who acts: the user behind a request or a command, and what their role may see."""

from __future__ import annotations

from dataclasses import dataclass

#: Roles that see drafts and staged imports, not only published figures.
STAFF_ROLES = frozenset({"admin", "climate_office", "department"})


@dataclass(frozen=True)
class Actor:
    """The user (or the system) doing something; ``user_id`` is None for the system itself."""

    user_id: int | None
    username: str
    role: str
    client: str = ""

    @property
    def sees_drafts(self) -> bool:
        return self.role in STAFF_ROLES


SYSTEM = Actor(user_id=None, username="system", role="admin", client="cli")
ANONYMOUS = Actor(user_id=None, username="", role="anonymous")
