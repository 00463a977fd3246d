"""registry.rules.local_date: the one definition of "the day of a moment" (issue 19.5 merged the
desks' local_date and the statistics' local_day). The day is Finland's whatever zone is active, so
that a use undone, listed at the desk and counted in the statistics falls on the same day."""

import datetime
import zoneinfo

from django.utils import timezone

from registry.rules import local_date


def test_the_day_is_finlands_whatever_time_zone_is_active():
    moment = datetime.datetime(2026, 12, 31, 22, 30, tzinfo=datetime.UTC)  # 00:30 in Helsinki
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert local_date(moment) == datetime.date(2027, 1, 1)
    summer = datetime.datetime(2026, 6, 30, 20, 59, tzinfo=datetime.UTC)  # 23:59 in Helsinki
    assert local_date(summer) == datetime.date(2026, 6, 30)
    assert local_date(summer + datetime.timedelta(minutes=1)) == datetime.date(2026, 7, 1)
