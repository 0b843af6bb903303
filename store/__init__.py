"""Persistence: engines and migrations (db), assessments with revisions (assessments), the access rule (scope),
accounts and sign-in (accounts), organisations, jurisdictions and grants (orgs), evidence files (attachments),
the audit log (audit), published district yardstick sets and the set each assessment is pinned to (yardsticks).
Operator commands: ``python -m store --help``."""

from store.access import GUEST, LOCAL, Actor, Role
from store.errors import (
    AccessDenied,
    AccountDisabled,
    AccountLocked,
    AuthError,
    FileTooLarge,
    InvalidData,
    Locked,
    LoginFailed,
    NotFound,
    StoreError,
    TooLarge,
    WeakPassword,
)

__all__ = [
    "GUEST",
    "LOCAL",
    "AccessDenied",
    "AccountDisabled",
    "AccountLocked",
    "Actor",
    "AuthError",
    "FileTooLarge",
    "InvalidData",
    "Locked",
    "LoginFailed",
    "NotFound",
    "Role",
    "StoreError",
    "TooLarge",
    "WeakPassword",
]
