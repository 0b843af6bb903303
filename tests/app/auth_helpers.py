"""A small district in the app's database for the account tests, and signing in through the login page.

Users (password PASSWORD): admin; ent_a (enterprise A, 古林镇), ent_b (enterprise B, 高桥镇); cons (a consultant A
has granted access); off (an official of 古林镇). A holds the example assessment, B one of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import streamlit
from streamlit.testing.v1 import AppTest

from scoring.example import example_assessment
from scoring.models import uscc_with_check
from store import Actor, accounts, db, orgs
from store import assessments as repo
from tests.app.wizard_helpers import new_app

PASSWORD = "绿色工厂-test-2025"
LOGIN_BUTTON = "FormSubmitter:login-登录"


@dataclass
class District:
    url: str
    orgs: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    assessments: dict[str, str] = field(default_factory=dict)

    @property
    def engine(self) -> Any:
        return db.get_engine(self.url)

    def assessment_count(self) -> int:
        return len(repo.list_assessments(self.actors["admin"], limit=None, include_deleted=True, engine=self.engine))


def build_district(url: str) -> District:
    d = District(url)
    engine = d.engine
    accounts.create_admin("admin", PASSWORD, display_name="区管理员", engine=engine)
    admin = d.actors["admin"] = accounts.authenticate("admin", PASSWORD, engine=engine)
    for n, (key, town) in enumerate((("A", "gulin"), ("B", "gaoqiao"))):
        d.orgs[key] = orgs.create_organisation(admin, f"{key}精密机械有限公司", uscc=uscc_with_check(f"91330203MA2{n:06d}"),
                                               town=town, district="haishu", engine=engine)
    for name, role, org, display in (("ent_a", "enterprise", "A", "甲企业填报人"), ("ent_b", "enterprise", "B", "乙企业填报人"),
                                     ("cons", "consultant", None, "绿研咨询"), ("off", "official", None, "古林镇经发办")):
        d.users[name] = accounts.create_user(admin, name, PASSWORD, role, display_name=display,
                                             org_id=d.orgs.get(org or ""), engine=engine)
        d.actors[name] = accounts.authenticate(name, PASSWORD, engine=engine)
    orgs.set_jurisdiction(admin, d.users["off"], "haishu", ["gulin"], engine=engine)
    orgs.grant_access(d.actors["ent_a"], d.orgs["A"], "cons", engine=engine)
    example = example_assessment().model_dump(mode="json")
    example["enterprise"]["town"] = "gulin"
    d.assessments["A"] = repo.create(d.actors["ent_a"], example, engine=engine)
    d.assessments["B"] = repo.create(d.actors["ent_b"], {"enterprise": {"name": "B精密机械有限公司"}}, engine=engine)
    return d


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="login-user").input(username)
    at.text_input(key="login-pass").input(password)
    at.button(key=LOGIN_BUTTON).click().run()
    assert not at.exception, at.exception
    return at


def signed_in_app(username: str) -> AppTest:
    at = new_app()
    at.run()
    return sign_in(at, username)


def texts(at: AppTest) -> str:
    """Every message, markdown and caption on the page (main and sidebar), one string."""
    parts = [e.value for kind in ("error", "warning", "info", "success", "markdown", "caption", "title", "subheader")
             for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


class NavSpy:
    """Records the titles of the pages passed to st.navigation (visible ones), per run."""

    def __init__(self, monkeypatch: Any) -> None:
        self.calls: list[list[str]] = []
        real = streamlit.navigation

        def spy(pages: Any, **kwargs: Any) -> Any:
            flat = [p for section in (pages.values() if isinstance(pages, dict) else [pages]) for p in section]
            self.calls.append([p.title for p in flat if p.visibility != "hidden"])
            return real(pages, **kwargs)

        monkeypatch.setattr(streamlit, "navigation", spy)

    @property
    def titles(self) -> list[str]:
        return self.calls[-1]


def district_on(backend: str, tmp_path: Any, monkeypatch: Any, schema: str) -> Iterator[District]:
    """The test district on SQLite in `tmp_path` or on a fresh PostgreSQL schema, as DATABASE_URL (a fixture body)."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'wizard.db'}"
        monkeypatch.setenv("DATABASE_URL", url)
        yield build_district(url)
        db.dispose_engines(url)
    else:
        from tests.pg_schema import fresh_pg_schema

        for url in fresh_pg_schema(schema):
            monkeypatch.setenv("DATABASE_URL", url)
            yield build_district(url)
