"""The criteria catalogue, loaded and validated once per server process."""

from __future__ import annotations

import streamlit as st

from criteria import Catalogue, load_catalogue
from criteria.schema import Choice, Profile, RuleSet


@st.cache_resource(show_spinner=False)
def catalogue() -> Catalogue:
    return load_catalogue()


def ruleset(ruleset_id: str) -> RuleSet:
    """The rule-set with this id, or the first current one when the id is unknown (a stale draft)."""
    cat = catalogue()
    if ruleset_id in cat.rulesets:
        return cat.rulesets[ruleset_id]
    return next((r for r in cat.rulesets.values() if r.status == "current"), next(iter(cat.rulesets.values())))


STATUS_ORDER = {"current": 0, "overlay": 1, "legacy": 2, "example": 3}


def ruleset_ids() -> list[str]:
    """Rule-sets as offered to the user: the current one first, then industry overlays, legacy, examples."""
    sets = catalogue().rulesets.values()
    return [r.id for r in sorted(sets, key=lambda r: (STATUS_ORDER.get(r.status, 9), r.edition, r.id))]


def profile(profile_id: str) -> Profile:
    cat = catalogue()
    return cat.profiles.get(profile_id) or next(iter(cat.profiles.values()))


def profiles_for(ruleset_id: str) -> list[Profile]:
    return [p for p in catalogue().profiles.values() if p.allows(ruleset_id)]


def choices(rs: RuleSet, name: str) -> tuple[Choice, ...]:
    """A rule-set's option list (e.g. platform_functions); rule-sets of one edition share them via gates_from."""
    return rs.choices.get(name, ())
