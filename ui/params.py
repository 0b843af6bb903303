"""The administrator's 评价参数 (store.profile_settings) as the engine's Settings, cached briefly per process.

Every scoring in the UI passes these Settings, so an admin's change reaches everyone's results: at once in this
process (``invalidate``), within ``TTL_SECONDS`` on other replicas.
"""

from __future__ import annotations

import logging
import threading
import time

from scoring.engine import Settings
from store import db
from store import profile_settings as ps

log = logging.getLogger("gf.ui")
TTL_SECONDS = 5.0
_cache: dict[tuple[str, str], tuple[float, Settings]] = {}
_lock = threading.Lock()


def settings(profile: str) -> Settings:
    """The Settings of a profile; empty Settings when the store cannot be read (logged)."""
    key = (db.default_url(), profile)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
    if hit is not None and now - hit[0] < TTL_SECONDS:
        return hit[1]
    try:
        value = ps.settings_for(profile)
    except Exception:
        log.exception("reading the settings of profile %s failed", profile)
        return Settings()
    with _lock:
        _cache[key] = (now, value)
    return value


def invalidate() -> None:
    with _lock:
        _cache.clear()
