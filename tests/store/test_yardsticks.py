"""Published district yardstick sets (store.yardsticks): publishing and versions, who may publish and read,
the audit log, an exact round trip of the set, and pinning an assessment to the set it was scored with."""

from __future__ import annotations

import json
import random
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert, select

from scoring.yardstick_set import Spread, YardstickEntry, YardstickSet
from store import LOCAL, AccessDenied, InvalidData, NotFound, audit, orgs
from store import yardsticks as ys
from store.tables import yardstick_pins, yardstick_sets
from tests.store.conftest import World

SOURCE = "海曙区培育库 2025 年数据，n=37，均值 / 前 5 %"
STORE_FIELDS = {"id", "version", "published_by", "published_at"}


def _spread() -> Spread:
    return Spread(min=0.1, p25=0.1 + 0.2, median=1 / 3, p75=2 / 3, max=123456.789012345,
                  bins=(0.1, 61728.44450617251, 123456.789012345), counts=(11, 1))


def make_set(district: str = "haishu", *, name: str = "海曙区 2025 年区级基准值与引领值", **update: object) -> YardstickSet:
    entries = (
        YardstickEntry(indicator="energy_per_output", industry="3412", level="class", baseline=0.1 + 0.2,
                       leading=0.07000000000000001, n=12, spread=_spread()),
        YardstickEntry(indicator="energy_per_output", industry="34", level="division", baseline=1e-300,
                       leading=-0.0, n=40),
        YardstickEntry(indicator="renewable_share@tier1", industry="341", level="division", baseline=12.5,
                       leading=48.25, n=30),
        YardstickEntry(indicator="water_per_output", industry="", level="all", baseline=None, leading=5e22, n=3),
    )
    base = YardstickSet(name=name, district=district, year=2025, ruleset="gbt36132-2025", source=SOURCE,
                        min_n=10, entries=entries)
    return base.model_copy(update=update) if update else base


