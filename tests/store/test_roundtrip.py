"""create / save / load keep the data exactly: Chinese text, floats, structure, drafts that are not valid yet."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from scoring.models import Assessment, Enterprise, Inputs
from store import LOCAL, NotFound
from store import assessments as repo
from store.tables import assessment_revisions, assessments

FLOATS = [0.1, 0.1 + 0.2, 1e-300, 5e-324, 1.7976931348623157e308, 123456789.12345679, 2.5e17, -0.0, 1 / 3]


def _sample() -> dict:
    a = Assessment(
        enterprise=Enterprise(name="宁波市海曙区某某绿色制造有限公司", contact="张三（能源管理员）"),
        inputs=Inputs(output_value_wan=12345.678, land_area_m2=0.1 + 0.2, energy={"electricity_kwh": 1 / 3}),
        answers={"no_major_accident_3y": True, "green_design": "部分具备"},
    )
    return a.model_dump(mode="json")


def test_create_load_round_trip_keeps_model_data(engine: Engine) -> None:
    data = _sample()
    aid = repo.create(LOCAL, data, engine=engine)
    loaded, revision = repo.load(LOCAL, aid, engine=engine)
    assert revision == 1
    assert loaded == data
    assert Assessment.model_validate(loaded) == Assessment.model_validate(data)


def test_chinese_is_stored_as_text_not_escapes(engine: Engine) -> None:
    aid = repo.create(LOCAL, _sample(), engine=engine)
    with engine.connect() as conn:
        raw = conn.scalar(select(assessment_revisions.c.data).where(assessment_revisions.c.assessment_id == aid))
    assert "宁波市海曙区某某绿色制造有限公司" in raw
    assert "\\u" not in raw


def test_floats_round_trip_bit_exact(engine: Engine) -> None:
    data = {"values": FLOATS, "nested": {"能耗": FLOATS[1]}}
    aid = repo.create(LOCAL, data, engine=engine)
    repo.save(LOCAL, aid, data, engine=engine)
    loaded, _ = repo.load(LOCAL, aid, engine=engine)
    assert [x.hex() for x in loaded["values"]] == [x.hex() for x in FLOATS]
    assert loaded["nested"]["能耗"].hex() == FLOATS[1].hex()


def test_list_shows_title_ruleset_profile_from_data(engine: Engine) -> None:
    aid = repo.create(LOCAL, _sample(), engine=engine)
    [info] = repo.list_assessments(LOCAL, engine=engine)
    assert (info.id, info.title, info.ruleset, info.profile) == (aid, "宁波市海曙区某某绿色制造有限公司", *_defaults())
    assert info.latest_revision == 1 and not info.deleted
    assert info.created_at.tzinfo is not None and info.updated_at >= info.created_at


def _defaults() -> tuple[str, str]:
    a = Assessment()
    return a.ruleset, a.profile


def test_drafts_need_not_be_valid_assessments(engine: Engine) -> None:
    draft = {"enterprise": {"name": 42, "uscc": "不是信用代码"}, "inputs": {"land_area_m2": -5}, "未知字段": [None]}
    aid = repo.create(LOCAL, draft, engine=engine)
    assert repo.load(LOCAL, aid, engine=engine) == (draft, 1)
    [info] = repo.list_assessments(LOCAL, engine=engine)
    assert info.title == ""  # a non-text name is not copied into the list column


def test_empty_dict_is_a_valid_draft(engine: Engine) -> None:
    aid = repo.create(LOCAL, {}, engine=engine)
    assert repo.load(LOCAL, aid, engine=engine) == ({}, 1)


def test_ids_are_random_url_safe_tokens(engine: Engine) -> None:
    ids = {repo.create(LOCAL, {}, engine=engine) for _ in range(5)}
    assert len(ids) == 5
    assert all(len(i) >= 22 and i.replace("-", "").replace("_", "").isalnum() for i in ids)


def test_unknown_id_and_revision_are_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound, match="未找到"):
        repo.load(LOCAL, "no-such-id", engine=engine)
    aid = repo.create(LOCAL, {}, engine=engine)
    for bad in (0, 2, -1):
        with pytest.raises(NotFound, match=f"第 {bad} 版"):
            repo.load(LOCAL, aid, revision=bad, engine=engine)


def test_deleted_assessment_is_hidden_but_revisions_stay(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"a": 1}, engine=engine)
    repo.delete(LOCAL, aid, engine=engine)
    with pytest.raises(NotFound):
        repo.load(LOCAL, aid, engine=engine)
    with pytest.raises(NotFound):
        repo.save(LOCAL, aid, {"a": 2}, engine=engine)
    assert repo.list_assessments(LOCAL, engine=engine) == []
    assert [i.id for i in repo.list_assessments(LOCAL, include_deleted=True, engine=engine)] == [aid]
    with engine.connect() as conn:
        assert conn.scalar(select(assessments.c.deleted).where(assessments.c.id == aid)) is True
        assert conn.scalar(select(assessment_revisions.c.data).where(assessment_revisions.c.assessment_id == aid))


def test_list_is_newest_first_and_limited(engine: Engine) -> None:
    first = repo.create(LOCAL, {"n": 1}, engine=engine)
    second = repo.create(LOCAL, {"n": 2}, engine=engine)
    assert [i.id for i in repo.list_assessments(LOCAL, engine=engine)] == [second, first]
    repo.save(LOCAL, first, {"n": 3}, engine=engine)
    assert [i.id for i in repo.list_assessments(LOCAL, engine=engine)] == [first, second]
    assert [i.id for i in repo.list_assessments(LOCAL, limit=1, engine=engine)] == [first]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_any_json_dict_round_trips(engine: Engine, data: dict) -> None:
    aid = repo.create(LOCAL, data, engine=engine)
    loaded, _ = repo.load(LOCAL, aid, engine=engine)
    # compare the JSON texts too, so that -0.0 vs 0.0 and int vs float differences would show
    assert loaded == data
    assert json.dumps(loaded, sort_keys=True) == json.dumps(data, sort_keys=True)
