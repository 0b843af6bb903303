"""For tests of the official's screening: the official's pool takes submitted or reviewed assessments only
(store.submissions), so a test whose stored assessment is a draft marks it submitted first. The status is set
directly (the example leaves evidence missing, which ``submissions.submit`` refuses); the status machine itself is
tested in tests/store/test_submissions.py and tests/app/test_submit_review.py."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from store.db import write_transaction
from store.sqltypes import utcnow
from store.tables import assessments


def mark_submitted(engine: Any, *assessment_ids: str, status: str = "submitted") -> None:
    with write_transaction(engine) as conn:
        for aid in assessment_ids:
            conn.execute(update(assessments).where(assessments.c.id == aid)
                         .values(status=status, status_at=utcnow()))
