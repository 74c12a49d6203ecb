"""Who may do what. The console and the command line decide *who* the actor is; `core` decides whether
the actor's role allows the action, so a hidden button is never the only guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.config import Role, Settings, settings
from core.errors import PermissionDenied

Action = Literal["read", "ingest", "review", "waive", "export", "admin"]

_ALLOWED: dict[Role, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "reviewer": frozenset({"read", "ingest", "review", "waive", "export"}),
    "admin": frozenset({"read", "ingest", "review", "waive", "export", "admin"}),
}

ROLES: tuple[Role, ...] = ("viewer", "reviewer", "admin")


@dataclass(frozen=True)
class Actor:
    """A person (or a recorded policy such as `seed` or `auto-approve`) acting with a role."""

    name: str
    role: Role

    def can(self, action: Action) -> bool:
        return action in _ALLOWED[self.role]

    def require(self, action: Action) -> None:
        if not self.can(action):
            raise PermissionDenied(
                f"{self.name} has the role {self.role}, which does not allow {action}; "
                f"ask an admin for a role that does (roles: {', '.join(ROLES)})"
            )


def actor_named(name: str, config: Settings | None = None) -> Actor:
    """The actor `name` with the role the configuration gives it (the local operator is admin)."""
    cfg = config or settings()
    return Actor(name, cfg.role_of(name))


SEED = Actor("seed", "admin")
"""The first start's seeding: ingests and approves the sample delivery, recorded under this name."""
