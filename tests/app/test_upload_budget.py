"""Per-session upload budget (ui/upload_budget.py): bytes within the window add up, a refusal books nothing and
names the sizes in Chinese, old uploads leave the window."""

from __future__ import annotations

import pytest

from ui import upload_budget as ub
from ui.session import W


@pytest.fixture(autouse=True)
def _fresh() -> None:
    W().pop(ub._KEY, None)


def test_budget_adds_up_and_refuses_over_the_limit() -> None:
    now = [1000.0]
    clock = lambda: now[0]  # noqa: E731
    assert ub.charge(ub.SESSION_BYTES - 10 * ub.MB, clock=clock) is None
    refused = ub.charge(11 * ub.MB, clock=clock)
    assert refused is not None and "MB" in refused and f"{ub.SESSION_BYTES // ub.MB:,}" in refused
    assert "会话" in refused
    assert ub.used(clock=clock) == ub.SESSION_BYTES - 10 * ub.MB  # the refused upload is not booked
    assert ub.charge(10 * ub.MB, clock=clock) is None
    assert ub.charge(1, clock=clock) is not None


def test_window_releases_old_uploads() -> None:
    now = [0.0]
    clock = lambda: now[0]  # noqa: E731
    assert ub.charge(ub.SESSION_BYTES, clock=clock) is None
    now[0] = ub.WINDOW_S - 1
    assert ub.charge(1, clock=clock) is not None
    now[0] = ub.WINDOW_S + 1
    assert ub.used(clock=clock) == 0
    assert ub.charge(ub.SESSION_BYTES, clock=clock) is None