def _big_set(seed: int = 7) -> YardstickSet:
    """Hundreds of entries with spreads and awkward floats, as a real pool gives."""
    rnd = random.Random(seed)
    entries = []
    for k in range(20):
        for code in ("", "13", "131", "1311", "34", "341", "3412", "38", "381", "3812"):
            n = rnd.randint(10, 60)
            values = sorted(rnd.uniform(-1e3, 1e6) * rnd.choice((1, 1e-9, 1e9)) for _ in range(5))
            lo, hi = values[0], values[-1]
            edges = (*(lo + (hi - lo) * i / 10 for i in range(10)), hi)
            counts = [n // 10] * 10
            counts[-1] += n - sum(counts)
            spread = Spread(min=lo, p25=values[1], median=values[2], p75=values[3], max=hi, bins=edges,
                            counts=tuple(counts))
            level = {0: "all", 2: "division", 3: "group", 4: "class"}[len(code)]
            entries.append(YardstickEntry(indicator=f"ind_{k}", industry=code, level=level, baseline=rnd.random() / 7,
                                          leading=rnd.uniform(0, 1e-5), n=n, spread=spread))
    return YardstickSet(name="大表", district="haishu", year=2024, source=SOURCE, method="mean", entries=tuple(entries))


def _without_store_fields(s: YardstickSet) -> dict[str, object]:
    return s.model_dump(mode="json", exclude=STORE_FIELDS)


# ---- publishing, versions, withdrawing ------------------------------------------------------------------------


def test_publish_list_get_withdraw_and_versions(world: World) -> None:
    e, off, admin = world.engine, world.actor("off_haishu"), world.actor("admin")
    assert ys.current_set("haishu", engine=e) is None
    v1 = ys.publish(off, make_set(), engine=e)
    assert (v1.district, v1.version, v1.status, v1.n_firms) == ("haishu", 1, "published", 40)
    assert v1.published_by == off.user_id and v1.published_by_name == "off_haishu" and not v1.withdrawn
    v2 = ys.publish(admin, make_set(name="第二版"), n_firms=37, engine=e)
    y1 = ys.publish(admin, make_set("yinzhou"), engine=e)
    assert (v2.version, v2.n_firms, v2.published_by_name, y1.version) == (2, 37, "区管理员", 1)
    assert ys.current_set("haishu", engine=e).id == v2.id
    assert [(s.district, s.version) for s in ys.list_sets(admin, engine=e)] == [
        ("haishu", 2), ("haishu", 1), ("yinzhou", 1)]
    assert [s.id for s in ys.list_sets(admin, "haishu", engine=e)] == [v2.id, v1.id]

    gone = ys.withdraw(off, v2.id, engine=e)
    assert gone.withdrawn and gone.withdrawn_by == off.user_id and gone.status_label == "已撤回"
    assert ys.withdraw(admin, v2.id, engine=e) == gone  # again: nothing changes
    assert ys.current_set("haishu", engine=e).id == v1.id  # the previous version is current again
    assert ys.get_set(off, v2.id, engine=e).version == 2  # a withdrawn set stays readable
    assert [s.id for s in ys.list_sets(off, include_withdrawn=False, engine=e)] == [v1.id]

    v3 = ys.publish(off, make_set(name="第三版"), engine=e)
    assert v3.version == 3  # a withdrawn version's number is not reused
    assert ys.current_set("haishu", engine=e).name == "第三版"
    assert ys.get_info(off, v3.id, engine=e) == v3
    with pytest.raises(NotFound):
        ys.get_set(admin, "no-such-set", engine=e)
    with pytest.raises(NotFound):
        ys.withdraw(admin, "no-such-set", engine=e)


def test_the_store_assigns_id_version_publisher_and_time(world: World) -> None:
    e, off = world.engine, world.actor("off_haishu")
    forged = make_set(id="chosen-id", version=99, published_by=world.actor("admin").user_id,
                      published_at=datetime(2001, 1, 1, tzinfo=UTC))
    before = datetime.now(UTC)
    info = ys.publish(off, forged, engine=e)
    got = ys.get_set(off, info.id, engine=e)
    assert info.id != "chosen-id" and len(info.id) == 32
    assert (got.id, got.version, got.published_by) == (info.id, 1, off.user_id)
    assert got.published_at == info.published_at and info.published_at >= before.replace(microsecond=0)


def test_a_set_comes_back_exactly_as_published(world: World) -> None:
    e, admin = world.engine, world.actor("admin")
    for original in (make_set(), _big_set()):
        info = ys.publish(admin, original, engine=e)
        got = ys.get_set(admin, info.id, engine=e)
        assert _without_store_fields(got) == _without_store_fields(original)
        assert got.entries == original.entries  # floats compared exactly, spreads included
        assert [repr(x.baseline) for x in got.entries] == [repr(x.baseline) for x in original.entries]
        assert got.lookup("energy_per_output", "341299") == original.lookup("energy_per_output", "341299")
        with e.connect() as conn:
            stored = json.loads(conn.scalar(select(yardstick_sets.c.data).where(yardstick_sets.c.id == info.id)))
        assert {k: v for k, v in stored.items() if k not in STORE_FIELDS} == _without_store_fields(original)
    first = ys.get_set(admin, ys.list_sets(admin, engine=e)[-1].id, engine=e).entries[0]
    assert first.baseline == 0.30000000000000004 and first.spread.bins[1] == 61728.44450617251
    assert ys.get_set(admin, ys.list_sets(admin, engine=e)[-1].id, engine=e).entries[1].leading == -0.0


def test_a_dict_is_accepted_and_bad_sets_are_refused(world: World) -> None:
    e, admin = world.engine, world.actor("admin")
    as_json = json.loads(make_set().model_dump_json())
    assert ys.publish(admin, as_json, engine=e).version == 1
    bad = [
        ({**as_json, "entries": []}, "没有任何指标"),
        ({**as_json, "source": "   "}, "来源不能为空"),
        ({**as_json, "district": "海曙 区"}, "区县应为"),
        ({**as_json, "year": 1800}, "year"),
        ({**as_json, "surprise": 1}, "surprise"),
        ({**as_json, "entries": [{**as_json["entries"][0], "baseline": "NaN"}]}, "baseline"),
        ({**as_json, "entries": [as_json["entries"][0]] * 2}, "same indicator"),
        ("not a set", "必须是 YardstickSet"),
    ]
    for value, message in bad:
        with pytest.raises(InvalidData, match=message):
            ys.publish(admin, value, engine=e)  # type: ignore[arg-type]
    with pytest.raises(InvalidData, match="企业数"):
        ys.publish(admin, make_set(), n_firms=-1, engine=e)
    assert len(ys.list_sets(admin, engine=e)) == 1


def test_concurrent_publishers_get_distinct_versions(world: World) -> None:
    e = world.engine
    who = [world.actor("admin"), world.actor("off_haishu")] * 2
    start = threading.Barrier(len(who))
    got: list[int] = []
    errors: list[BaseException] = []

    def run(actor) -> None:
        try:
            start.wait()
            got.append(ys.publish(actor, make_set(), engine=e).version)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in who]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and sorted(got) == [1, 2, 3, 4]


