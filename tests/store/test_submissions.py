"""The status machine (草稿 → 已提交 → 初审通过 / 退回补充) and its access rules, on SQLite and PostgreSQL."""

from __future__ import annotations

from functools import cache

import pytest

from scoring.engine import score
from scoring.example import example_assessment
from scoring.models import Result
from store import AccessDenied, InvalidData, Locked, NotFound, audit, submissions
from store import assessments as repo
from store.audit import describe
from tests.store.conftest import World


@cache
def _ready() -> tuple[dict, Result]:
    """A complete example with every evidence marked 已具备, and its result."""
    a = example_assessment()
    for ev in a.evidence.values():
        ev.state = "ready"
    a.enterprise.name = "A企业有限公司"
    a.year = 2026
    return a.model_dump(mode="json"), score(a)


def _submitted(world: World, key: str = "A", who: str = "ent_a") -> str:
    data, result = _ready()
    aid = world.assessments[key]
    out = repo.save(world.actor(who), aid, data, engine=world.engine)
    submissions.submit(world.actor(who), aid, result, revision=out.revision, engine=world.engine)
    return aid


def test_submit_locks_and_records_status_year_total_level(world: World) -> None:
    aid = _submitted(world)
    item = submissions.info(world.actor("ent_a"), aid, engine=world.engine)
    assert item.status == "submitted" and item.locked and item.year == 2026 and item.submitted_revision == 2
    assert item.total == pytest.approx(_ready()[1].total) and item.level.startswith("三星")
    assert submissions.status_line(item).startswith("已提交 · 20")
    with pytest.raises(Locked, match="已提交"):
        repo.save(world.actor("ent_a"), aid, {"x": 1}, engine=world.engine)
    with pytest.raises(Locked):
        repo.restore(world.actor("ent_a"), aid, 1, engine=world.engine)
    with pytest.raises(Locked, match="只有草稿"):
        repo.delete(world.actor("ent_a"), aid, engine=world.engine)
    with pytest.raises(Locked, match="不能重复提交"):
        submissions.submit(world.actor("ent_a"), aid, _ready()[1], revision=2, engine=world.engine)
    [row] = audit.list_audit(world.actor("admin"), action="assessment_submit", engine=world.engine)
    assert row.target == aid and row.action_label == "提交评价"
    from locales import say

    sentence = "；".join(say("zh", m.code, **m.params) for m in describe(row))
    assert sentence == "标题「A企业有限公司」；第 2 版；评价年度 2026 年；状态：已提交"


def test_an_incomplete_draft_is_refused_with_the_missing_indicators_named(world: World) -> None:
    a = example_assessment()
    a.inputs.water_withdrawal_m3 = None
    result = score(a)
    problems = submissions.submission_problems(result)
    assert any("证明材料" in p and "「" in p for p in problems)  # the example leaves three evidences missing
    assert any(p.startswith("指标「") and "尚未填写完整" in p for p in problems)
    aid = world.assessments["A"]
    with pytest.raises(InvalidData, match="还不能提交") as e:
        submissions.submit(world.actor("ent_a"), aid, result, revision=1, engine=world.engine)
    assert str(e.value).count("\n- ") == len(problems)
    assert submissions.info(world.actor("ent_a"), aid, engine=world.engine).status == "draft"


def test_a_stale_revision_is_refused(world: World) -> None:
    data, result = _ready()
    aid = world.assessments["A"]
    repo.save(world.actor("ent_a"), aid, data, engine=world.engine)
    with pytest.raises(InvalidData, match="第 2 版"):
        submissions.submit(world.actor("ent_a"), aid, result, revision=1, engine=world.engine)


@pytest.mark.parametrize("who", ["ent_b", "cons_other", "off_gulin", "admin", "guest", "local"])
def test_only_members_and_granted_consultants_submit(world: World, who: str) -> None:
    data, result = _ready()
    aid = world.assessments["A"]
    repo.save(world.actor("ent_a"), aid, data, engine=world.engine)
    with pytest.raises(AccessDenied):
        submissions.submit(world.actor(who), aid, result, revision=2, engine=world.engine)


