"""The criteria catalogue, loaded and validated once per server process."""

from __future__ import annotations

import streamlit as st

from criteria import Catalogue, load_catalogue
from criteria.schema import Choice, Profile, RuleSet


@st.cache_resource(show_spinner=False)
def catalogue() -> Catalogue:
    return load_catalogue()


def default_ruleset() -> str:
    """The deployment's default rule-set (criteria/reference/district.yaml), else the first current one."""
    cat = catalogue()
    return cat.district.default_ruleset or next(
        (r.id for r in cat.rulesets.values() if r.status == "current"), next(iter(cat.rulesets)))


def default_profile() -> str:
    """The deployment's default profile, else the first one that suits the default rule-set."""
    cat = catalogue()
    rs = default_ruleset()
    return cat.district.default_profile or next(
        (p.id for p in cat.profiles.values() if p.allows(rs)), next(iter(cat.profiles)))


def ruleset(ruleset_id: str) -> RuleSet:
    """The rule-set with this id, or the deployment's default when the id is unknown (a stale draft)."""
    cat = catalogue()
    return cat.rulesets.get(ruleset_id) or cat.rulesets[default_ruleset()]


STATUS_ORDER = {"current": 0, "overlay": 1, "legacy": 2, "example": 3}


def ruleset_ids() -> list[str]:
    """Rule-sets as offered to the user: the deployment's default first, then current ones, industry overlays,
    legacy, examples."""
    sets = catalogue().rulesets.values()
    first = default_ruleset()
    return [r.id for r in sorted(sets, key=lambda r: (r.id != first, STATUS_ORDER.get(r.status, 9), r.edition, r.id))]


def profile(profile_id: str) -> Profile:
    """The profile with this id, or the deployment's default when the id is unknown."""
    cat = catalogue()
    return cat.profiles.get(profile_id) or cat.profiles[default_profile()]


def profile_ids() -> list[str]:
    """Profiles as offered: the deployment's default first."""
    first = default_profile()
    return sorted(catalogue().profiles, key=lambda pid: pid != first)


def profiles_for(ruleset_id: str) -> list[Profile]:
    """The profiles usable with a rule-set, the deployment's default first."""
    return [catalogue().profiles[pid] for pid in profile_ids() if catalogue().profiles[pid].allows(ruleset_id)]


def choices(rs: RuleSet, name: str) -> tuple[Choice, ...]:
    """A rule-set's option list (e.g. platform_functions); rule-sets of one edition share them via gates_from."""
    return rs.choices.get(name, ())