# ---- who may publish and read ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "district", "allowed"),
    [
        ("off_haishu", "haishu", True),
        ("admin", "haishu", True),
        ("admin", "yinzhou", True),
        ("off_yinzhou", "yinzhou", True),
        ("off_yinzhou", "haishu", False),  # another district
        ("off_haishu", "yinzhou", False),
        ("off_gulin", "haishu", False),  # a town-only jurisdiction: may read the district's sets, not publish them
        ("ent_a", "haishu", False),
        ("cons", "haishu", False),
        ("guest", "haishu", False),
        ("local", "haishu", False),  # accounts are on
    ],
)
def test_who_may_publish(world: World, who: str, district: str, allowed: bool) -> None:
    e = world.engine
    if allowed:
        assert ys.publish(world.actor(who), make_set(district), engine=e).version == 1
        return
    with pytest.raises(AccessDenied):
        ys.publish(world.actor(who), make_set(district), engine=e)
    assert ys.list_sets(world.actor("admin"), engine=e) == []


@pytest.mark.parametrize("who", ["off_gulin", "off_yinzhou", "ent_a", "cons", "guest", "local"])
def test_who_may_not_withdraw(world: World, who: str) -> None:
    e = world.engine
    info = ys.publish(world.actor("off_haishu"), make_set(), engine=e)
    with pytest.raises(AccessDenied):
        ys.withdraw(world.actor(who), info.id, engine=e)
    assert ys.current_set("haishu", engine=e).id == info.id


READERS = {  # who → the districts whose sets they read
    "admin": {"haishu", "yinzhou"},
    "off_haishu": {"haishu"},
    "off_gulin": {"haishu"},  # town-only: reads the district's sets
    "off_yinzhou": {"yinzhou"},
    "ent_a": {"haishu"},
    "ent_b": {"haishu"},
    "ent_c": {"yinzhou"},
    "cons": {"haishu"},  # through the grant of enterprise A (haishu)
    "cons_other": set(),  # no grant
    "guest": set(),
    "local": set(),  # accounts are on
}


@pytest.fixture
def published(world: World) -> dict[str, ys.PublishedSet]:
    admin = world.actor("admin")
    return {d: ys.publish(admin, make_set(d), engine=world.engine) for d in ("haishu", "yinzhou")}


@pytest.mark.parametrize("who", sorted(READERS))
def test_who_may_read(world: World, published: dict[str, ys.PublishedSet], who: str) -> None:
    e, actor, readable = world.engine, world.actor(who), READERS[who]
    for district, info in published.items():
        if district in readable:
            assert ys.get_set(actor, info.id, engine=e).id == info.id
            assert ys.get_info(actor, info.id, engine=e) == info
        else:
            with pytest.raises(AccessDenied):
                ys.get_set(actor, info.id, engine=e)
            with pytest.raises(AccessDenied):
                ys.get_info(actor, info.id, engine=e)
    if who in ("local",):
        with pytest.raises(AccessDenied):
            ys.list_sets(actor, engine=e)
    else:
        assert {s.district for s in ys.list_sets(actor, engine=e)} == readable
        assert ys.list_sets(actor, "yinzhou", engine=e) == ([published["yinzhou"]] if "yinzhou" in readable else [])


