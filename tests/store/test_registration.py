"""Registration that cannot squat (store/registration.py): a claim is pending until a reviewer decides; pending
organisations stay out of officials' sight; a second claim of a code queues; the answers reveal nothing.
SQLite and PostgreSQL (the ``world`` fixture)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from scoring.models import uscc_with_check
from store import AccessDenied, Actor, InvalidData, LoginFailed, accounts, audit, orgs, registration, sessions
from store import assessments as repo
from store.tables import organisations
from tests.store.conftest import World

GOOD = "绿色工厂-test-2025"
CODE_A = uscc_with_check("91330203MA2000000")  # the world's enterprise A (haishu/gulin)
NEW_CODE = uscc_with_check("91330203MA2XXXXXX")


def _register(world: World, name: str, code: str, *, town: str = "gulin", org: str = "宁波某某科技有限公司",
              display: str = "") -> Actor:
    return registration.register_enterprise(name, GOOD, org_name=org, uscc=code, town=town, district="haishu",
                                            display_name=display, engine=world.engine)


def test_a_registration_is_pending_and_invisible_to_officials(world: World) -> None:
    engine = world.engine
    me = _register(world, "new.ent", NEW_CODE)
    assert me.role == "enterprise" and me.org_id is not None
    [own] = orgs.list_organisations(me, engine=engine)  # the applicant sees its own pending organisation
    assert own.pending and own.uscc is None and own.name == "宁波某某科技有限公司"
    draft = repo.create(me, {"enterprise": {"name": "草稿"}}, engine=engine)  # and may fill in a draft
    for who in ("off_gulin", "off_haishu", "admin"):
        assert me.org_id not in {o.id for o in orgs.list_organisations(world.actor(who), engine=engine)}, who
    with pytest.raises(AccessDenied):
        repo.load(world.actor("off_haishu"), draft, engine=engine)
    assert draft not in {info.id for info, _ in repo.latest_by_org(world.actor("off_haishu"), engine=engine)}
    with pytest.raises(InvalidData, match="确认之前不能授权"):
        orgs.grant_access(me, me.org_id, "cons", engine=engine)
    claim = registration.my_claim(me, engine=engine)
    assert claim is not None and (claim.status, claim.uscc, claim.existing_org_id) == ("pending", NEW_CODE, None)


def test_confirming_a_new_code_activates_the_organisation(world: World) -> None:
    engine = world.engine
    me = _register(world, "new.ent", NEW_CODE)
    draft = repo.create(me, {"enterprise": {"name": "草稿"}}, engine=engine)
    [claim] = registration.list_claims(world.actor("off_gulin"), engine=engine)
    assert registration.list_claims(world.actor("off_yinzhou"), engine=engine) == []  # another district
    with pytest.raises(AccessDenied, match="辖区"):
        registration.confirm_claim(world.actor("off_yinzhou"), claim.id, engine=engine)
    with pytest.raises(AccessDenied):
        registration.confirm_claim(world.actor("cons"), claim.id, engine=engine)
    with pytest.raises(AccessDenied):
        registration.confirm_claim(me, claim.id, engine=engine)
    done = registration.confirm_claim(world.actor("off_gulin"), claim.id, engine=engine)
    assert done.status == "confirmed"
    org = orgs.get_organisation(world.actor("off_gulin"), me.org_id or "", engine=engine)
    assert (org.uscc, org.status) == (NEW_CODE, "active")
    assert repo.load(world.actor("off_gulin"), draft, engine=engine)[0] == {"enterprise": {"name": "草稿"}}
    with pytest.raises(InvalidData, match="已处理"):
        registration.refuse_claim(world.actor("admin"), claim.id, engine=engine)
    [entry] = audit.list_audit(world.actor("admin"), action="claim_confirm", engine=engine)
    assert entry.who == world.actor("off_gulin").user_id and NEW_CODE in entry.detail


def test_a_second_claim_of_a_code_queues_and_says_nothing(world: World) -> None:
    engine = world.engine
    first = _register(world, "first.claim", NEW_CODE)
    second = _register(world, "second.claim", NEW_CODE, org="冒名公司")  # no refusal, no hint of the first
    squat = _register(world, "squatter", CODE_A, org="A企业有限公司")  # the code of a registered enterprise
    assert {first.org_id, second.org_id, squat.org_id} <= {o.id for o in _all_orgs(world)}
    claims = {c.username: c for c in registration.list_claims(world.actor("admin"), engine=engine)}
    assert claims["first.claim"].others_pending == 1 and claims["second.claim"].others_pending == 1
    assert claims["squatter"].existing_org_name == "A企业有限公司"
    # the real enterprise's user sees the claim on its code (and only that one) and refuses it
    [seen] = registration.list_claims(world.actor("ent_a"), engine=engine)
    assert seen.username == "squatter"
    with pytest.raises(AccessDenied, match="本企业"):
        registration.confirm_claim(world.actor("ent_b"), seen.id, engine=engine)
    registration.refuse_claim(world.actor("ent_a"), seen.id, engine=engine)
    with pytest.raises(LoginFailed):
        accounts.authenticate("squatter", GOOD, engine=engine)
    # confirming the first makes the second a request to join it
    registration.confirm_claim(world.actor("admin"), claims["first.claim"].id, engine=engine)
    [left] = registration.list_claims(world.actor("admin"), engine=engine)
    assert left.username == "second.claim" and left.existing_org_id == first.org_id


def test_a_member_invites_a_colleague_who_joins_with_their_draft(world: World) -> None:
    engine = world.engine
    colleague = _register(world, "colleague", CODE_A, org="A企业")
    token = sessions.create(colleague.user_id or "", engine=engine)
    draft = repo.create(colleague, {"enterprise": {"name": "同事的草稿"}}, engine=engine)
    [claim] = registration.list_claims(world.actor("ent_a"), engine=engine)
    done = registration.confirm_claim(world.actor("ent_a"), claim.id, engine=engine)
    assert done.existing_org_id == world.orgs["A"]
    again = accounts.authenticate("colleague", GOOD, engine=engine)
    assert again.org_id == world.orgs["A"]
    assert sessions.lookup(token, engine=engine).actor is None  # signed out: the next sign-in sees the new org
    assert repo.load(world.actor("ent_a"), draft, engine=engine)[0]["enterprise"]["name"] == "同事的草稿"
    with engine.connect() as conn:
        assert conn.scalar(select(organisations.c.status).where(organisations.c.id == colleague.org_id)) == "closed"


def test_registration_refuses_look_alike_reserved_and_role_names(world: World) -> None:
    vague = accounts.NAME_UNAVAILABLE
    for name in ("ent_a", "ENT_A", "0ff_gulin", "admin", "Administrator2", "sysop"):  # taken, look-alike, reserved
        with pytest.raises(InvalidData) as err:
            _register(world, name, NEW_CODE)
        assert str(err.value) == vague, name
    with pytest.raises(InvalidData, match="不能混用"):
        _register(world, "pаypal", NEW_CODE)  # Latin + Cyrillic а
    for display in ("区管理员（admin）", "经信局 王科长", "Official Li", "官方客服"):
        with pytest.raises(InvalidData, match="显示名称不能含有"):
            _register(world, "zhang.san", NEW_CODE, display=display)
    me = _register(world, "张三abc", NEW_CODE, display="张三（生产部）")  # Chinese beside Latin letters is fine
    assert me.display_name == "张三（生产部）"
    assert registration.list_claims(world.actor("admin"), engine=world.engine)[0].username == "张三abc"


def test_admin_created_names_are_checked_for_look_alikes_too(world: World) -> None:
    admin = world.actor("admin")
    accounts.create_user(admin, "cope", GOOD, "consultant", engine=world.engine)
    with pytest.raises(InvalidData, match="过于相似"):
        accounts.create_user(admin, "соре", GOOD, "consultant", engine=world.engine)  # all Cyrillic: с о р е
    with pytest.raises(InvalidData, match="不能混用"):
        accounts.create_user(admin, "сons", GOOD, "consultant", engine=world.engine)  # Cyrillic с + Latin
    with pytest.raises(InvalidData, match="过于相似"):
        accounts.create_user(admin, "c0ns", GOOD, "consultant", engine=world.engine)
    accounts.create_user(admin, "经信局王科长", GOOD, "official", display_name="区经信局 王科长", engine=world.engine)


def _all_orgs(world: World) -> list[orgs.OrgInfo]:
    with world.engine.connect() as conn:
        return [orgs.OrgInfo(**row._mapping) for row in conn.execute(select(organisations))]
