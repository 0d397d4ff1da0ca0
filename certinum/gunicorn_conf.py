"""gunicorn's configuration for Certinum (production and `make demo`):
`gunicorn -c python:certinum.gunicorn_conf certinum.wsgi`.

Every value can be changed by an environment variable (docs/deployment.md) or on gunicorn's
command line, which wins over this file.
"""

import os

_cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django spends most of a request in Python (the GIL): processes give the parallelism,
# a few threads per process overlap the waits on the database and slow clients, and the
# threaded worker keeps HTTP connections alive between a pupil's requests.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cores))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
keepalive = 5
# An answer takes milliseconds: a request still running after 30 s is stuck.
timeout = 30
graceful_timeout = 20
# Load the application before forking: workers share its memory and a broken
# configuration stops the start at once, with its message, instead of in every worker.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Only a proxy on this machine may say which scheme and client it speaks for.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def post_fork(server: object, worker: object) -> None:
    """A connection opened while loading the application must not be shared by the forked
    workers (two processes on one socket corrupt each other's queries)."""
    from django.db import connections

    connections.close_all()
