"""Organisations, jurisdictions and grants: who may manage them, what each role lists, and their audit rows."""

from __future__ import annotations

import pytest

from store import AccessDenied, InvalidData, NotFound, audit, orgs
from tests.store.conftest import World


def test_each_role_lists_the_organisations_in_its_scope(world: World) -> None:
    expected = {
        "admin": {"A", "B", "C"},
        "ent_a": {"A"},
        "ent_b": {"B"},
        "cons": {"A"},
        "cons_other": set(),
        "off_gulin": {"A"},
        "off_haishu": {"A", "B"},
        "off_yinzhou": {"C"},
        "guest": set(),
    }
    by_id = {v: k for k, v in world.orgs.items()}
    for who, keys in expected.items():
        listed = orgs.list_organisations(world.actor(who), engine=world.engine)
        assert {by_id[o.id] for o in listed} == keys, who
    assert [o.town for o in orgs.list_organisations(world.actor("admin"), district="haishu", engine=world.engine)] == [
        "gulin",
        "gaoqiao",
    ]
    with pytest.raises(AccessDenied, match="没有权限查看该企业"):
        orgs.get_organisation(world.actor("ent_a"), world.orgs["B"], engine=world.engine)
    assert (
        orgs.get_organisation(world.actor("off_haishu"), world.orgs["B"], engine=world.engine).name == "B企业有限公司"
    )


