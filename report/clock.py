"""The users' clock: Beijing time unless APP_TIMEZONE says otherwise (servers often run in UTC). Dates on the PDF
cover and in file names, and every time the UI shows, are read on it (``ui.fmt.local_time``)."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"


def zone() -> ZoneInfo:
    """APP_TIMEZONE's zone; Beijing time when it is unset or names no zone."""
    try:
        return ZoneInfo(os.environ.get("APP_TIMEZONE") or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def local_now() -> dt.datetime:
    return dt.datetime.now(zone())


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date on the users' clock (at 00:30 in Beijing the server's UTC date is still yesterday); ``now``
    (aware) for another moment."""
    return (now or local_now()).astimezone(zone()).date()
