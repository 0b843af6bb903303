"""The district yardstick set the draft is scored with (store.yardsticks), and the offer of a newer one.

The rule lives in the store: a pinned assessment keeps its set; an unpinned one takes its district's current
set at its first scoring, and this module pins it then, so publishing a new set never changes a stored result
silently. Re-scoring against a newer set is the user's explicit action (``adopt``). Reads are cached briefly per
session (a rerun per keystroke must not query the store each time).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time

from scoring.engine import Settings, score
from scoring.models import Assessment, Result
from scoring.yardstick_set import YardstickSet
from store import Actor, StoreError
from store import yardsticks as ys_store
from store.yardsticks import PublishedSet
from ui import auth, params
from ui import catalogue as catmod
from ui.session import W

log = logging.getLogger("gf.ui")
TTL_SECONDS = 5.0


def _key() -> tuple[str | None, str | None]:
    who = auth.actor()
    return (W().get("aid"), who.user_id if who else None)


def _lookup() -> tuple[YardstickSet | None, PublishedSet | None]:
    who, aid = auth.actor(), W().get("aid")
    if who is None or who.role in ("guest", "local") or not aid:
        return None, None
    try:
        pin = ys_store.pin_of(who, aid)
        chosen = ys_store.set_to_score(who, aid)
        if pin is None:  # first scoring since sets exist: record what it is scored with
            with contextlib.suppress(StoreError):  # a read-only viewer (an official) scores without pinning
                ys_store.pin_set(who, aid, chosen.id if chosen else None)
        return chosen, ys_store.newer_set_available(who, aid)
    except StoreError:
        log.exception("reading the yardstick set of %s failed", aid)
        return None, None


def _cached() -> tuple[YardstickSet | None, PublishedSet | None]:
    key, now = _key(), time.monotonic()
    hit = W().get("_yardsticks")
    if hit is not None and hit[0] == key and now - hit[1] < TTL_SECONDS:
        return hit[2]
    value = _lookup()
    W()["_yardsticks"] = (key, now, value)
    return value


def for_draft() -> YardstickSet | None:
    """The set the draft is scored with, or None (no district set, single-user mode, guest)."""
    return _cached()[0]


def newer() -> PublishedSet | None:
    """A set of the district newer than the one the draft is pinned to, if any."""
    return _cached()[1]


def settings_for(who: Actor, aid: str, profile: str) -> Settings:
    """What a stored assessment is scored with on every screen: the administrator's settings of its profile and
    the district set it is pinned to (or its district's current one); read-only, nothing is pinned here."""
    try:
        district_set = ys_store.set_to_score(who, aid)
    except StoreError:
        log.exception("reading the yardstick set of %s failed", aid)
        district_set = None
    return with_set(profile, district_set)


def with_set(profile: str, district_set: YardstickSet | None) -> Settings:
    """The administrator's settings of a profile, scored against a district set (if any)."""
    base = params.settings(profile)
    return base if district_set is None else dataclasses.replace(base, yardsticks=district_set)


def preview(a: Assessment, set_id: str) -> Result:
    """The draft scored with another published set (what adopting it would change); nothing is pinned."""
    who = auth.actor()
    assert who is not None
    return score(a, catmod.catalogue(), settings=with_set(a.profile, ys_store.get_set(who, set_id)))


def adopt(set_id: str) -> None:
    """Re-score with the district's newer set: the explicit action (audited by the store)."""
    who, aid = auth.actor(), W().get("aid")
    if who is None or not aid:
        return
    ys_store.pin_set(who, aid, set_id)
    W().pop("_yardsticks", None)
