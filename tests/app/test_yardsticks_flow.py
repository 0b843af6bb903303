"""District yardsticks end to end in the app (AppTest): an administrator derives and publishes a set from the
stored assessments; the district's enterprise is scored with it, keeps its version when a newer one is published,
and re-scores only when it adopts the newer one."""

from __future__ import annotations

from scoring.yardstick_set import YardstickEntry, YardstickSet
from store import yardsticks as ys_store
from tests.app.auth_helpers import signed_in_app, texts
from tests.app.cycle_helpers import mark_submitted
from tests.app.wizard_helpers import goto


def _set(name: str, baseline: float, leading: float) -> YardstickSet:
    entry = YardstickEntry(indicator="carbon_intensity", industry="34", level="division", baseline=baseline,
                           leading=leading, n=12)
    return YardstickSet(name=name, district="haishu", year=2025, ruleset="gbt36132_2025_platform",
                        source="测试用区级基准值", entries=(entry,))


def _result(at):
    return at.session_state["_wiz"]["_result"][1]


def _carbon(result):
    return next(i for i in result.indicators if i.id == "carbon_intensity")


def test_enterprise_is_scored_with_the_published_set_and_adopts_a_newer_one(district):
    admin, engine = district.actors["admin"], district.engine
    first = ys_store.publish(admin, _set("海曙区 2025 年区级基准值", 0.5, 0.1), engine=engine)
    at = signed_in_app("ent_a")
    goto(at, "my")
    at.button(key=f"my-open-{district.assessments['A']}").click().run()
    goto(at, "results")
    assert not at.exception
    r1 = _result(at)
    assert r1.yardstick_set is not None and r1.yardstick_set.version == first.version
    assert _carbon(r1).baseline.origin == "district" and _carbon(r1).baseline.value == 0.5
    assert "区级基准值集：海曙区 2025 年区级基准值（第 1 版）" in texts(at)
    assert "企业自报" in texts(at)  # the sample's own yardsticks elsewhere are labelled as such
    pin = ys_store.pin_of(admin, district.assessments["A"], engine=engine)
    assert pin is not None and pin.set_id == first.id  # the first scoring pinned it

    second = ys_store.publish(admin, _set("海曙区 2025 年区级基准值（修订）", 0.3, 0.05), engine=engine)
    at.session_state["_wiz"].pop("_yardsticks", None)  # as after the cache's few seconds
    at.run()
    assert _result(at).total == r1.total  # a new set never changes a stored result silently
    assert "本区已发布新的基准值集" in texts(at)
    at.button(key="adopt-yardsticks").click().run()
    r2 = _result(at)
    assert r2.yardstick_set.version == second.version and _carbon(r2).baseline.value == 0.3
    assert r2.total != r1.total
    assert ys_store.pin_of(admin, district.assessments["A"], engine=engine).set_id == second.id


def test_admin_derives_and_publishes_from_stored_assessments(district):
    mark_submitted(district.engine, district.assessments["A"], district.assessments["B"])  # drafts are not pooled
    at = signed_in_app("admin")
    goto(at, "yardsticks")
    assert not at.exception and at.title[0].value == "区级基准值与引领值"
    at.number_input(key="ys-min-n").set_value(1).run()
    assert at.dataframe, texts(at)
    at.button(key="ys-publish").click().run()
    assert not at.exception and "已发布" in texts(at)
    [info] = ys_store.list_sets(district.actors["admin"], "haishu", engine=district.engine)
    assert info.version == 1 and info.n_firms >= 1


def test_town_official_reads_but_cannot_publish(district):
    at = signed_in_app("off")
    goto(at, "yardsticks")
    assert not at.exception
    assert "只能查看本区已发布的基准值" in texts(at)
    assert not [b for b in at.button if b.key == "ys-publish"]


def test_one_verdict_on_the_results_page_the_screening_and_the_pdf(district, tmp_path):
    """The same stored assessment and yardsticks: the enterprise's results page, the official's screening (its
    ranking row and its drill-down) and the PDF show the same total, level and range."""
    import shutil
    import subprocess

    from report import build_report
    from ui import official

    ys_store.publish(district.actors["admin"], _set("海曙区 2025 年区级基准值", 0.5, 0.1), engine=district.engine)
    at = signed_in_app("ent_a")
    goto(at, "my")
    at.button(key=f"my-open-{district.assessments['A']}").click().run()
    goto(at, "results")
    page = _result(at)
    assert any(b.origin == "entered" for i in page.indicators for b in (i.baseline, i.leading) if b)

    mark_submitted(district.engine, district.assessments["A"])  # the screening takes submitted assessments only
    pool, _, n = official.build_pool(district.actors["off"])
    assert n == 1
    uscc = pool.frame["uscc"].iloc[0]
    row = pool.scores().iloc[0]
    assert (row["total"], row["level"], row["range_max"]) == (page.total, page.level, page.range.max)
    from ui import stored
    read_only = stored.load(district.actors["off"], district.assessments["A"], "zh").result  # 企业评价（只读）
    assert (read_only.total, read_only.level, read_only.yardstick_set) == (page.total, page.level,
                                                                          page.yardstick_set)
    drill = pool.result(uscc)
    assert drill.total == page.total and drill.level == page.level
    assert drill.yardstick_set == page.yardstick_set
    assert [(i.id, i.baseline, i.leading) for i in drill.indicators] == \
        [(i.id, i.baseline, i.leading) for i in page.indicators]  # every yardstick source, 企业自报 included
    if shutil.which("pdftotext"):
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(build_report(pool.assessment(uscc), drill))
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                              text=True).stdout
        assert f"{page.total:.2f}" in text and "海曙区 2025 年区级基准值" in text
