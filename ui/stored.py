"""A stored assessment loaded with the session's actor and scored like the wizard scores a draft
(lenient parse, the administrator's settings of its profile). For pages that read without editing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.engine import Settings, score
from scoring.io import parse_lenient
from scoring.models import Assessment, Result
from store import Actor
from store import assessments as repo
from ui import params, yardsticks
from ui.catalogue import catalogue, profile, ruleset


@dataclass(frozen=True)
class Scored:
    id: str
    revision: int
    data: dict[str, Any]
    assessment: Assessment
    result: Result
    problems: list[str]


def score_data(data: dict[str, Any], lang: str, settings: Settings | None = None, *, who: Actor | None = None,
               aid: str | None = None) -> tuple[Assessment, Result, list[str]]:
    """Parse leniently and score; with ``who`` and ``aid`` the settings are the stored assessment's own
    (ui.yardsticks.settings_for: its profile's administrator values and its pinned district set)."""
    a, problems = parse_lenient(data, lang)
    rs, prof = ruleset(a.ruleset), profile(a.profile)
    if settings is None:
        settings = yardsticks.settings_for(who, aid, prof.id) if who is not None and aid else params.settings(prof.id)
    return a, score(a, catalogue(), ruleset_id=rs.id, profile_id=prof.id, settings=settings), problems


def load(who: Actor, aid: str, lang: str, revision: int | None = None) -> Scored:
    """Raises StoreError (AccessDenied, NotFound) with a Chinese message. Scored with what the wizard scores
    the assessment with (its pinned district set included), so every screen shows one verdict."""
    data, rev = repo.load(who, aid, revision)
    a, result, problems = score_data(data, lang, who=who, aid=aid)
    return Scored(aid, rev, data, a.model_copy(update={"id": aid}), result, problems)
