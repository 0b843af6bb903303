"""Persistence: SQLAlchemy engines and migrations (db), the assessment repository (assessments), access."""

from store.access import LOCAL, Actor, Role
from store.errors import AccessDenied, InvalidData, NotFound, StoreError, TooLarge

__all__ = ["LOCAL", "AccessDenied", "Actor", "InvalidData", "NotFound", "Role", "StoreError", "TooLarge"]
