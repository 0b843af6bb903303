"""Beijing time everywhere (issue 13, item 3): the store keeps UTC, and file names, the PDF cover date, history
lists and the audit log read it on the users' clock (``report.clock``, ``ui.fmt.local_time``)."""

from __future__ import annotations

import datetime as dt

from report.clock import local_today, zone
from ui.fmt import local_time

LATE_UTC = dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC)  # 01:30 on 2 March in Beijing


def test_a_late_utc_evening_is_the_next_morning_in_beijing(monkeypatch):
    monkeypatch.delenv("APP_TIMEZONE", raising=False)
    assert local_time(LATE_UTC) == "2026-03-02 01:30:00"
    assert local_time(LATE_UTC, "%Y%m%d") == "20260302"
    assert local_today(LATE_UTC) == dt.date(2026, 3, 2)


def test_app_timezone_names_another_clock_and_a_wrong_name_falls_back_to_beijing(monkeypatch):
    monkeypatch.setenv("APP_TIMEZONE", "UTC")
    assert local_today(LATE_UTC) == dt.date(2026, 3, 1)
    monkeypatch.setenv("APP_TIMEZONE", "Mars/Olympus")
    assert str(zone()) == "Asia/Shanghai"
    assert local_time(LATE_UTC, "%H:%M") == "01:30"


def test_now_is_read_on_the_users_clock(monkeypatch):
    monkeypatch.delenv("APP_TIMEZONE", raising=False)
    beijing = dt.datetime.now(dt.UTC).astimezone(zone())
    assert local_time(fmt="%Y-%m-%d") in {beijing.strftime("%Y-%m-%d"),
                                         (beijing + dt.timedelta(minutes=1)).strftime("%Y-%m-%d")}
    assert local_today() in {beijing.date(), (beijing + dt.timedelta(minutes=1)).date()}
