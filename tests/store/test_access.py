"""Access: one rule (store.scope.org_scope) guards every read and write, applied to one row by _check_access and to
lists in SQL. The matrix below is the rule as data; every cell runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from store import GUEST, LOCAL, AccessDenied, Actor, NotFound, accounts, orgs, scope
from store import assessments as repo
from tests.store.conftest import World

R, RW, NO = "r", "rw", "-"
ASSESSMENTS = ("A", "B", "C", "legacy")  # A, B in district haishu (towns gulin, gaoqiao); C in yinzhou; legacy: no org

MATRIX: dict[str, tuple[str, str, str, str]] = {  # actor → access to (A, B, C, legacy)
    "ent_a": (RW, NO, NO, NO),
    "ent_a2": (RW, NO, NO, NO),  # a second user of enterprise A
    "ent_b": (NO, RW, NO, NO),
    "ent_c": (NO, NO, RW, NO),
    "cons": (RW, NO, NO, NO),  # A granted access to cons
    "cons_other": (NO, NO, NO, NO),  # nobody granted cons_other
    "off_gulin": (R, NO, NO, NO),  # jurisdiction: haishu / gulin
    "off_haishu": (R, R, NO, NO),  # jurisdiction: all of haishu
    "off_yinzhou": (NO, NO, R, NO),
    "admin": (R, R, R, R),  # admins read everything, change no answers
    "guest": (NO, NO, NO, NO),
}
CELLS = [(who, target, MATRIX[who][i]) for who in MATRIX for i, target in enumerate(ASSESSMENTS)]


@pytest.mark.parametrize(("who", "target", "allowed"), CELLS, ids=[f"{w}-{t}" for w, t, _ in CELLS])
def test_access_matrix(shared_world: World, who: str, target: str, allowed: str) -> None:
    world = shared_world  # shared by the cells: a cell only ever adds a revision
    actor, aid, engine, admin = world.actor(who), world.assessments[target], world.engine, world.actor("admin")
    before = repo.load(admin, aid, engine=engine)[1]
    if "r" in allowed:
        assert repo.load(actor, aid, engine=engine)[1] == before
        assert repo.load(actor, aid, revision=1, engine=engine)[0] == _initial(target)
        assert [h.revision for h in repo.list_revisions(actor, aid, engine=engine)] == list(range(1, before + 1))
    else:
        with pytest.raises(AccessDenied):
            repo.load(actor, aid, engine=engine)
        with pytest.raises(AccessDenied):
            repo.load(actor, aid, revision=1, engine=engine)
        with pytest.raises(AccessDenied):
            repo.list_revisions(actor, aid, engine=engine)
    if "w" in allowed:
        outcome = repo.save(actor, aid, {"by": who}, base_revision=before, engine=engine)
        assert (outcome.revision, outcome.conflict) == (before + 1, False)
        assert repo.load(admin, aid, engine=engine) == ({"by": who}, before + 1)
    else:
        with pytest.raises(AccessDenied):
            repo.save(actor, aid, {"hijack": who}, engine=engine)
        with pytest.raises(AccessDenied):
            repo.delete(actor, aid, engine=engine)
        assert repo.load(admin, aid, engine=engine)[1] == before


@pytest.mark.parametrize("who", list(MATRIX))
def test_lists_show_exactly_the_readable_assessments(shared_world: World, who: str) -> None:
    world = shared_world
    listed = {i.id for i in repo.list_assessments(world.actor(who), limit=None, engine=world.engine)}
    expected = {world.assessments[t] for t, a in zip(ASSESSMENTS, MATRIX[who], strict=True) if a != NO}
    assert listed == expected


def _initial(target: str) -> dict[str, Any]:
    name = "启用账户前的评价" if target == "legacy" else f"{target}企业有限公司"
    return {"enterprise": {"name": name}}


@pytest.mark.parametrize(
    "crafted",
    [
        "{B}",  # B's real id, as a query parameter ?id=… would carry it
        " {B}",
        "{B}\n",
        "{B_upper}",
        "' OR '1'='1",
        "{A}' OR org_id IS NOT NULL --",
        "../../data/app.db",
        "%00",
        "",
    ],
)
def test_crafted_ids_reach_nothing(world: World, crafted: str) -> None:
    aid = crafted.format(A=world.assessments["A"], B=world.assessments["B"], B_upper=world.assessments["B"].upper())
    ent_a = world.actor("ent_a")
    with pytest.raises((AccessDenied, NotFound)):
        repo.load(ent_a, aid, engine=world.engine)
    with pytest.raises((AccessDenied, NotFound)):
        repo.save(ent_a, aid, {"hijack": True}, engine=world.engine)
    assert repo.load(world.actor("ent_b"), world.assessments["B"], engine=world.engine)[1] == 1


def test_enterprise_creates_only_for_its_own_organisation(world: World) -> None:
    ent_a, engine = world.actor("ent_a"), world.engine
    aid = repo.create(ent_a, {"x": 1}, engine=engine)
    assert repo.list_assessments(world.actor("admin"), engine=engine)[0].org_id == world.orgs["A"]
    assert repo.create(ent_a, {}, org_id=world.orgs["A"], engine=engine)
    with pytest.raises(AccessDenied, match="只能为本企业"):
        repo.create(ent_a, {}, org_id=world.orgs["B"], engine=engine)
    # a page cannot invent organisations: the Actor's claim is ignored, the user row decides
    forged = Actor(user_id=ent_a.user_id, role="enterprise", org_ids=frozenset({world.orgs["B"]}))
    with pytest.raises(AccessDenied):
        repo.load(forged, world.assessments["B"], engine=engine)
    assert repo.load(forged, aid, engine=engine)[0] == {"x": 1}


def test_consultant_creates_for_a_client_only_under_a_grant(world: World) -> None:
    cons, engine = world.actor("cons"), world.engine
    aid = repo.create(cons, {"为": "A"}, org_id=world.orgs["A"], engine=engine)
    assert repo.load(world.actor("ent_a"), aid, engine=engine)[0] == {"为": "A"}  # the client sees it
    with pytest.raises(AccessDenied, match="未授权"):
        repo.create(cons, {}, org_id=world.orgs["B"], engine=engine)
    with pytest.raises(AccessDenied, match="请先选择已授权您的企业"):
        repo.create(cons, {}, engine=engine)  # no organisation: nobody granted that


def test_revoking_a_grant_closes_access_at_once(world: World) -> None:
    cons, ent_a, engine = world.actor("cons"), world.actor("ent_a"), world.engine
    made = repo.create(cons, {"n": 1}, org_id=world.orgs["A"], engine=engine)  # created by cons under the grant
    orgs.revoke_access(ent_a, world.grants["A-cons"], engine=engine)
    for aid in (world.assessments["A"], made):
        with pytest.raises(AccessDenied, match="撤销"):
            repo.load(cons, aid, engine=engine)  # the same Actor (open session) is refused
        with pytest.raises(AccessDenied):
            repo.save(cons, aid, {"n": 2}, engine=engine)
    assert repo.list_assessments(cons, engine=engine) == []
    assert repo.load(ent_a, made, engine=engine)[0] == {"n": 1}  # the enterprise keeps what cons made
    orgs.grant_access(ent_a, world.orgs["A"], "cons", engine=engine)  # granted again: open again
    assert {i.id for i in repo.list_assessments(cons, engine=engine)} == {made, world.assessments["A"]}


def test_official_jurisdiction_follows_the_organisation_and_the_setting(world: World) -> None:
    admin, engine = world.actor("admin"), world.engine
    off_gulin, off_haishu = world.actor("off_gulin"), world.actor("off_haishu")
    with pytest.raises(AccessDenied, match="辖区"):
        repo.load(off_gulin, world.assessments["B"], engine=engine)
    orgs.update_organisation(admin, world.orgs["B"], town="gulin", engine=engine)  # B moves into gulin
    assert repo.load(off_gulin, world.assessments["B"], engine=engine)[1] == 1
    orgs.update_organisation(admin, world.orgs["A"], district="yinzhou", town="gulin", engine=engine)
    with pytest.raises(AccessDenied):  # same town id, other district: outside
        repo.load(off_haishu, world.assessments["A"], engine=engine)
    assert repo.load(world.actor("off_yinzhou"), world.assessments["A"], engine=engine)[1] == 1
    off_gulin_id = off_gulin.user_id
    assert off_gulin_id is not None
    orgs.set_jurisdiction(admin, off_gulin_id, "yinzhou", ["zhonghe"], engine=engine)
    assert {i.id for i in repo.list_assessments(off_gulin, engine=engine)} == {world.assessments["C"]}


@pytest.mark.parametrize("who", ["off_haishu", "admin"])
def test_read_only_roles_cannot_create_or_delete(world: World, who: str) -> None:
    actor = world.actor(who)
    with pytest.raises(AccessDenied, match="不能修改"):
        repo.create(actor, {}, org_id=world.orgs["A"], engine=world.engine)
    with pytest.raises(AccessDenied, match="不能修改"):
        repo.delete(actor, world.assessments["A"], engine=world.engine)


def test_disabled_account_and_changed_role_lose_access_in_an_open_session(world: World) -> None:
    admin, ent_b, engine = world.actor("admin"), world.actor("ent_b"), world.engine
    assert ent_b.user_id is not None
    accounts.set_disabled(admin, ent_b.user_id, True, engine=engine)
    with pytest.raises(AccessDenied, match="停用"):
        repo.load(ent_b, world.assessments["B"], engine=engine)
    with pytest.raises(AccessDenied, match="停用"):
        repo.list_assessments(ent_b, engine=engine)
    accounts.set_disabled(admin, ent_b.user_id, False, engine=engine)
    assert repo.load(ent_b, world.assessments["B"], engine=engine)[1] == 1
    accounts.update_user(admin, ent_b.user_id, role="consultant", org_id=None, engine=engine)
    with pytest.raises(AccessDenied, match="角色已变更"):
        repo.load(ent_b, world.assessments["B"], engine=engine)
    with pytest.raises(AccessDenied, match="不存在"):
        repo.load(Actor(user_id="no-such-user", role="admin"), world.assessments["B"], engine=engine)


def test_guest_reaches_nothing_stored(world: World) -> None:
    engine = world.engine
    with pytest.raises(AccessDenied, match="访客"):
        repo.create(GUEST, {}, engine=engine)
    for aid in world.assessments.values():
        with pytest.raises(AccessDenied, match="访客"):
            repo.load(GUEST, aid, engine=engine)
        with pytest.raises(AccessDenied):
            repo.save(GUEST, aid, {"hijack": True}, engine=engine)
        with pytest.raises(AccessDenied):
            repo.list_revisions(GUEST, aid, engine=engine)
        with pytest.raises(AccessDenied):
            repo.delete(GUEST, aid, engine=engine)
    assert repo.list_assessments(GUEST, engine=engine) == []
    assert orgs.list_organisations(GUEST, engine=engine) == []
    with pytest.raises(AccessDenied):
        orgs.get_organisation(GUEST, world.orgs["A"], engine=engine)
    admin = world.actor("admin")
    assert all(repo.load(admin, aid, engine=engine)[1] == 1 for aid in world.assessments.values())


def test_guest_without_accounts(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"enterprise": {"name": "某公司"}}, engine=engine)
    with pytest.raises(AccessDenied, match="访客"):
        repo.load(GUEST, aid, engine=engine)
    assert repo.list_assessments(GUEST, engine=engine) == []


def test_local_actor_is_refused_once_accounts_exist(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    aid = repo.create(LOCAL, {}, engine=engine)
    assert accounts.accounts_enabled(engine=engine) is False
    monkeypatch.setenv(scope.ACCOUNTS_ENV, "1")  # switched on before the first admin exists
    assert accounts.accounts_enabled(engine=engine) is True
    with pytest.raises(AccessDenied, match="请先登录"):
        repo.load(LOCAL, aid, engine=engine)
    monkeypatch.delenv(scope.ACCOUNTS_ENV)
    assert repo.load(LOCAL, aid, engine=engine)[1] == 1
    accounts.create_admin("admin", "足够长的管理员密码abc", engine=engine)
    assert accounts.accounts_enabled(engine=engine) is True
    for call in (
        lambda: repo.load(LOCAL, aid, engine=engine),
        lambda: repo.save(LOCAL, aid, {}, engine=engine),
        lambda: repo.create(LOCAL, {}, engine=engine),
        lambda: repo.list_assessments(LOCAL, engine=engine),
    ):
        with pytest.raises(AccessDenied, match="已启用账户"):
            call()


def test_every_call_goes_through_check_access(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    real = repo._check_access

    def spy(conn: Any, actor: Actor, row: Any, write: bool) -> None:
        calls.append((getattr(row, "id", "<new>"), write))
        real(conn, actor, row, write)

    monkeypatch.setattr(repo, "_check_access", spy)
    ent_a, engine = world.actor("ent_a"), world.engine
    aid = repo.create(ent_a, {}, engine=engine)
    repo.save(ent_a, aid, {"x": 1}, engine=engine)
    repo.load(ent_a, aid, engine=engine)
    repo.list_revisions(ent_a, aid, engine=engine)
    repo.delete(ent_a, aid, engine=engine)
    assert calls == [("<new>", True), (aid, True), (aid, False), (aid, False), (aid, True)]


def test_list_filters_in_sql(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """list_assessments asks the database for the actor's rows only (no row-by-row check in Python)."""
    from sqlalchemy import event

    statements: list[str] = []

    def capture(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(world.engine, "before_cursor_execute", capture)
    try:
        monkeypatch.setattr(repo, "_check_access", lambda *a: pytest.fail("per-row check"))
        repo.list_assessments(world.actor("cons"), engine=world.engine)
    finally:
        event.remove(world.engine, "before_cursor_execute", capture)
    [listing] = [s for s in statements if "FROM assessments" in s]
    assert "grants" in listing and "consultant_id" in listing


def test_actor_validates_role_and_freezes_org_ids() -> None:
    with pytest.raises(ValueError, match="未知角色"):
        Actor(role="superuser")  # type: ignore[arg-type]
    actor = Actor(user_id="u", role="enterprise", org_ids={"a", "b"})  # type: ignore[arg-type]
    assert actor.org_ids == frozenset({"a", "b"}) and actor.org_id is None
    assert Actor(user_id="u", role="enterprise", org_ids=frozenset({"a"})).org_id == "a"
    assert LOCAL.role == "local" and LOCAL.user_id is None and GUEST.role == "guest"
