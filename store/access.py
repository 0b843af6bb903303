"""Who is asking: the Actor passed to every repository call.

The rule deciding what an actor may do with a stored assessment lives in one place,
``store.assessments._check_access``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["local", "guest", "enterprise", "consultant", "official", "admin"]
ROLES: frozenset[str] = frozenset(get_args(Role))


@dataclass(frozen=True)
class Actor:
    """The caller. ``local`` is the single-user deployment without accounts; the other roles come with accounts."""

    user_id: str | None = None
    role: Role = "local"
    org_ids: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"未知角色：{self.role!r}")
        if not isinstance(self.org_ids, frozenset):
            object.__setattr__(self, "org_ids", frozenset(self.org_ids))


LOCAL = Actor()  # the actor of a deployment without accounts
