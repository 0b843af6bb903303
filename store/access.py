"""Who is asking: the Actor passed to every repository call.

Build an account's Actor from the database (``store.accounts.authenticate`` or ``actor_for``), never by hand in a
page. The store does not trust what the Actor claims beyond ``user_id``: every call re-reads the user row, the
grants and the jurisdiction (``store.scope.org_scope``), so disabling a user or revoking a grant takes effect at
once. ``org_ids`` is the user's own organisation (enterprise users), there for the UI to show and to create with.

The rule deciding what an actor may do with a stored assessment: ``store.scope.org_scope``, applied to one row
by ``store.assessments._check_access`` and to lists in SQL by ``store.assessments.list_assessments``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Role = Literal["local", "guest", "enterprise", "consultant", "official", "admin"]
ROLES: frozenset[str] = frozenset(get_args(Role))
ACCOUNT_ROLES: tuple[str, ...] = ("enterprise", "consultant", "official", "admin")  # roles a user row may have
ROLE_NAMES: dict[str, str] = {
    "local": "本地单用户",
    "guest": "访客",
    "enterprise": "企业用户",
    "consultant": "咨询机构",
    "official": "主管部门",
    "admin": "管理员",
}


@dataclass(frozen=True)
class Actor:
    """The caller. ``local`` is the single-user deployment without accounts; ``guest`` a visitor without one."""

    user_id: str | None = None
    role: Role = "local"
    org_ids: frozenset[str] = frozenset()
    display_name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"未知角色：{self.role!r}")
        if not isinstance(self.org_ids, frozenset):
            object.__setattr__(self, "org_ids", frozenset(self.org_ids))

    @property
    def org_id(self) -> str | None:
        """The one organisation of an enterprise user, else None."""
        return next(iter(self.org_ids)) if len(self.org_ids) == 1 else None


LOCAL = Actor()  # the actor of a deployment without accounts
GUEST = Actor(role="guest")  # a visitor in guest mode: reaches nothing stored
