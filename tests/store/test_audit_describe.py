"""The audit log reads as sentences (issue 13, item 3): ``audit.describe`` turns a row's JSON detail into messages
whose words come from the locale files, with codes worded and internal ids left out."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from locales import say
from store.audit import AuditEntry, describe


def _entry(detail: object) -> AuditEntry:
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    return AuditEntry(id=1, at=datetime(2026, 1, 1, tzinfo=UTC), who="u1", who_name="admin", action="login_failed",
                      target="0f3a9c", detail=text)


def _zh(detail: object) -> str:
    return "；".join(say("zh", m.code, **m.params) for m in describe(_entry(detail)))


def test_codes_are_worded_and_ids_left_out():
    text = _zh({"reason": "wrong_password", "source": "10.0.0.7", "user_id": "0f3a9c", "org_id": "77aa"})
    assert text == "原因：密码错误；来源地址 10.0.0.7"
    assert _zh({"reason": "blocked_source"}) == "原因：尝试过多，暂时锁定"
    assert _zh({"username": "li", "role": "official", "org_id": None}) == "账号 li；角色：主管部门"


def test_unknown_codes_and_updates_still_read_as_words():
    assert _zh({"method": "wecom"}) == "单点登录"
    assert _zh({"before": {"name": "甲", "town": "gulin"}, "after": {"name": "乙", "town": "gulin"}}) == "改动 1 项"
    assert _zh({"towns": ["gulin", "jishigang"], "district": "haishu"}) == "2 个镇街"


def test_text_that_is_not_json_stays_as_it_is():
    assert _zh("旧版记录") == "旧版记录"
    assert _zh("") == ""
