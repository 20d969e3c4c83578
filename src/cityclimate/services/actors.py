"""Who acts: the user behind a request or a command, and what their role may see.

The role groups below are the only place where roles are grouped; the API routes, the pages and
the services all allow or narrow by these names.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityclimate.storage.models import ROLES

#: Every role of the platform, in the order people list them.
ALL_ROLES: tuple[str, ...] = ROLES
#: The climate office's own people (they run the plan, publish, recalculate).
OFFICE: tuple[str, ...] = ("admin", "climate_office")
#: Roles that see drafts and staged imports, not only published figures.
STAFF: tuple[str, ...] = (*OFFICE, "department")
#: Roles that may upload data.
DATA_PROVIDERS: tuple[str, ...] = (*STAFF, "enterprise")
#: Roles that may compute, publish and recalculate inventories (the office).
INVENTORY_WRITERS: tuple[str, ...] = OFFICE
#: Roles that may reach enterprise reporting at all (a verifier is a ``public`` user); the
#: enterprises service then narrows to the bound or engaged enterprises.
ENTERPRISE_MEMBERS: tuple[str, ...] = (*OFFICE, "enterprise", "public")
ADMIN: tuple[str, ...] = ("admin",)
STAFF_ROLES = frozenset(STAFF)


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
