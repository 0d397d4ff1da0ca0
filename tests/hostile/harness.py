"""Send hostile inputs and check the two promises: never a server error, never a change
that was not asked for (every table's row count is compared before and after)."""

from collections.abc import Iterable

from django.apps import apps
from django.db import connection
from django.test import Client

# Tables that may grow on a refused request: rate-limit counters, login attempts, sessions,
# the cache table and transition logs of reads are bookkeeping, not user data.
BOOKKEEPING = {
    "accounts.ThrottleCounter",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "sessions.Session",
}


def row_counts() -> dict[str, int]:
    """Every table's row count, in one query (the corpus sends thousands of requests)."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.label not in BOOKKEEPING and model._meta.managed
    ]
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models]
    # Table names of our own models, quoted: nothing here comes from a request.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, counts, strict=True)}


def send_all(
    client: Client, requests: Iterable[tuple[str, str, dict]], *, changes_allowed: bool = False
) -> list[str]:
    """Send (method, url, data) requests; return a description of each broken promise."""
    problems = []
    for method, url, data in requests:
        before = row_counts()
        try:
            response = getattr(client, method)(url, data)
        except Exception as error:  # the test client re-raises server errors
            problems.append(f"{method.upper()} {url} {short(data)}: {type(error).__name__}")
            continue
        if response.status_code >= 500:
            problems.append(f"{method.upper()} {url} {short(data)}: {response.status_code}")
        elif not changes_allowed and (after := row_counts()) != before:
            changed = {k: (v, after[k]) for k, v in before.items() if after[k] != v}
            problems.append(f"{method.upper()} {url} {short(data)}: changed {changed}")
    return problems


def short(data: dict) -> str:
    return repr(
        {k: (v[:30] + "…" if isinstance(v, str) and len(v) > 30 else v) for k, v in data.items()}
    )[:160]
