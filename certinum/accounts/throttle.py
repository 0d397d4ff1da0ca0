"""Rate limits for everything a user can guess (passwords, birthdates, codes, tokens).

A rule allows `limit` hits per fixed window of `window`; past it the action is refused
until the window ends, with the time to wait. Counters live in the shared store so every
worker sees the same count: Redis (atomic INCR) when `REDIS_URL` is set, else a database
table incremented with an atomic UPDATE (Django's database cache has no atomic increment,
which is also why django-ratelimit refuses it — docs/decisions.md).

Two ways to use it:
- count every request: `@throttled("signup-ip")` on a view (one line), or `hit(...)`;
- count failures only (identity matching, logins): `check(...)` before trying, `hit(...)`
  after a failure, `clear(...)` after a success if the rule says so.
"""

import datetime
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from certinum.accounts.models import ThrottleCounter


@dataclass(frozen=True)
class Rule:
    limit: int  # hits allowed in one window
    window: datetime.timedelta


MINUTE = datetime.timedelta(minutes=1)

# Every limit of the product, in one place. Per-IP limits stay high: a whole school
# usually reaches us from one address.
RULES: dict[str, Rule] = {
    "login-ip": Rule(limit=300, window=15 * MINUTE),  # failed logins from one address
    "password-reset-ip": Rule(limit=20, window=60 * MINUTE),
    "password-reset-email": Rule(limit=3, window=60 * MINUTE),
    "signup-ip": Rule(limit=100, window=60 * MINUTE),
    "campaign-code-ip": Rule(limit=60, window=15 * MINUTE),
    "identity-account": Rule(limit=5, window=15 * MINUTE),  # failed identity matches
    "identity-entry": Rule(limit=10, window=60 * MINUTE),
    "identity-ip": Rule(limit=100, window=15 * MINUTE),
    "invigilator-login-ip": Rule(limit=30, window=15 * MINUTE),
    "session-join-ip": Rule(limit=100, window=15 * MINUTE),
    "access-code-account": Rule(limit=10, window=15 * MINUTE),
    "verification-ip": Rule(limit=30, window=15 * MINUTE),
    # Room test: a technician tests every computer of the school, from one address.
    "room-check-ip": Rule(limit=300, window=60 * MINUTE),
    "room-check-attach-account": Rule(limit=20, window=15 * MINUTE),  # unknown codes typed
}


class Throttled(Exception):
    """Refused: too many hits. `retry_after` is in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"throttled for {retry_after} s")
        self.retry_after = retry_after

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind `NUM_PROXIES` trusted reverse proxies, the address the
    nearest of them saw (X-Forwarded-For is only trusted that far)."""
    proxies: int = getattr(settings, "NUM_PROXIES", 0)
    if proxies:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        forwarded = [part.strip() for part in header.split(",")]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "")


def _window(rule: Rule, now: datetime.datetime) -> tuple[int, datetime.datetime]:
    seconds = int(rule.window.total_seconds())
    index = int(now.timestamp()) // seconds
    return index, datetime.datetime.fromtimestamp((index + 1) * seconds, tz=datetime.UTC)


def _counter_key(name: str, key: str, index: int) -> str:
    # Hashed: keys may hold names or e-mail addresses, which have no business in a cache.
    digest = hashlib.sha256(f"{name}\x00{key}".encode()).hexdigest()[:40]
    return f"throttle:{name}:{digest}:{index}"


def _uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def _increment(counter: str, expires_at: datetime.datetime, now: datetime.datetime) -> int:
    if _uses_redis():
        timeout = max(1, int((expires_at - now).total_seconds()) + 1)
        cache.add(counter, 0, timeout)
        return int(cache.incr(counter))
    with transaction.atomic():
        if ThrottleCounter.objects.filter(key=counter).update(count=F("count") + 1):
            return ThrottleCounter.objects.get(key=counter).count
        try:
            with transaction.atomic():  # a savepoint: another worker may create it first
                ThrottleCounter.objects.create(key=counter, count=1, expires_at=expires_at)
            ThrottleCounter.objects.filter(expires_at__lt=now).delete()
            return 1
        except IntegrityError:
            ThrottleCounter.objects.filter(key=counter).update(count=F("count") + 1)
            return ThrottleCounter.objects.get(key=counter).count


