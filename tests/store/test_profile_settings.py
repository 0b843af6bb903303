"""评价参数 (profile_settings): admins set level thresholds and 基准值/引领值 with a source; the engine scores with them."""

from __future__ import annotations

import pytest

from criteria import load_catalogue
from scoring.engine import score
from scoring.example import example_assessment
from store import AccessDenied, InvalidData, NotFound, audit
from store import profile_settings as ps
from tests.store.conftest import World

CAT = load_catalogue()


def _quantitative(profile_id: str) -> str:
    prof = CAT.profiles[profile_id]
    rs = next(r for r in CAT.rulesets.values() if prof.allows(r.id))
    return next(i.id for _, i in rs.indicators() if i.kind in ("forward", "inverse"))


def test_admin_sets_and_clears_values_with_sources(world: World) -> None:
    admin, engine = world.actor("admin"), world.engine
    ind = _quantitative("ningbo_star")
    ps.set_value(admin, "ningbo_star", "baseline", ind, 1.5, "区经信局 2026 年行业均值", engine=engine)
    ps.set_value(admin, "ningbo_star", "leading", ind, 3, "同上，前 10% 分位", engine=engine)
    ps.set_value(admin, "ningbo_star", "baseline", ind, 2.0, "更正：2026 年 3 月通报", engine=engine)
    settings = ps.settings_for("ningbo_star", engine=engine)
    assert settings.benchmarks == {ind: {"baseline": 2.0, "leading": 3.0}}
    assert settings.sources == {f"{ind}.baseline": "更正：2026 年 3 月通报", f"{ind}.leading": "同上，前 10% 分位"}
    assert settings.level_thresholds is None
    first, _ = ps.entries("ningbo_star", engine=engine)
    assert (first.kind, first.updated_by_name) == ("baseline", "区管理员") and first.kind_label == "基准值"
    assert ps.entries("national_readiness", engine=engine) == []
    ps.clear_value(admin, "ningbo_star", "leading", ind, engine=engine)
    assert ps.settings_for("ningbo_star", engine=engine).benchmarks == {ind: {"baseline": 2.0}}
    with pytest.raises(NotFound):
        ps.clear_value(admin, "ningbo_star", "leading", ind, engine=engine)
    actions = [e.action for e in audit.list_audit(admin, engine=engine) if e.action.startswith("settings")]
    assert actions == ["settings_clear", "settings_set", "settings_set", "settings_set"]


def test_a_threshold_set_by_the_admin_changes_the_level(world: World) -> None:
    admin, engine = world.actor("admin"), world.engine
    prof = CAT.profiles["national_readiness"]
    a = example_assessment(profile_id=prof.id)
    before = score(a, CAT)
    lowest = prof.levels[0]
    ps.set_value(admin, prof.id, "level", lowest.id, 0, "测试：分数线 0 分", engine=engine)
    settings = ps.settings_for(prof.id, engine=engine)
    after = score(a, CAT, settings=settings)
    assert next(lv for lv in after.levels if lv.id == lowest.id).min_total == 0
    assert after.total == before.total
    assert settings.sources == {f"level:{lowest.id}": "测试：分数线 0 分"}


def test_admin_benchmark_reaches_the_result_with_its_source(world: World) -> None:
    admin, engine = world.actor("admin"), world.engine
    a = example_assessment().model_copy(update={"benchmarks": {}})  # none entered by the enterprise
    base = score(a, CAT)
    row = next(r for r in base.indicators if r.kind in ("forward", "inverse") and r.value)
    ind = CAT.ruleset(a.ruleset).item(row.id)
    low, high = (row.value * 2, row.value * 3) if row.kind == "inverse" else (row.value / 3, row.value / 2)
    ps.set_value(admin, a.profile, "baseline", row.id, low, "管理员测试来源", engine=engine)
    ps.set_value(admin, a.profile, "leading", row.id, high, "管理员测试来源", engine=engine)
    after = score(a, CAT, settings=ps.settings_for(a.profile, engine=engine))
    got = next(r for r in after.indicators if r.id == row.id)
    assert got.fraction == 1.0 and got.baseline.value == low
    assert got.baseline.source == "管理员设置：管理员测试来源" and ind is not None


@pytest.mark.parametrize("who", ["ent_a", "cons", "off_haishu", "guest", "local"])
def test_only_admins_change_settings(world: World, who: str) -> None:
    ind = _quantitative("ningbo_star")
    with pytest.raises(AccessDenied, match="只有管理员"):
        ps.set_value(world.actor(who), "ningbo_star", "baseline", ind, 1, "来源", engine=world.engine)
    with pytest.raises(AccessDenied, match="只有管理员"):
        ps.clear_value(world.actor(who), "ningbo_star", "baseline", ind, engine=world.engine)
    assert ps.entries(engine=world.engine) == []


@pytest.mark.parametrize(
    ("profile", "kind", "key", "value", "source", "message"),
    [
        ("nowhere", "baseline", "x", 1, "s", "未知的地方评价方案"),
        ("ningbo_star", "weight", "x", 1, "s", "未知的参数类型"),
        ("ningbo_star", "baseline", "no_such_indicator", 1, "s", "没有定量指标"),
        ("ningbo_star", "baseline", "'; DROP TABLE users; --", 1, "s", "格式不正确"),
        ("ningbo_star", "level", "star9", 80, "s", "没有等级"),
        ("ningbo_star", "level", "LEVEL", 120, "s", "没有等级|0 到 100"),
        ("ningbo_star", "baseline", "IND", float("nan"), "s", "有效的数值"),
        ("ningbo_star", "baseline", "IND", True, "s", "有效的数值"),
        ("ningbo_star", "baseline", "IND", "1", "s", "有效的数值"),
        ("ningbo_star", "baseline", "IND", 1, "  ", "来源不能为空"),
        ("ningbo_star", "baseline", "IND", 1, "x" * 301, "来源不能超过"),
    ],
)
def test_bad_settings_are_refused(world: World, profile, kind, key, value, source, message) -> None:
    key = key.replace("IND", _quantitative("ningbo_star")).replace("LEVEL", CAT.profiles["ningbo_star"].levels[0].id)
    with pytest.raises(InvalidData, match=message):
        ps.set_value(world.actor("admin"), profile, kind, key, value, source, engine=world.engine)
    assert ps.entries(engine=world.engine) == []
