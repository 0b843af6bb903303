"""store.resume: the assessment a browser last worked on, per user, behind the usual access check."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from store import LOCAL, orgs, resume
from store import assessments as repo
from store.tables import resume_points


def _browser() -> str:
    return secrets.token_urlsafe(32)


def test_a_browser_gets_back_what_it_last_worked_on_not_the_latest(engine) -> None:
    first = repo.create(LOCAL, {"enterprise": {"name": "甲"}}, engine=engine)
    second = repo.create(LOCAL, {"enterprise": {"name": "乙"}}, engine=engine)
    here, there = _browser(), _browser()
    resume.remember(LOCAL, here, first, engine=engine)
    resume.remember(LOCAL, there, second, engine=engine)
    repo.save(LOCAL, second, {"enterprise": {"name": "乙2"}}, engine=engine)  # the most recent is the second
    assert resume.recall(LOCAL, here, engine=engine) == first
    assert resume.recall(LOCAL, there, engine=engine) == second
    resume.remember(LOCAL, here, second, engine=engine)  # the browser moved on: one row per browser and owner
    assert resume.recall(LOCAL, here, engine=engine) == second
    with engine.connect() as conn:
        rows = conn.execute(select(resume_points)).all()
    assert len(rows) == 2 and all(here not in r.browser_hash and there not in r.browser_hash for r in rows)


def test_without_a_record_single_user_mode_takes_the_most_recent(engine) -> None:
    assert resume.recall(LOCAL, _browser(), engine=engine) is None  # nothing stored: a blank draft is right
    older = repo.create(LOCAL, {"enterprise": {"name": "旧"}}, engine=engine)
    newer = repo.create(LOCAL, {"enterprise": {"name": "新"}}, engine=engine)
    repo.save(LOCAL, newer, {"enterprise": {"name": "新2"}}, engine=engine)
    assert older != newer
    assert resume.recall(LOCAL, _browser(), engine=engine) == newer
    assert resume.recall(LOCAL, None, engine=engine) == newer  # `streamlit run app.py` sets no cookie
    assert resume.recall(LOCAL, "not a cookie; x", engine=engine) == newer  # a forged value is not looked up


def test_a_shared_browser_never_leads_one_user_to_anothers_assessment(world) -> None:
    engine, browser = world.engine, _browser()
    ent_a, ent_b = world.actors["ent_a"], world.actors["ent_b"]
    resume.remember(ent_a, browser, world.assessments["A"], engine=engine)
    assert resume.recall(ent_a, browser, engine=engine) == world.assessments["A"]
    assert resume.recall(ent_b, browser, engine=engine) is None  # another user of the same browser
    resume.remember(ent_b, browser, world.assessments["A"], engine=engine)  # even a forged row is checked
    assert resume.recall(ent_b, browser, engine=engine) is None
    assert resume.recall(world.actor("guest"), browser, engine=engine) is None
    resume.remember(world.actor("guest"), browser, world.assessments["B"], engine=engine)  # a guest leaves nothing


def test_a_withdrawn_grant_ends_the_resume(world) -> None:
    engine, browser, cons = world.engine, _browser(), world.actors["cons"]
    resume.remember(cons, browser, world.assessments["A"], engine=engine)
    assert resume.recall(cons, browser, engine=engine) == world.assessments["A"]
    orgs.revoke_access(world.actors["ent_a"], world.grants["A-cons"], engine=engine)
    assert resume.recall(cons, browser, engine=engine) is None
