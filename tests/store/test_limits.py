"""The store keeps any JSON-serialisable dict up to 2 MB and refuses the rest with a Chinese message."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import Engine

from store import LOCAL, InvalidData, TooLarge
from store import assessments as repo

LIMIT = repo.MAX_DATA_BYTES
OVERHEAD = len('{"x":""}')


def test_oversized_payload_is_refused_and_nothing_changes(engine: Engine) -> None:
    aid = repo.create(LOCAL, {"x": "ok"}, engine=engine)
    big = {"x": "绿" * (LIMIT // 3 + 1)}  # 3 bytes per character in UTF-8
    with pytest.raises(TooLarge, match="评价数据过大") as err:
        repo.save(LOCAL, aid, big, engine=engine)
    assert "2 MB" in str(err.value) and err.value.size_bytes > LIMIT
    with pytest.raises(TooLarge):
        repo.create(LOCAL, big, engine=engine)
    assert repo.load(LOCAL, aid, engine=engine) == ({"x": "ok"}, 1)
    assert len(repo.list_assessments(LOCAL, engine=engine)) == 1


def test_limit_is_inclusive_in_utf8_bytes(engine: Engine) -> None:
    at_limit = {"x": "a" * (LIMIT - OVERHEAD)}
    aid = repo.create(LOCAL, at_limit, engine=engine)
    assert repo.load(LOCAL, aid, engine=engine)[0] == at_limit
    with pytest.raises(TooLarge):
        repo.save(LOCAL, aid, {"x": "a" * (LIMIT - OVERHEAD + 1)}, engine=engine)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (["not", "a", "dict"], "必须是 JSON 对象"),
        ("字符串", "必须是 JSON 对象"),
        ({"x": math.nan}, "NaN"),
        ({"x": math.inf}, "无穷大"),
        ({"x": {1, 2}}, "无法保存为 JSON"),
        ({"x": b"bytes"}, "无法保存为 JSON"),
        ({"x": "\ud800"}, "无效的字符"),  # what json.loads makes of a lone "\\ud800" escape
    ],
)
def test_non_json_data_is_refused(engine: Engine, data: object, words: str) -> None:
    with pytest.raises(InvalidData, match=words):
        repo.create(LOCAL, data, engine=engine)  # type: ignore[arg-type]
    aid = repo.create(LOCAL, {}, engine=engine)
    with pytest.raises(InvalidData, match=words):
        repo.save(LOCAL, aid, data, engine=engine)  # type: ignore[arg-type]
    assert repo.load(LOCAL, aid, engine=engine) == ({}, 1)


def test_circular_data_is_refused(engine: Engine) -> None:
    loop: dict = {}
    loop["self"] = loop
    with pytest.raises(InvalidData, match="循环引用"):
        repo.create(LOCAL, loop, engine=engine)
