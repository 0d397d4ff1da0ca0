"""Guessable secrets are throttled: the counters, the one-line decorator, and each place
that uses them today (login per account and per address, the admin's login, password
reset, sign-up). Refusals are a French 429 page that says when to try again."""

import datetime
import threading

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from certinum.accounts import throttle
from certinum.accounts.models import ThrottleCounter
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def small_rules(monkeypatch):
    """Limits small enough to reach in a test."""
    rules = {
        name: throttle.Rule(limit=3, window=rule.window) for name, rule in throttle.RULES.items()
    }
    monkeypatch.setattr(throttle, "RULES", rules)
    return rules


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 30


def test_hits_are_counted_per_rule_and_key(small_rules):
    assert throttle.hit("signup-ip", "10.0.0.1", now=NOON) == 1
    assert throttle.hit("signup-ip", "10.0.0.1", now=NOON) == 2
    assert throttle.hit("signup-ip", "10.0.0.2", now=NOON) == 1
    assert throttle.hit("login-ip", "10.0.0.1", now=NOON) == 1


def test_past_the_limit_it_refuses_until_the_window_ends(small_rules):
    for _ in range(3):
        throttle.hit_or_refuse("signup-ip", "10.0.0.1", now=NOON)
    with pytest.raises(throttle.Throttled) as refusal:
        throttle.hit_or_refuse("signup-ip", "10.0.0.1", now=NOON)
    assert refusal.value.retry_after == 3600  # the hour-long window started at noon
    assert refusal.value.retry_after_minutes == 60
    later = NOON + datetime.timedelta(hours=1)
    throttle.hit_or_refuse("signup-ip", "10.0.0.1", now=later)  # a new window


def test_check_refuses_without_counting_and_clear_forgets(small_rules):
    for _ in range(3):
        throttle.hit("identity-account", "42", now=NOON)
    with pytest.raises(throttle.Throttled):
        throttle.check("identity-account", "42", now=NOON)
    throttle.clear("identity-account", "42", now=NOON)
    throttle.check("identity-account", "42", now=NOON)


def test_counters_keep_no_personal_data_and_expired_ones_are_purged(small_rules):
    throttle.hit("password-reset-email", "lina@example.org", now=NOON)
    assert "lina" not in ThrottleCounter.objects.get().key
    throttle.hit("password-reset-email", "tom@example.org", now=NOON + datetime.timedelta(days=1))
    assert ThrottleCounter.objects.count() == 1


def test_redis_counts_the_same_way(settings, small_rules):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        }
    }
    key = f"redis-test-{timezone.now().timestamp()}"
    assert [throttle.hit("signup-ip", key) for _ in range(3)] == [1, 2, 3]
    with pytest.raises(throttle.Throttled):
        throttle.check("signup-ip", key)
    throttle.clear("signup-ip", key)
    throttle.check("signup-ip", key)
    assert not ThrottleCounter.objects.exists()


def test_the_client_address_trusts_forwarded_headers_only_behind_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    settings.NUM_PROXIES = 0
    assert throttle.client_ip(request) == "10.0.0.9"
    settings.NUM_PROXIES = 1
    assert throttle.client_ip(request) == "5.6.7.8"


# --- Logins -------------------------------------------------------------------------------


def log_in(client, username, password, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_thirty_wrong_passwords_lock_the_account_for_a_while(client, pupil, lockout):
    for attempt in range(29):
        # Any spelling of the login counts against the same account.
        response = log_in(client, "Lina.Roux" if attempt % 2 else "lina.roux ", "mauvais")
        assert response.status_code == 200
    assert log_in(client, "lina.roux", "mauvais").status_code == 429  # the 30th
    response = log_in(client, "lina.roux", PASSWORD)  # now even the right password
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives" in page
    assert "Réessayez dans 15 minutes." in page
    assert not response.wsgi_request.user.is_authenticated
    # After the cool-off the pupil can log in again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert log_in(client, "lina.roux", PASSWORD).status_code == 302


def test_a_locked_account_does_not_lock_its_classmates(client, pupil, other_pupil, lockout):
    for _ in range(30):
        log_in(client, "lina.roux", "mauvais")
    assert log_in(client, "tom.petit", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_like_ours(client, staff, lockout):
    for _ in range(30):
        client.post(reverse("admin:login"), {"username": staff.username, "password": "non"})
    response = client.post(
        reverse("admin:login"), {"username": staff.username, "password": PASSWORD}
    )
    assert response.status_code == 429


def test_failures_from_one_address_are_limited_too(client, pupil, other_pupil, small_rules):
    for name in ("a", "b", "c"):
        log_in(client, name, "x", REMOTE_ADDR="10.1.1.1")
    assert log_in(client, "tom.petit", PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 429
    assert log_in(client, "tom.petit", PASSWORD, REMOTE_ADDR="10.1.1.2").status_code == 302
    admin_try = client.post(
        reverse("admin:login"), {"username": "a", "password": "b"}, REMOTE_ADDR="10.1.1.1"
    )
    assert admin_try.status_code == 429


# --- Password reset and sign-up ------------------------------------------------------------


def test_password_reset_mails_an_address_a_few_times_then_stays_silent(client, teacher):
    url = reverse("accounts:password_reset")
    for _ in range(5):
        response = client.post(url, {"email": "prof@college.example"})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_address(client, teacher, small_rules):
    url = reverse("accounts:password_reset")
    for number in range(3):
        client.post(url, {"email": f"inconnu{number}@example.org"})
    response = client.post(url, {"email": "prof@college.example"})
    assert response.status_code == 429
    assert mail.outbox == []


def test_sign_up_is_limited_per_address(client, db, small_rules):
    url = reverse("accounts:signup")
    for _ in range(3):
        assert client.post(url, {"username": ""}).status_code == 200  # invalid forms count too
    response = client.post(url, {"username": ""})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert client.get(url).status_code == 200  # reading the form is not limited


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_hits_are_all_counted():
    barrier = threading.Barrier(8)

    def hit_ten_times() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                throttle.hit("signup-ip", "10.9.9.9", now=NOON)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hit_ten_times) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert ThrottleCounter.objects.get().count == 80