def test_a_granted_consultant_submits_for_the_client(world: World) -> None:
    aid = _submitted(world, who="cons")
    assert submissions.info(world.actor("cons"), aid, engine=world.engine).status == "submitted"


def test_return_redraft_resubmit_approve(world: World) -> None:
    engine = world.engine
    aid = _submitted(world)
    out = submissions.review(world.actor("off_gulin"), aid, {
        "energy_intensity_output": ("return", "综合能耗与205-1报表不一致，请核对"),
        "water_reuse": ("pass", ""),
    }, engine=engine)
    assert out.status == "returned"
    # the enterprise and its consultant read what came back and why
    for who in ("ent_a", "cons"):
        assert submissions.returned_comments(world.actor(who), aid, engine=engine) == {
            "energy_intensity_output": "综合能耗与205-1报表不一致，请核对"}
    verdicts = {v.item_id: v.verdict for v in submissions.verdicts_of(world.actor("ent_a"), aid, engine=engine)}
    assert verdicts == {"energy_intensity_output": "return", "water_reuse": "pass"}
    # editing opens a new draft linked to the returned one; asking again gives the same draft
    new = submissions.redraft(world.actor("ent_a"), aid, engine=engine)
    assert submissions.redraft(world.actor("ent_a2"), aid, engine=engine) == new != aid
    child = submissions.info(world.actor("ent_a"), new, engine=engine)
    assert child.status == "draft" and child.parent_id == aid and child.year == 2026
    assert submissions.returned_comments(world.actor("ent_a"), new, engine=engine) == {
        "energy_intensity_output": "综合能耗与205-1报表不一致，请核对"}
    assert repo.load(world.actor("ent_a"), new, engine=engine)[0] == repo.load(world.actor("ent_a"), aid,
                                                                                engine=engine)[0]
    # the official screens the returned one while the new draft is being fixed
    [(latest, _)] = repo.latest_by_org(world.actor("off_gulin"), submitted_only=True, engine=engine)
    assert latest.id == aid and latest.status == "returned"
    data, result = _ready()
    saved = repo.save(world.actor("ent_a"), new, data, note="fixed", engine=engine)
    submissions.submit(world.actor("ent_a"), new, result, revision=saved.revision, engine=engine)
    submissions.review(world.actor("off_haishu"), new, {"energy_intensity_output": ("pass", "已核对")}, engine=engine)
    [(latest, _)] = repo.latest_by_org(world.actor("off_gulin"), submitted_only=True, engine=engine)
    assert latest.id == new and latest.status == "approved"
    assert submissions.returned_comments(world.actor("ent_a"), new, engine=engine) == {}
    actions = [e.action for e in audit.list_audit(world.actor("admin"), target=new, engine=engine)]
    assert actions == ["assessment_approve", "assessment_submit", "assessment_redraft"]
    [ret] = audit.list_audit(world.actor("admin"), action="assessment_return", engine=engine)
    from locales import say

    assert "退回 1 项指标" in "；".join(say("zh", m.code, **m.params) for m in describe(ret))


def test_the_pool_never_takes_a_draft(world: World) -> None:
    engine = world.engine
    assert repo.latest_by_org(world.actor("off_haishu"), submitted_only=True, engine=engine) == []
    aid = _submitted(world)
    repo.create(world.actor("ent_a"), {"enterprise": {"name": "A企业（2027草稿）"}}, engine=engine)
    [(latest, data)] = repo.latest_by_org(world.actor("off_haishu"), submitted_only=True, engine=engine)
    assert latest.id == aid and data["year"] == 2026
    # without the filter the newer draft is what the old call returned
    drafts = {i.id for i, _ in repo.latest_by_org(world.actor("off_haishu"), engine=engine)}
    assert aid not in drafts


@pytest.mark.parametrize("who", ["off_yinzhou", "ent_a", "cons", "admin"])
def test_only_officials_of_the_jurisdiction_review(world: World, who: str) -> None:
    aid = _submitted(world)
    with pytest.raises(AccessDenied):
        submissions.review(world.actor(who), aid, {"water_reuse": ("pass", "")}, engine=world.engine)
    assert submissions.info(world.actor("ent_a"), aid, engine=world.engine).status == "submitted"


