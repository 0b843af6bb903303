"""An address that could not be read is stored as "unknown" (ui.auth); the log must say so in words, not in English."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from locales import say
from store.audit import AuditEntry, describe


def _zh(detail: dict[str, object]) -> str:
    entry = AuditEntry(id=1, at=datetime(2026, 1, 1, tzinfo=UTC), who="u1", who_name="admin", action="login_failed",
                       target="0f3a9c", detail=json.dumps(detail))
    return "；".join(say("zh", m.code, **m.params) for m in describe(entry))


def test_unknown_source_reads_in_chinese():
    assert _zh({"reason": "wrong_password", "source": "unknown"}) == "原因：密码错误；来源地址未知"
    assert _zh({"source": "10.0.0.7"}) == "来源地址 10.0.0.7"
