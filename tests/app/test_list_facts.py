"""The lists' line of a stored assessment (ui.pickers.facts) in the page's language: the level is stored as its
Chinese name and shown in English under the English switch."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from criteria import load_catalogue
from store.assessments import AssessmentInfo
from ui import pickers
from ui.session import W


def _info(level: str, profile: str = "ningbo_star") -> AssessmentInfo:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    return AssessmentInfo(id="a", title="示例", ruleset="gbt36132_2025_platform", profile=profile, org_id=None,
                          created_by=None, created_at=now, updated_at=now, latest_revision=3, deleted=False,
                          year=2025, total=81.5, level=level)


@pytest.fixture(autouse=True)
def _session():
    W().clear()
    yield
    W().clear()


def test_the_level_follows_the_language():
    level = load_catalogue().profile("ningbo_star").levels[0]
    assert pickers.facts(_info(level.name.zh)).endswith(level.name.zh)
    W()["lang"] = "en"
    line = pickers.facts(_info(level.name.zh))
    assert line.endswith(level.name.en) and level.name.en != level.name.zh and "81.50" in line


def test_a_name_the_profile_no_longer_has_stays_as_stored():
    W()["lang"] = "en"
    assert pickers.facts(_info("旧等级名")).endswith("旧等级名")
    assert pickers.facts(_info("旧等级名", profile="gone")).endswith("旧等级名")