def test_review_rules(world: World) -> None:
    engine, off = world.engine, world.actor("off_gulin")
    with pytest.raises(Locked, match="只有“已提交”"):
        submissions.review(off, world.assessments["A"], {"water_reuse": ("pass", "")}, engine=engine)
    aid = _submitted(world)
    with pytest.raises(InvalidData, match="退回原因"):
        submissions.review(off, aid, {"water_reuse": ("return", "  ")}, engine=engine)
    with pytest.raises(InvalidData, match="只能是"):
        submissions.review(off, aid, {"water_reuse": ("maybe", "")}, engine=engine)
    with pytest.raises(InvalidData, match="至少"):
        submissions.review(off, aid, {}, engine=engine)
    assert submissions.review(off, aid, {"water_reuse": ("pass", "")}, engine=engine).status == "approved"
    with pytest.raises(Locked):
        submissions.review(off, aid, {"water_reuse": ("return", "再看看")}, engine=engine)
    with pytest.raises(AccessDenied):
        submissions.verdicts_of(world.actor("ent_b"), aid, engine=engine)


def test_drafts_are_deleted_softly_and_restored_by_an_admin(world: World) -> None:
    engine, aid = world.engine, world.assessments["A"]
    repo.delete(world.actor("ent_a"), aid, engine=engine)
    with pytest.raises(NotFound):
        repo.load(world.actor("ent_a"), aid, engine=engine)
    with pytest.raises(AccessDenied):
        repo.undelete(world.actor("ent_a"), aid, engine=engine)
    assert [i.id for i in repo.list_deleted(world.actor("admin"), engine=engine)] == [aid]
    repo.undelete(world.actor("admin"), aid, engine=engine)
    assert repo.load(world.actor("ent_a"), aid, engine=engine)[1] == 1
    with pytest.raises(InvalidData, match="未被删除"):
        repo.undelete(None, aid, engine=engine)
    assert [e.action_label for e in audit.list_audit(world.actor("admin"), target=aid, engine=engine)][:2] == [
        "恢复已删除的评价", "删除评价"]


def test_the_command_line_lists_and_restores_deleted_drafts(world: World, db_url: str, monkeypatch, capsys) -> None:
    from store.__main__ import main

    aid = world.assessments["B"]
    repo.delete(world.actor("ent_b"), aid, engine=world.engine)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert main(["list-deleted"]) == 0
    assert capsys.readouterr().out.startswith(f"{aid}\t")
    assert main(["restore-assessment", "--id", aid]) == 0
    assert f"已恢复评价 {aid}" in capsys.readouterr().out
    assert main(["restore-assessment", "--id", aid]) == 1
    assert "未被删除" in capsys.readouterr().err
    [row] = audit.list_audit(world.actor("admin"), action="assessment_undelete", engine=world.engine)
    assert row.who_name == audit.CLI


def test_a_new_draft_carries_the_evidence_files_as_copies_of_its_own(world: World) -> None:
    from store import attachments

    engine, ent = world.engine, world.actor("ent_a")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    aid = world.assessments["A"]
    attachments.save(ent, aid, "energy_intensity_output", "能源台账.pdf", pdf, engine=engine)
    data, result = _ready()
    out = repo.save(ent, aid, data, engine=engine)
    submissions.submit(ent, aid, result, revision=out.revision, engine=engine)
    new = submissions.redraft(ent, aid, engine=engine)
    [copy] = attachments.list_attachments(ent, new, engine=engine)
    [original] = attachments.list_attachments(ent, aid, engine=engine)
    assert (copy.item_id, copy.filename, copy.sha256) == (original.item_id, original.filename, original.sha256)
    assert copy.id != original.id and attachments.read(ent, copy.id, engine=engine)[1] == pdf
    attachments.delete(ent, copy.id, engine=engine)
    assert attachments.read(ent, original.id, engine=engine)[1] == pdf  # the submitted one's file is intact
