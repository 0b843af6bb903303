"""The revision history as a user reads it: autosaves grouped into sittings, and a restore (a new revision holding an
earlier one's data, checked for write access in the store). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, update

from store import LOCAL, AccessDenied, InvalidData
from store import assessments as repo
from store.tables import assessment_revisions as revisions_t
from tests.store.conftest import World

T0 = datetime(2026, 12, 2, 13, 0, tzinfo=UTC)


def _rev(n: int, minutes: float, who: str | None = "u1", note: str = "") -> repo.RevisionInfo:
    return repo.RevisionInfo(n, T0 + timedelta(minutes=minutes), who, note, n - 1 or None, False)


def test_groups_split_on_a_gap_of_ten_minutes_a_new_saver_and_a_restore() -> None:
    revs = [_rev(1, 0), _rev(2, 1), _rev(3, 11.5), _rev(4, 21.6), _rev(5, 21.8, "u2"), _rev(6, 22, "u2"),
            _rev(7, 22.5, "u2", "restore:2"), _rev(8, 23, "u2")]
    groups = repo.group_revisions(revs)
    assert [[r.revision for r in g.revisions] for g in groups] == [[1, 2], [3], [4], [5, 6], [7, 8]]
    assert groups[-1].first.restored_from == 2 and groups[-1].last.restored_from is None
    assert [g.count for g in groups] == [2, 1, 1, 2, 2]
    # just under the gap joins, exactly the gap splits
    assert len(repo.group_revisions([_rev(1, 0), _rev(2, 9.99)])) == 1
    assert len(repo.group_revisions([_rev(1, 0), _rev(2, 10)])) == 2
    assert repo.group_revisions([]) == []


def _backdate(engine: Engine, aid: str, minutes: dict[int, float]) -> None:
    with engine.begin() as conn:
        for revision, at in minutes.items():
            conn.execute(update(revisions_t)
                         .where(revisions_t.c.assessment_id == aid, revisions_t.c.revision == revision)
                         .values(saved_at=T0 + timedelta(minutes=at)))


def test_a_sitting_of_many_autosaves_is_one_group(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"step": 0}, engine=engine)
    for i in range(1, 40):
        repo.save(LOCAL, aid, {"step": i}, base_revision=i, engine=engine)
    _backdate(engine, aid, {n: n * 0.5 for n in range(1, 21)} | {n: 60 + n * 0.5 for n in range(21, 41)})
    groups = repo.list_revision_groups(LOCAL, aid, engine=engine)
    assert [(g.first.revision, g.last.revision) for g in groups] == [(21, 40), (1, 20)]  # newest first


def test_restore_appends_the_earlier_data_as_the_latest_revision(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"enterprise": {"name": "旧名"}, "x": 1}, engine=engine)
    repo.save(LOCAL, aid, {"enterprise": {"name": "新名"}, "x": 2}, base_revision=1, engine=engine)
    out = repo.restore(LOCAL, aid, 1, base_revision=2, engine=engine)
    assert (out.revision, out.conflict) == (3, False)
    assert repo.load(LOCAL, aid, engine=engine) == ({"enterprise": {"name": "旧名"}, "x": 1}, 3)
    assert repo.load(LOCAL, aid, revision=2, engine=engine)[0]["x"] == 2  # nothing removed
    history = repo.list_revisions(LOCAL, aid, engine=engine)
    assert [h.restored_from for h in history] == [None, None, 1]
    [info] = repo.list_assessments(LOCAL, engine=engine)
    assert (info.title, info.latest_revision) == ("旧名", 3)
    stale = repo.restore(LOCAL, aid, 2, base_revision=2, engine=engine)  # another tab saved rev 3 meanwhile
    assert (stale.revision, stale.conflict) == (4, True)


@pytest.mark.parametrize("revision", [0, -1, 2, 3])
def test_restore_wants_an_earlier_existing_revision(engine: Engine, revision: int) -> None:
    aid = repo.create(LOCAL, {"x": 1}, engine=engine)
    repo.save(LOCAL, aid, {"x": 2}, engine=engine)
    with pytest.raises(InvalidData, match="不能恢复"):
        repo.restore(LOCAL, aid, revision, engine=engine)
    assert repo.load(LOCAL, aid, engine=engine)[1] == 2


@pytest.mark.parametrize(("who", "allowed"), [("ent_a", True), ("ent_a2", True), ("cons", True), ("ent_b", False),
                                               ("off_haishu", False), ("cons_other", False), ("guest", False)])
def test_restore_is_checked_for_write_access_in_the_store(world: World, who: str, allowed: bool) -> None:
    aid, owner = world.assessments["A"], world.actor("ent_a")
    repo.save(owner, aid, {"enterprise": {"name": "A企业有限公司"}, "x": 2}, engine=world.engine)
    if allowed:
        assert repo.restore(world.actor(who), aid, 1, engine=world.engine).revision == 3
        assert repo.list_revisions(owner, aid, engine=world.engine)[-1].saved_by == world.actor(who).user_id
    else:
        with pytest.raises(AccessDenied):
            repo.restore(world.actor(who), aid, 1, engine=world.engine)
        assert repo.load(owner, aid, engine=world.engine)[1] == 2