@pytest.mark.parametrize(
    ("who", "org", "expected"),
    [("ent_a", "A", "haishu"), ("ent_c", "C", "yinzhou"), ("cons", "A", "haishu"), ("off_gulin", "A", "haishu"),
     ("off_haishu", "B", "haishu"), ("admin", "C", "yinzhou"), ("ent_a", "B", None), ("cons", "B", None),
     ("off_gulin", "B", None), ("off_haishu", "C", None), ("guest", "A", None)],
)
def test_set_for_org(world: World, published: dict[str, ys.PublishedSet], who: str, org: str,
                     expected: str | None) -> None:
    e = world.engine
    if expected is None:
        with pytest.raises(AccessDenied):
            ys.set_for_org(world.actor(who), world.orgs[org], engine=e)
    else:
        assert ys.set_for_org(world.actor(who), world.orgs[org], engine=e).id == published[expected].id


def test_a_revoked_grant_or_disabled_account_loses_read_at_once(world: World, published) -> None:
    from store import accounts

    e, admin = world.engine, world.actor("admin")
    haishu = published["haishu"].id
    ys.get_set(world.actor("cons"), haishu, engine=e)
    orgs.revoke_access(world.actor("ent_a"), world.grants["A-cons"], engine=e)
    with pytest.raises(AccessDenied):
        ys.get_set(world.actor("cons"), haishu, engine=e)
    assert ys.list_sets(world.actor("cons"), engine=e) == []
    accounts.set_disabled(admin, world.actor("off_haishu").user_id, True, engine=e)
    with pytest.raises(AccessDenied):
        ys.publish(world.actor("off_haishu"), make_set(), engine=e)
    with pytest.raises(AccessDenied):
        ys.get_set(world.actor("off_haishu"), haishu, engine=e)


def test_single_user_mode_reads_sets(engine: Engine) -> None:
    """Without accounts nobody publishes through the app, but a set in the database (e.g. copied from a
    district deployment) is readable and can be pinned to an assessment without an organisation."""
    from store import assessments as repo

    stored = make_set().model_copy(update={"id": "s" * 32, "version": 1})
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(yardstick_sets).values(
            id=stored.id, district="haishu", name=stored.name, year=2025, version=1, status="published",
            data=ys._encode(stored), source=SOURCE, n_firms=40, published_at=now))
    assert ys.get_set(LOCAL, stored.id, engine=engine).entries == stored.entries
    assert [s.id for s in ys.list_sets(LOCAL, engine=engine)] == [stored.id]
    assert ys.current_set("haishu", engine=engine).id == stored.id
    aid = repo.create(LOCAL, {"enterprise": {"name": "单机企业"}}, engine=engine)
    assert ys.set_to_score(LOCAL, aid, engine=engine) is None  # no organisation, so no district
    pin = ys.pin_set(LOCAL, aid, stored.id, engine=engine)
    assert (pin.set_id, pin.set_version, pin.pinned_by) == (stored.id, 1, None)
    assert ys.set_to_score(LOCAL, aid, engine=engine).id == stored.id


# ---- the audit log --------------------------------------------------------------------------------------------


