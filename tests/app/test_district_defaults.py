"""Every page starts from the deployment's default rule-set and profile (criteria/reference/district.yaml: for
海曙 the 2025 platform layout and 宁波星级), not from the first file in alphabetical order (2018 / 河北)."""

from __future__ import annotations

from tests.app.auth_helpers import signed_in_app
from tests.app.wizard_helpers import goto, new_app

DEFAULTS = ("gbt36132_2025_platform", "ningbo_star")


def test_a_new_assessment_and_the_home_page_start_from_the_district_defaults(db_url):
    at = new_app()
    at.run()
    assert (at.selectbox(key="home-ruleset").value, at.selectbox(key="home-profile").value) == DEFAULTS
    draft = at.session_state["_wiz"]["draft"]
    assert (draft["ruleset"], draft["profile"]) == DEFAULTS


def test_the_administrators_parameters_start_from_the_district_profile(district):
    at = signed_in_app("admin")
    goto(at, "params")
    assert not at.exception and at.selectbox(key="params-profile").value == DEFAULTS[1]


def test_an_unknown_profile_falls_back_to_the_district_default():
    from ui.catalogue import profile, ruleset

    assert (ruleset("no-such-set").id, profile("no-such-profile").id) == DEFAULTS


def test_the_pool_page_offers_the_district_defaults_first(db_url):
    at = new_app()
    at.run()
    goto(at, "pool")
    assert not at.exception
    assert (at.selectbox(key="pool-ruleset").value, at.selectbox(key="pool-profile").value) == DEFAULTS
    assert at.selectbox(key="pool-ruleset").options[0].startswith("绿色工厂评价通则（2025版·工信部平台")
