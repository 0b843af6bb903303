"""Access: one rule (_check_access) guards every read and write; guests can touch nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from store import LOCAL, AccessDenied, Actor
from store import assessments as repo

GUEST = Actor(role="guest")


def _revisions(engine: Engine, aid: str) -> list[int]:
    return [h.revision for h in repo.list_revisions(LOCAL, aid, engine=engine)]


def test_guest_can_neither_read_nor_write(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"enterprise": {"name": "某公司"}}, engine=engine)
    with pytest.raises(AccessDenied, match="访客"):
        repo.create(GUEST, {}, engine=engine)
    with pytest.raises(AccessDenied):
        repo.load(GUEST, aid, engine=engine)
    with pytest.raises(AccessDenied):
        repo.load(GUEST, aid, revision=1, engine=engine)
    with pytest.raises(AccessDenied):
        repo.save(GUEST, aid, {"hijack": True}, engine=engine)
    with pytest.raises(AccessDenied):
        repo.list_revisions(GUEST, aid, engine=engine)
    with pytest.raises(AccessDenied):
        repo.delete(GUEST, aid, engine=engine)
    assert repo.list_assessments(GUEST, engine=engine) == []
    # nothing changed
    assert _revisions(engine, aid) == [1]
    assert len(repo.list_assessments(LOCAL, engine=engine)) == 1


@pytest.mark.parametrize("role", ["enterprise", "consultant", "official", "admin"])
def test_account_roles_stay_closed_until_accounts_exist(engine: Engine, role: Any) -> None:
    # Placeholder behaviour: the accounts work replaces this test with the real rules.
    actor = Actor(user_id="u1", role=role, org_ids=frozenset({"org1"}))
    aid = repo.create(LOCAL, {}, org_id="org1", engine=engine)
    with pytest.raises(AccessDenied):
        repo.load(actor, aid, engine=engine)
    with pytest.raises(AccessDenied):
        repo.save(actor, aid, {}, engine=engine)
    assert repo.list_assessments(actor, engine=engine) == []


def test_every_call_goes_through_check_access(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bool]] = []
    real = repo._check_access

    def spy(actor: Actor, row: Any, write: bool) -> None:
        calls.append((getattr(row, "id", "<new>"), write))
        real(actor, row, write)

    monkeypatch.setattr(repo, "_check_access", spy)
    aid = repo.create(LOCAL, {}, engine=engine)
    repo.save(LOCAL, aid, {"x": 1}, engine=engine)
    repo.load(LOCAL, aid, engine=engine)
    repo.list_revisions(LOCAL, aid, engine=engine)
    repo.list_assessments(LOCAL, engine=engine)
    repo.delete(LOCAL, aid, engine=engine)
    assert calls == [("<new>", True), (aid, True), (aid, False), (aid, False), (aid, False), (aid, True)]


def test_actor_validates_role_and_freezes_org_ids() -> None:
    with pytest.raises(ValueError, match="未知角色"):
        Actor(role="superuser")  # type: ignore[arg-type]
    actor = Actor(user_id="u", role="enterprise", org_ids={"a", "b"})  # type: ignore[arg-type]
    assert actor.org_ids == frozenset({"a", "b"})
    assert LOCAL.role == "local" and LOCAL.user_id is None
