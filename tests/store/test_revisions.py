"""Every save appends a revision; a save based on an old revision is kept too, flagged as a conflict."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine

from store import LOCAL, Actor, InvalidData
from store import assessments as repo


def test_saves_append_revisions_and_keep_each_one(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"step": 0}, note="新建", engine=engine)
    outcomes = [repo.save(LOCAL, aid, {"step": i}, base_revision=i, engine=engine) for i in (1, 2, 3)]
    assert [(o.revision, o.conflict, o.latest_revision) for o in outcomes] == [
        (2, False, 1),
        (3, False, 2),
        (4, False, 3),
    ]
    assert all(o.message == "" for o in outcomes)
    for revision in (1, 2, 3, 4):
        assert repo.load(LOCAL, aid, revision=revision, engine=engine) == ({"step": revision - 1}, revision)
    assert repo.load(LOCAL, aid, engine=engine) == ({"step": 3}, 4)
    history = repo.list_revisions(LOCAL, aid, engine=engine)
    assert [h.revision for h in history] == [1, 2, 3, 4]
    assert [h.base_revision for h in history] == [None, 1, 2, 3]
    assert not any(h.is_conflict for h in history)
    assert history[0].note == "新建"
    assert all(h.saved_at.tzinfo is not None for h in history)
    assert [h.saved_at for h in history] == sorted(h.saved_at for h in history)


def test_save_without_base_never_conflicts(engine: Engine) -> None:
    aid = repo.create(LOCAL, {}, engine=engine)
    repo.save(LOCAL, aid, {"x": 1}, engine=engine)
    outcome = repo.save(LOCAL, aid, {"x": 2}, engine=engine)
    assert (outcome.revision, outcome.conflict) == (3, False)


def test_conflicting_save_keeps_both_versions(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"能耗": 100.0}, engine=engine)
    alice, bob = Actor(user_id="alice"), Actor(user_id="bob")
    first = repo.save(alice, aid, {"能耗": 90.5}, base_revision=1, note="Alice", engine=engine)
    second = repo.save(bob, aid, {"能耗": 88.25}, base_revision=1, note="Bob", engine=engine)  # Bob never saw rev 2
    assert (first.revision, first.conflict) == (2, False)
    assert (second.revision, second.conflict, second.latest_revision, second.base_revision) == (3, True, 2, 1)
    assert repo.load(LOCAL, aid, revision=2, engine=engine)[0] == {"能耗": 90.5}
    assert repo.load(LOCAL, aid, revision=3, engine=engine)[0] == {"能耗": 88.25}
    assert repo.load(LOCAL, aid, engine=engine) == ({"能耗": 88.25}, 3)
    history = repo.list_revisions(LOCAL, aid, engine=engine)
    assert [(h.revision, h.saved_by, h.is_conflict, h.base_revision) for h in history] == [
        (1, None, False, None),
        (2, "alice", False, 1),
        (3, "bob", True, 1),
    ]
    assert re.search(r"第 1 版.*第 2 版.*第 3 版", second.message) and "两个版本都已保留" in second.message
    # Bob continues from his own revision: no further conflict
    assert repo.save(bob, aid, {"能耗": 88.0}, base_revision=3, engine=engine).conflict is False


@pytest.mark.parametrize("base", [0, -1, 2, 99])
def test_base_revision_must_exist(engine: Engine, base: int) -> None:
    aid = repo.create(LOCAL, {}, engine=engine)
    with pytest.raises(InvalidData, match="基准版本"):
        repo.save(LOCAL, aid, {"x": 1}, base_revision=base, engine=engine)
    assert [h.revision for h in repo.list_revisions(LOCAL, aid, engine=engine)] == [1]


def test_save_updates_list_columns(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"enterprise": {"name": "旧名"}}, engine=engine)
    repo.save(LOCAL, aid, {"enterprise": {"name": "  新名称有限公司 "}, "ruleset": "gbt36132_2018"}, engine=engine)
    [info] = repo.list_assessments(LOCAL, engine=engine)
    assert (info.title, info.ruleset, info.latest_revision) == ("新名称有限公司", "gbt36132_2018", 2)
