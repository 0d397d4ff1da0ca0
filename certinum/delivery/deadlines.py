"""Deadlines of a timed question, computed once for the page and for the verdict.

The server owns time: the page only displays what is left, and the server decides alone
whether an answer came in late. Both ask the same function, so they cannot disagree on
the timer, the pupil's extra time or the grace margin.
"""

import datetime
import math
from dataclasses import dataclass

# A timed answer that reaches the server a little late (a slow school network) is not
# counted as late: the server allows this margin over the timer before "timedout".
TIMER_GRACE_SECONDS = 3


@dataclass(frozen=True)
class Deadline:
    ends_at: datetime.datetime  # what the pupil is shown: served_at + timer × multiplier
    grace: datetime.timedelta  # tolerated on top of `ends_at` before an answer is late

    def remaining_seconds(self, now: datetime.datetime) -> int:
        """Whole seconds left on the displayed countdown (never negative)."""
        return max(0, math.floor((self.ends_at - now).total_seconds()))

    def is_past(self, now: datetime.datetime) -> bool:
        """Is an answer received at `now` late (grace margin included)?"""
        return now > self.ends_at + self.grace


def deadline_of(
    *,
    served_at: datetime.datetime,
    seconds: int,
    grace_seconds: float = TIMER_GRACE_SECONDS,
    multiplier: float = 1.0,
) -> Deadline:
    """ends_at = served_at + seconds × multiplier, late after ends_at + grace_seconds.

    `multiplier` is 1 + the candidate's extra time (a certification candidate with 30 %
    extra time gets 1.3); a competence evaluation has none.
    """
    if seconds < 0 or multiplier < 1 or grace_seconds < 0:
        raise ValueError("A deadline needs seconds ≥ 0, multiplier ≥ 1 and grace ≥ 0.")
    return Deadline(
        ends_at=served_at + datetime.timedelta(seconds=seconds * multiplier),
        grace=datetime.timedelta(seconds=grace_seconds),
    )
