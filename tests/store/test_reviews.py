"""初审意见 (review_notes): only officials of the enterprise's jurisdiction write them; they and admins read them."""

from __future__ import annotations

import pytest

from store import AccessDenied, InvalidData, NotFound, audit, reviews
from store import assessments as repo
from tests.store.conftest import World


def test_official_of_the_jurisdiction_writes_and_reads_a_note(world: World) -> None:
    engine, aid = world.engine, world.assessments["A"]
    repo.save(world.actor("ent_a"), aid, {"enterprise": {"name": "A企业有限公司"}, "year": 2025}, engine=engine)
    note_id = reviews.add_note(world.actor("off_gulin"), aid, "  能耗数据与205-1报表一致。\n\n证明材料齐全  ", engine=engine)
    [note] = reviews.list_notes(world.actor("off_gulin"), engine=engine)
    assert note.id == note_id and note.org_id == world.orgs["A"] and note.assessment_id == aid
    assert note.note == "能耗数据与205-1报表一致。\n\n证明材料齐全"
    assert note.revision == 2  # the latest when written
    assert note.org_name == "A企业有限公司" and note.author == world.actor("off_gulin").user_id
    # the district official sees notes on the whole district; the admin sees everything
    assert [n.id for n in reviews.list_notes(world.actor("off_haishu"), engine=engine)] == [note_id]
    assert [n.id for n in reviews.list_notes(world.actor("admin"), org_id=world.orgs["A"], engine=engine)] == [note_id]
    assert reviews.list_notes(world.actor("off_yinzhou"), engine=engine) == []
    assert reviews.list_notes(world.actor("off_haishu"), org_id=world.orgs["B"], engine=engine) == []
    [row] = audit.list_audit(world.actor("admin"), action="review_note", engine=engine)
    assert row.target == aid and row.action_label == "填写初审意见"


def test_an_earlier_revision_can_be_named(world: World) -> None:
    engine, aid = world.engine, world.assessments["B"]
    repo.save(world.actor("ent_b"), aid, {"v": 2}, engine=engine)
    reviews.add_note(world.actor("off_haishu"), aid, "第1版的意见", revision=1, engine=engine)
    assert reviews.list_notes(world.actor("off_haishu"), assessment_id=aid, engine=engine)[0].revision == 1
    with pytest.raises(InvalidData, match="没有第 3 版"):
        reviews.add_note(world.actor("off_haishu"), aid, "x", revision=3, engine=engine)


@pytest.mark.parametrize("who", ["off_yinzhou", "off_gulin"])
def test_officials_outside_the_jurisdiction_are_refused(world: World, who: str) -> None:
    with pytest.raises(AccessDenied, match="不在您的辖区"):
        reviews.add_note(world.actor(who), world.assessments["B"], "越权意见", engine=world.engine)
    assert reviews.list_notes(world.actor("admin"), engine=world.engine) == []


@pytest.mark.parametrize("who", ["ent_a", "cons", "admin", "guest", "local"])
def test_other_roles_write_no_notes(world: World, who: str) -> None:
    with pytest.raises(AccessDenied):
        reviews.add_note(world.actor(who), world.assessments["A"], "意见", engine=world.engine)


@pytest.mark.parametrize("who", ["ent_a", "cons", "guest", "local"])
def test_enterprises_and_consultants_read_no_notes(world: World, who: str) -> None:
    reviews.add_note(world.actor("off_gulin"), world.assessments["A"], "意见", engine=world.engine)
    with pytest.raises(AccessDenied):
        reviews.list_notes(world.actor(who), engine=world.engine)


def test_bad_notes_change_nothing(world: World) -> None:
    off, engine = world.actor("off_haishu"), world.engine
    for bad in ("", "  \n \u200b ", "x" * (reviews.MAX_NOTE_CHARS + 1), None, 42):
        with pytest.raises(InvalidData):
            reviews.add_note(off, world.assessments["A"], bad, engine=engine)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        reviews.add_note(off, "no-such-assessment", "意见", engine=engine)
    clean = reviews.add_note(off, world.assessments["A"], "正常\u202e意见\x00", engine=engine)
    assert [n.note for n in reviews.list_notes(off, engine=engine) if n.id == clean] == ["正常意见"]
    assert len(reviews.list_notes(off, engine=engine)) == 1


def test_a_disabled_official_loses_access(world: World) -> None:
    from store import accounts

    off = world.actor("off_gulin")
    accounts.set_disabled(world.actor("admin"), off.user_id, True, engine=world.engine)
    with pytest.raises(AccessDenied, match="停用"):
        reviews.add_note(off, world.assessments["A"], "意见", engine=world.engine)