def test_publish_withdraw_and_pin_are_audited(world: World) -> None:
    e, off, admin = world.engine, world.actor("off_haishu"), world.actor("admin")
    v1 = ys.publish(off, make_set(), engine=e)
    ys.pin_set(world.actor("ent_a"), world.assessments["A"], v1.id, engine=e)
    ys.pin_set(world.actor("ent_a"), world.assessments["A"], v1.id, engine=e)  # unchanged: no row
    v2 = ys.publish(off, make_set(), engine=e)
    ys.pin_set(world.actor("cons"), world.assessments["A"], v2.id, engine=e)
    ys.withdraw(admin, v2.id, engine=e)
    ys.withdraw(admin, v2.id, engine=e)  # already withdrawn: no row
    rows = [r for r in audit.list_audit(admin, engine=e) if r.action.startswith("yardsticks_")]
    assert [(r.action, r.who_name, r.target) for r in reversed(rows)] == [
        ("yardsticks_publish", "off_haishu", v1.id),
        ("yardsticks_pin", "ent_a", world.assessments["A"]),
        ("yardsticks_publish", "off_haishu", v2.id),
        ("yardsticks_pin", "cons", world.assessments["A"]),
        ("yardsticks_withdraw", "admin", v2.id),
    ]
    publish_detail = json.loads(rows[-1].detail)
    assert publish_detail == {"district": "haishu", "version": 1, "name": make_set().name, "year": 2025,
                              "source": SOURCE, "n_firms": 40, "entries": 4}
    assert json.loads(rows[1].detail) == {"before": {"set_id": v1.id, "version": 1},
                                          "after": {"set_id": v2.id, "version": 2}}
    assert rows[0].action_label == "撤回区级基准值"


# ---- pinning ---------------------------------------------------------------------------------------------------


def test_a_pinned_result_keeps_its_set_until_re_scored_explicitly(world: World) -> None:
    e, off, ent = world.engine, world.actor("off_haishu"), world.actor("ent_a")
    a = world.assessments["A"]
    assert ys.set_to_score(ent, a, engine=e) is None and ys.pin_of(ent, a, engine=e) is None
    v1 = ys.publish(off, make_set(), engine=e)
    assert ys.set_to_score(ent, a, engine=e).id == v1.id  # no pin: the current set at first scoring
    assert ys.newer_set_available(ent, a, engine=e) is None  # nothing scored yet, nothing newer
    pin = ys.pin_set(ent, a, v1.id, engine=e)  # the UI pins what it scored with
    assert (pin.assessment_id, pin.set_id, pin.set_version, pin.pinned_by) == (a, v1.id, 1, ent.user_id)
    assert ys.pin_of(ent, a, engine=e) == pin and ys.pinned_set(ent, a, engine=e).id == v1.id

    v2 = ys.publish(off, make_set(name="第二版"), engine=e)
    assert ys.set_to_score(ent, a, engine=e).id == v1.id  # publishing changes nothing stored
    assert ys.pinned_set(off, a, engine=e).version == 1  # the official reads the same pin
    assert ys.newer_set_available(ent, a, engine=e) == v2
    ys.pin_set(ent, a, v2.id, engine=e)  # the explicit re-scoring
    assert ys.set_to_score(ent, a, engine=e).version == 2
    assert ys.newer_set_available(ent, a, engine=e) is None

    ys.withdraw(off, v2.id, engine=e)
    assert ys.set_to_score(ent, a, engine=e).id == v2.id  # a withdrawn pinned set still re-creates the result
    assert ys.newer_set_available(ent, a, engine=e).id == v1.id  # another set is current again
    with pytest.raises(InvalidData, match="已撤回"):
        ys.pin_set(ent, a, v2.id, engine=e)  # a withdrawn set cannot be newly pinned... but stays pinned
    assert ys.pin_of(ent, a, engine=e).set_id == v2.id

    b = world.assessments["B"]  # unpinned in the same district: the current set, now v1
    assert ys.set_to_score(world.actor("ent_b"), b, engine=e).id == v1.id


def test_pinned_to_no_set_stays_so_and_sees_the_first_set(world: World) -> None:
    e, ent = world.engine, world.actor("ent_c")
    c = world.assessments["C"]
    pin = ys.pin_set(ent, c, None, engine=e)  # scored while yinzhou had no set
    assert (pin.set_id, pin.set_version) == (None, None)
    first = ys.publish(world.actor("off_yinzhou"), make_set("yinzhou"), engine=e)
    assert ys.set_to_score(ent, c, engine=e) is None and ys.pinned_set(ent, c, engine=e) is None
    assert ys.newer_set_available(ent, c, engine=e) == first
    assert ys.pin_set(ent, c, first.id, engine=e).set_version == 1


