"""Listings the role pages read: the latest assessment per organisation (an official's pool) and who saved each
revision."""

from __future__ import annotations

from store import assessments as repo
from tests.store.conftest import World


def test_latest_by_org_follows_the_scope_and_takes_the_newest(world: World) -> None:
    engine = world.engine
    newer = repo.create(world.actor("ent_a"), {"enterprise": {"name": "A 2026"}, "year": 2026}, engine=engine)
    got = {info.org_id: (info.id, data) for info, data in repo.latest_by_org(world.actor("off_haishu"), engine=engine)}
    assert set(got) == {world.orgs["A"], world.orgs["B"]}
    assert got[world.orgs["A"]] == (newer, {"enterprise": {"name": "A 2026"}, "year": 2026})
    assert got[world.orgs["B"]][0] == world.assessments["B"]
    assert [i.org_id for i, _ in repo.latest_by_org(world.actor("off_yinzhou"), engine=engine)] == [world.orgs["C"]]
    assert repo.latest_by_org(world.actor("guest"), engine=engine) == []
    assert len(repo.latest_by_org(world.actor("admin"), engine=engine)) == 3  # the legacy one has no organisation


def test_revisions_name_who_saved_them(world: World) -> None:
    engine, aid = world.engine, world.assessments["A"]
    repo.save(world.actor("cons"), aid, {"v": 2}, engine=engine)
    revs = repo.list_revisions(world.actor("ent_a"), aid, engine=engine)
    assert [(r.revision, r.saved_by_name) for r in revs] == [(1, "ent_a"), (2, "cons")]
    assert repo.list_revisions(world.actor("admin"), world.assessments["legacy"], engine=engine)[0].saved_by_name == ""
