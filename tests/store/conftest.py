"""Every store test runs against SQLite (a tmp_path file) and, when TEST_DATABASE_URL is set, PostgreSQL.

Each PostgreSQL test gets a fresh schema (via search_path), dropped afterwards. With REQUIRE_POSTGRES=1 a
missing TEST_DATABASE_URL fails the PostgreSQL tests instead of skipping them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine

from store import GUEST, LOCAL, Actor, db
from tests.pg_schema import fresh_pg_schema

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL to an empty database (not migrated yet)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.db'}"
        yield url
        db.dispose_engines(url)
    else:
        yield from _fresh_pg_schema()


@pytest.fixture
def engine(db_url: str) -> Engine:
    """A migrated engine on an empty database."""
    return db.get_engine(db_url)


def _fresh_pg_schema() -> Iterator[str]:
    yield from fresh_pg_schema("test_store")


@pytest.fixture(autouse=True)
def _cheap_hashing_and_private_files(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    _isolate(monkeypatch, tmp_path)


def _isolate(mp: pytest.MonkeyPatch, folder) -> None:
    """Argon2 at its cheapest (the real parameters take ~0.1 s per hash), attachments in a temporary folder,
    and no deployment switches from the environment."""
    from argon2 import PasswordHasher

    from store import passwords

    mp.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    mp.setenv("ATTACHMENTS_DIR", str(folder / "attachments"))
    mp.delenv("GF_ACCOUNTS", raising=False)
    mp.delenv("GF_REGISTRATION", raising=False)


PASSWORD = "绿色工厂-test-2025"  # meets the policy; every world user has it


@dataclass
class World:
    """A district deployment: three enterprises in two districts, their users, consultants, officials, an admin,
    one assessment per enterprise, and one stored before accounts were enabled (no organisation)."""

    engine: Engine
    orgs: dict[str, str] = field(default_factory=dict)  # key → org id
    actors: dict[str, Actor] = field(default_factory=dict)  # key → Actor built by authenticate
    assessments: dict[str, str] = field(default_factory=dict)  # key → assessment id
    grants: dict[str, str] = field(default_factory=dict)

    def actor(self, key: str) -> Actor:
        return GUEST if key == "guest" else LOCAL if key == "local" else self.actors[key]


def build_world(engine: Engine) -> World:
    from scoring.models import uscc_with_check
    from store import accounts, orgs
    from store import assessments as repo

    w = World(engine)
    w.assessments["legacy"] = repo.create(LOCAL, {"enterprise": {"name": "启用账户前的评价"}}, engine=engine)
    accounts.create_admin("admin", PASSWORD, display_name="区管理员", engine=engine)
    w.actors["admin"] = accounts.authenticate("admin", PASSWORD, engine=engine)
    admin = w.actors["admin"]
    places = {"A": ("haishu", "gulin"), "B": ("haishu", "gaoqiao"), "C": ("yinzhou", "zhonghe")}
    for n, (key, (district, town)) in enumerate(places.items()):
        uscc = uscc_with_check(f"91330203MA2{n:06d}")
        w.orgs[key] = orgs.create_organisation(
            admin, f"{key}企业有限公司", uscc=uscc, town=town, district=district, engine=engine
        )
    users = [
        ("ent_a", "enterprise", "A"),
        ("ent_a2", "enterprise", "A"),
        ("ent_b", "enterprise", "B"),
        ("ent_c", "enterprise", "C"),
        ("cons", "consultant", None),
        ("cons_other", "consultant", None),
        ("off_gulin", "official", None),
        ("off_haishu", "official", None),
        ("off_yinzhou", "official", None),
    ]
    for name, role, org in users:
        uid = accounts.create_user(admin, name, PASSWORD, role, org_id=w.orgs.get(org or ""), engine=engine)
        if name == "off_gulin":
            orgs.set_jurisdiction(admin, uid, "haishu", ["gulin"], engine=engine)
        elif name == "off_haishu":
            orgs.set_jurisdiction(admin, uid, "haishu", engine=engine)
        elif name == "off_yinzhou":
            orgs.set_jurisdiction(admin, uid, "yinzhou", engine=engine)
        w.actors[name] = accounts.authenticate(name, PASSWORD, engine=engine)
    for key in places:
        w.assessments[key] = repo.create(
            w.actors[f"ent_{key.lower()}"], {"enterprise": {"name": f"{key}企业有限公司"}}, engine=engine
        )
    w.grants["A-cons"] = orgs.grant_access(w.actors["ent_a"], w.orgs["A"], "cons", engine=engine)
    return w


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture(scope="module", params=BACKENDS)
def shared_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One world per test module and backend, for tests that only add revisions to it (the access matrix)."""
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("files"))
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'app.db'}"
            try:
                yield build_world(db.get_engine(url))
            finally:
                db.dispose_engines(url)
        else:
            for url in _fresh_pg_schema():
                yield build_world(db.get_engine(url))