def test_a_set_of_another_district_cannot_be_pinned(world: World) -> None:
    e = world.engine
    other = ys.publish(world.actor("admin"), make_set("yinzhou"), engine=e)
    with pytest.raises(InvalidData, match="所在区县"):
        ys.pin_set(world.actor("ent_a"), world.assessments["A"], other.id, engine=e)
    with pytest.raises(NotFound):
        ys.pin_set(world.actor("ent_a"), world.assessments["A"], "no-such-set", engine=e)
    assert ys.pin_of(world.actor("ent_a"), world.assessments["A"], engine=e) is None


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("ent_a", True), ("ent_a2", True), ("cons", True), ("ent_b", False), ("cons_other", False),
     ("off_haishu", False), ("off_gulin", False), ("admin", False), ("guest", False), ("local", False)],
)
def test_pinning_needs_write_access_to_the_assessment(world: World, who: str, allowed: bool) -> None:
    e, a = world.engine, world.assessments["A"]
    v1 = ys.publish(world.actor("off_haishu"), make_set(), engine=e)
    if allowed:
        assert ys.pin_set(world.actor(who), a, v1.id, engine=e).set_id == v1.id
    else:
        with pytest.raises(AccessDenied):
            ys.pin_set(world.actor(who), a, v1.id, engine=e)
        with e.connect() as conn:
            assert conn.scalar(select(yardstick_pins.c.set_id)) is None


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("ent_a", True), ("cons", True), ("off_gulin", True), ("off_haishu", True), ("admin", True),
     ("ent_b", False), ("cons_other", False), ("off_yinzhou", False), ("guest", False)],
)
def test_reading_a_pin_follows_read_access_to_the_assessment(world: World, who: str, allowed: bool) -> None:
    e, a = world.engine, world.assessments["A"]
    v1 = ys.publish(world.actor("off_haishu"), make_set(), engine=e)
    ys.pin_set(world.actor("ent_a"), a, v1.id, engine=e)
    calls = (ys.pin_of, ys.pinned_set, ys.set_to_score, ys.newer_set_available)
    for call in calls:
        if allowed:
            call(world.actor(who), a, engine=e)
        else:
            with pytest.raises(AccessDenied):
                call(world.actor(who), a, engine=e)


def test_sets_to_score_for_an_official_screening(world: World) -> None:
    e, off = world.engine, world.actor("off_haishu")
    v1 = ys.publish(off, make_set(), engine=e)
    ys.pin_set(world.actor("ent_a"), world.assessments["A"], v1.id, engine=e)
    v2 = ys.publish(off, make_set(), engine=e)
    ids = [world.assessments[k] for k in ("A", "B", "C", "legacy")] + ["no-such-assessment"]
    got = ys.sets_to_score(off, ids, engine=e)
    assert {k: (s.version if s else None) for k, s in got.items()} == {
        world.assessments["A"]: 1, world.assessments["B"]: 2}  # C, legacy: outside the jurisdiction
    assert got[world.assessments["B"]].id == v2.id
    assert ys.sets_to_score(world.actor("guest"), ids, engine=e) == {}
    with pytest.raises(AccessDenied):
        ys.set_to_score(off, world.assessments["C"], engine=e)
    with pytest.raises(NotFound):
        ys.set_to_score(off, "no-such-assessment", engine=e)