def _current(counter: str) -> int:
    if _uses_redis():
        return int(cache.get(counter, 0))
    row = ThrottleCounter.objects.filter(key=counter).values_list("count", flat=True).first()
    return row or 0


def check(name: str, key: str, *, now: datetime.datetime | None = None) -> None:
    """Raise Throttled if `key` has used up rule `name` in the current window."""
    rule = RULES[name]
    now = now or timezone.now()
    index, ends_at = _window(rule, now)
    if _current(_counter_key(name, key, index)) >= rule.limit:
        raise Throttled(math.ceil((ends_at - now).total_seconds()))


def hit(name: str, key: str, *, now: datetime.datetime | None = None) -> int:
    """Count one hit of `key` under rule `name`; return the count in this window."""
    rule = RULES[name]
    now = now or timezone.now()
    index, ends_at = _window(rule, now)
    return _increment(_counter_key(name, key, index), ends_at, now)


def hit_or_refuse(name: str, key: str, *, now: datetime.datetime | None = None) -> None:
    """Count one hit, and raise Throttled if it went past the limit."""
    rule = RULES[name]
    now = now or timezone.now()
    if hit(name, key, now=now) > rule.limit:
        _index, ends_at = _window(rule, now)
        raise Throttled(math.ceil((ends_at - now).total_seconds()))


def clear(name: str, key: str, *, now: datetime.datetime | None = None) -> None:
    """Forget the current window's hits of `key` (e.g. after a successful match)."""
    index, _ends_at = _window(RULES[name], now or timezone.now())
    counter = _counter_key(name, key, index)
    if _uses_redis():
        cache.delete(counter)
    else:
        ThrottleCounter.objects.filter(key=counter).delete()


def too_many_attempts(request: HttpRequest, throttled: Throttled) -> HttpResponse:
    """The French 429 page, with the time to wait."""
    response = render(
        request, "429.html", {"retry_after_minutes": throttled.retry_after_minutes}, status=429
    )
    response["Retry-After"] = str(throttled.retry_after)
    return response


View = TypeVar("View", bound=Callable[..., HttpResponse])


def _guarded(
    counting: Callable[[str, str], object], name: str, methods: tuple[str, ...]
) -> Callable[[View], View]:
    """A view decorator answering 429 when `counting(name, client address)` refuses."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                try:
                    counting(name, client_ip(request))
                except Throttled as refusal:
                    return too_many_attempts(request, refusal)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def throttled(name: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable[[View], View]:
    """Limit a view per client address under rule `name`, counting `methods` requests:
    `@throttled("verification-ip")`."""
    return _guarded(hit_or_refuse, name, methods)


# --- Logins (django-axes hooks, see settings.AXES_*) --------------------------------------


def login_identifier(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt aims at, as typed, case and spaces aside: « Lina.Roux »
    and « lina.roux » are the same account and share one failure count."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username).strip().lower()


def login_locked_out(request: HttpRequest, credentials: dict[str, Any] | None) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return too_many_attempts(request, Throttled(minutes * 60))


def count_failed_login(sender: object, credentials: dict[str, Any], request: Any, **_: Any) -> None:
    """Receiver of `user_login_failed`: one more failure from this address."""
    if isinstance(request, HttpRequest):
        hit("login-ip", client_ip(request))


def refused_when_failing(name: str) -> Callable[[View], View]:
    """Refuse POSTs from an address that used up rule `name`; the failures themselves are
    counted elsewhere (a signal, a service). For the login forms."""
    return _guarded(check, name, ("POST",))


def throttled_message(refusal: Throttled) -> str:
    """The French sentence for a form refused by a limit."""
    minutes = refusal.retry_after_minutes
    return ngettext(
        "Trop de tentatives : par sécurité, réessaie dans %(minutes)s minute.",
        "Trop de tentatives : par sécurité, réessaie dans %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
