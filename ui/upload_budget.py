"""A per-session upload budget, on top of each upload path's per-request limits.

Every upload path (pool import, evidence, JSON import, yardsticks, stat import) calls `charge(nbytes)` before it
reads the upload: the bytes accepted by this browser session in the last WINDOW_S seconds may not exceed
SESSION_BYTES. A refused upload is not charged. The ledger lives in the wizard's session dict, so it ends with the
session; it bounds what one session can make the server parse, not what many sessions can (that is the
per-request limits' and the server's job).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ui.i18n import t
from ui.session import W

MB = 1024 * 1024
SESSION_BYTES = 200 * MB  # ten full evidence files, or five full pool imports, per window
WINDOW_S = 10 * 60
_KEY = "_upload_ledger"


def _ledger(now: float) -> list[tuple[float, int]]:
    w = W()
    rows = [(ts, n) for ts, n in w.get(_KEY, []) if now - ts < WINDOW_S]
    w[_KEY] = rows
    return rows


def used(*, clock: Callable[[], float] = time.monotonic) -> int:
    """Bytes this session has uploaded within the window."""
    return sum(n for _, n in _ledger(clock()))


def charge(nbytes: int, *, clock: Callable[[], float] = time.monotonic) -> str | None:
    """Book `nbytes` against this session's budget; None when accepted, else a Chinese message (nothing booked)."""
    now = clock()
    rows = _ledger(now)
    spent = sum(n for _, n in rows)
    if spent + nbytes > SESSION_BYTES:
        wait = int(WINDOW_S - (now - min(ts for ts, _ in rows))) if rows else WINDOW_S
        return t("upload_budget.exceeded", mb=f"{(spent + nbytes) / MB:,.1f}", max=f"{SESSION_BYTES // MB:,}",
                 minutes=f"{max(1, -(-wait // 60)):,}")
    rows.append((now, nbytes))
    return None