def test_only_admins_register_and_change_organisations(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    for who in ("ent_a", "cons", "off_haishu"):
        with pytest.raises(AccessDenied, match="只有管理员"):
            orgs.create_organisation(world.actor(who), "某公司", town="gulin", district="haishu", engine=engine)
        with pytest.raises(AccessDenied, match="只有管理员"):
            orgs.update_organisation(world.actor(who), world.orgs["A"], town="gaoqiao", engine=engine)
    a = orgs.get_organisation(admin, world.orgs["A"], engine=engine)
    with pytest.raises(InvalidData, match="已登记"):
        orgs.create_organisation(admin, "重复", uscc=a.uscc, town="gulin", district="haishu", engine=engine)
    with pytest.raises(InvalidData, match="已登记"):
        orgs.update_organisation(admin, world.orgs["B"], uscc=a.uscc, engine=engine)
    with pytest.raises(InvalidData, match="所在镇街"):
        orgs.create_organisation(admin, "某公司", town="古林 镇", district="haishu", engine=engine)
    with pytest.raises(InvalidData, match="企业名称不能为空"):
        orgs.create_organisation(admin, " \u200b ", town="gulin", district="haishu", engine=engine)
    no_code = orgs.create_organisation(admin, "个体工商户", town="gulin", district="haishu", engine=engine)
    also = orgs.create_organisation(admin, "另一个无代码", town="gulin", district="haishu", engine=engine)
    assert orgs.get_organisation(admin, no_code, engine=engine).uscc is None and also != no_code  # NULLs never clash
    with pytest.raises(NotFound):
        orgs.update_organisation(admin, "no-such-org", name="x", engine=engine)


def test_jurisdiction_is_set_by_admins_for_officials_only(world: World) -> None:
    engine, admin = world.engine, world.actor("admin")
    off = world.actor("off_gulin")
    assert off.user_id is not None
    assert orgs.get_jurisdiction(off, off.user_id, engine=engine) == [orgs.JurisdictionArea("haishu", "gulin")]
    orgs.set_jurisdiction(admin, off.user_id, "haishu", ["gulin", "gaoqiao", "gulin"], engine=engine)
    assert orgs.get_jurisdiction(admin, off.user_id, engine=engine) == [
        orgs.JurisdictionArea("haishu", "gaoqiao"),
        orgs.JurisdictionArea("haishu", "gulin"),
    ]
    haishu = world.actor("off_haishu")
    assert orgs.get_jurisdiction(haishu, haishu.user_id or "", engine=engine) == [orgs.JurisdictionArea("haishu", None)]
    with pytest.raises(AccessDenied, match="只能查看自己的辖区"):
        orgs.get_jurisdiction(haishu, off.user_id, engine=engine)
    with pytest.raises(InvalidData, match="只有主管部门"):
        orgs.set_jurisdiction(admin, world.actor("cons").user_id or "", "haishu", engine=engine)
    with pytest.raises(AccessDenied, match="只有管理员"):
        orgs.set_jurisdiction(haishu, haishu.user_id or "", "yinzhou", engine=engine)  # nobody widens their own


def test_grants_are_managed_by_the_enterprise_or_an_admin(world: World) -> None:
    engine, ent_a, ent_b, admin = world.engine, world.actor("ent_a"), world.actor("ent_b"), world.actor("admin")
    with pytest.raises(AccessDenied, match="只能管理本企业"):
        orgs.grant_access(ent_b, world.orgs["A"], "cons_other", engine=engine)
    for who in ("cons", "off_haishu", "guest"):
        with pytest.raises(AccessDenied):
            orgs.grant_access(world.actor(who), world.orgs["A"], "cons_other", engine=engine)
    with pytest.raises(AccessDenied):
        orgs.revoke_access(ent_b, world.grants["A-cons"], engine=engine)
    with pytest.raises(AccessDenied):
        orgs.revoke_access(world.actor("cons"), world.grants["A-cons"], engine=engine)
    for name in ("ent_b", "off_haishu", "nobody"):  # only consultant accounts can receive a grant
        with pytest.raises(NotFound, match="咨询机构"):
            orgs.grant_access(ent_a, world.orgs["A"], name, engine=engine)
    assert orgs.grant_access(ent_a, world.orgs["A"], "CONS", engine=engine) == world.grants["A-cons"]  # idempotent
    second = orgs.grant_access(world.actor("ent_a2"), world.orgs["A"], "cons_other", engine=engine)
    b_grant = orgs.grant_access(admin, world.orgs["B"], "cons", engine=engine)

    assert {g.consultant_username for g in orgs.list_grants(ent_a, engine=engine)} == {"cons", "cons_other"}
    assert [g.org_name for g in orgs.list_grants(world.actor("cons"), engine=engine)] == [
        "B企业有限公司",
        "A企业有限公司",
    ]
    assert len(orgs.list_grants(admin, engine=engine)) == 3
    assert [g.id for g in orgs.list_grants(admin, org_id=world.orgs["B"], engine=engine)] == [b_grant]
    with pytest.raises(AccessDenied, match="只能查看本企业"):
        orgs.list_grants(ent_a, org_id=world.orgs["B"], engine=engine)
    with pytest.raises(AccessDenied):
        orgs.list_grants(world.actor("off_haishu"), engine=engine)

    orgs.revoke_access(ent_a, second, engine=engine)
    orgs.revoke_access(ent_a, second, engine=engine)  # again: nothing happens
    assert [g.id for g in orgs.list_grants(ent_a, engine=engine)] == [world.grants["A-cons"]]
    [revoked] = [g for g in orgs.list_grants(ent_a, include_revoked=True, engine=engine) if not g.active]
    assert revoked.id == second and revoked.revoked_by == world.actor("ent_a").user_id
    with pytest.raises(NotFound):
        orgs.revoke_access(ent_a, "no-such-grant", engine=engine)
    log = audit.list_audit(admin, limit=None, engine=engine)
    assert [e.action for e in log if e.action in ("grant", "revoke")] == ["revoke", "grant", "grant", "grant"]


def test_enterprise_lists_consultants_to_choose_from(world: World) -> None:
    names = [c.username for c in orgs.list_consultants(world.actor("ent_a"), engine=world.engine)]
    assert names == ["cons", "cons_other"]
    with pytest.raises(AccessDenied):
        orgs.list_consultants(world.actor("cons"), engine=world.engine)
