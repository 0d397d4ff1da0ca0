import datetime

import pytest

from certinum.delivery.deadlines import TIMER_GRACE_SECONDS, deadline_of

SERVED = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)


def at(seconds: float) -> datetime.datetime:
    return SERVED + datetime.timedelta(seconds=seconds)


def test_the_page_shows_the_timer_and_the_server_allows_the_grace_margin():
    deadline = deadline_of(served_at=SERVED, seconds=30)
    assert deadline.remaining_seconds(at(0)) == 30
    assert deadline.remaining_seconds(at(10.4)) == 19
    assert deadline.remaining_seconds(at(45)) == 0
    assert not deadline.is_past(at(30 + TIMER_GRACE_SECONDS))
    assert deadline.is_past(at(30 + TIMER_GRACE_SECONDS + 0.001))


def test_extra_time_multiplies_the_timer_for_display_and_for_the_verdict():
    deadline = deadline_of(served_at=SERVED, seconds=60, grace_seconds=0, multiplier=1.3)
    assert deadline.remaining_seconds(at(0)) == 78
    assert not deadline.is_past(at(78))
    assert deadline.is_past(at(78.5))


@pytest.mark.parametrize(
    "arguments",
    [{"seconds": -1}, {"seconds": 30, "multiplier": 0.5}, {"seconds": 30, "grace_seconds": -1}],
)
def test_an_impossible_deadline_is_refused(arguments):
    with pytest.raises(ValueError):
        deadline_of(served_at=SERVED, **arguments)