def test_the_engine_scores_with_a_published_set(world: World) -> None:
    from criteria import load_catalogue
    from scoring.engine import Settings, score
    from scoring.example import example_assessment

    cat = load_catalogue()
    a = example_assessment().model_copy(update={"benchmarks": {}})
    row = next(r for r in score(a, cat).indicators if r.kind in ("forward", "inverse") and r.value)
    low, high = (row.value * 2, row.value * 3) if row.kind == "inverse" else (row.value / 3, row.value / 2)
    entry = YardstickEntry(indicator=row.id, industry="", level="all", baseline=low, leading=high, n=12)
    info = ys.publish(world.actor("off_haishu"), make_set(entries=(entry,)), engine=world.engine)
    got = ys.get_set(world.actor("ent_b"), info.id, engine=world.engine)
    result = score(a, cat, settings=Settings(yardsticks=got))
    assert (result.yardstick_set.id, result.yardstick_set.version) == (info.id, 1)
    scored = next(r for r in result.indicators if r.id == row.id)
    assert scored.baseline.origin == "district" and scored.baseline.value == low and scored.fraction == 1.0


# ---- the schema and the migration --------------------------------------------------------------------------------


def test_upgrade_from_version_3_keeps_a_deployment_and_adds_the_set_tables(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import inspect

    from store import assessments as repo
    from store import db, migrations
    from tests.store.conftest import build_world

    full = migrations.MIGRATIONS
    assert [m.version for m in full][3] == 4
    # today's sign-in and org lists need migration 7's columns, today's assessment rows migration 8's
    needed = [m for m in full if m.version in (7, 8)]
    monkeypatch.setattr(migrations, "MIGRATIONS", (*full[:3], *needed))
    engine = db.build_engine(db_url)
    try:
        assert db.migrate(engine) == [1, 2, 3, 7, 8]
        assert "yardstick_sets" not in inspect(engine).get_table_names()
        world = build_world(engine)  # a deployment in use: accounts, organisations, grants, assessments
        ent_a, a = world.actor("ent_a"), world.assessments["A"]
        repo.save(ent_a, a, {"enterprise": {"name": "A企业有限公司"}, "备注": "升级前"}, engine=engine)
        monkeypatch.setattr(migrations, "MIGRATIONS", full)
        assert db.migrate(engine) == [m.version for m in full[3:] if m.version not in (7, 8)]  # 4, and later ones
        assert db.migrate(engine) == []
        assert repo.load(ent_a, a, engine=engine) == ({"enterprise": {"name": "A企业有限公司"}, "备注": "升级前"}, 2)
        assert ys.set_to_score(ent_a, a, engine=engine) is None and ys.pin_of(ent_a, a, engine=engine) is None
        info = ys.publish(world.actor("off_haishu"), make_set(), engine=engine)
        assert ys.set_to_score(ent_a, a, engine=engine).id == info.id  # existing assessments: unpinned
        assert ys.pin_set(ent_a, a, info.id, engine=engine).set_version == 1
        insp = inspect(engine)
        assert {"ix_yardstick_sets_district_status"} <= {i["name"] for i in insp.get_indexes("yardstick_sets")}
        assert [u["column_names"] for u in insp.get_unique_constraints("yardstick_sets")] == [["district", "version"]]
        assert {"ix_yardstick_pins_set_id"} <= {i["name"] for i in insp.get_indexes("yardstick_pins")}
        fks = {(tuple(f["constrained_columns"]), f["referred_table"]) for f in insp.get_foreign_keys("yardstick_pins")}
        assert fks == {(("assessment_id",), "assessments"), (("set_id",), "yardstick_sets")}
    finally:
        engine.dispose()


def test_the_database_enforces_one_version_per_district_and_the_status(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    now = datetime.now(UTC)
    row = {"district": "haishu", "name": "n", "year": 2025, "version": 1, "data": "{}", "published_at": now}
    with engine.begin() as conn:
        conn.execute(insert(yardstick_sets).values(id="s1", **row))
        conn.execute(insert(yardstick_sets).values(id="s2", **{**row, "district": "yinzhou"}))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(yardstick_sets).values(id="s3", **row))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(yardstick_sets).values(id="s4", **{**row, "version": 2, "status": "draft"}))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(yardstick_sets).values(id="s5", **{**row, "version": 0}))
