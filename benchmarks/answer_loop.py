"""The answer loop over HTTP: simulated pupils answer evaluations on the production server.

    .venv/bin/python benchmarks/answer_loop.py                 # PostgreSQL, then SQLite
    .venv/bin/python benchmarks/answer_loop.py --db sqlite --pupils 50 --no-paced

For each database it creates its own (PostgreSQL `certinum_bench_<pid>`, or a SQLite file in
a temporary folder), loads the item bank, prepares pupils through the real services (an
account, a session cookie, a started evaluation), collects the static files and starts
gunicorn with the production settings (`DEBUG` off) on 127.0.0.1. Then, for each N:

- the framework floor: N pupils request `/_benchmark/floor/` without pause (a signed-in
  view that reads the session and the user and does one insert; on only because the
  server gets `BENCHMARK_FLOOR=1`);
- saturation: N pupils answer without pause (GET the question, POST a right or wrong
  answer, start the next competence when an evaluation ends);

and once the paced regime: 200 pupils each answering on a schedule so that 150 answers/s
are offered. It reports throughput, latency percentiles, errors, and CPU per answer of the
gunicorn processes and of the PostgreSQL backends (from /proc), then stops the server and
drops what it created. Every run is bounded in time.

The answer protocol is detected: a POST sent with `HX-Request: true` answered 200 with the
next question (one request per answer, `HX-Redirect` at the end), or a 302 followed by a GET.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loadgen import Client, HTTPError, Response

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROBABILITY_RIGHT = 0.6  # pupils are right a little more often than not
SKIP = object()


# --- Preparation (runs in a subprocess with the benchmark database's settings) -------------


def django_setup() -> None:
    """Django with the benchmark database's settings (the environment the server gets)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certinum.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()


def signed_in_session(user: Any) -> str:
    """A session key for `user`, as a login would store it (without the password check)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The backend that logs people in (the first one, django-axes, only guards logins).
    session[BACKEND_SESSION_KEY] = "certinum.accounts.backends.EmailOrUsernameBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


def answer_bank() -> dict[str, dict[str, Any]]:
    """A right and a wrong answer for every challenge of the item bank, by challenge key."""
    from certinum.demo import right_answer, wrong_answer
    from certinum.engine.answers import SKIP_MARKER
    from certinum.referential.models import Challenge

    def plain(value: Any) -> Any:
        return "__skip__" if value == SKIP_MARKER else value

    return {
        challenge.key: {
            "right": plain(right_answer(challenge)),
            "wrong": plain(wrong_answer(challenge)),
        }
        for challenge in Challenge.objects.all()
    }


def prepare(count: int) -> dict[str, Any]:
    """Create `count` pupils with a session and a started evaluation each, through the real
    services, and return what the load generator needs (sessions, answers by challenge)."""
    django_setup()
    from certinum.accounts.models import User
    from certinum.learning.services import assessment_start
    from certinum.referential.models import Competence

    competences = list(Competence.objects.order_by("code"))
    pupils = []
    for index in range(count):
        user = User.objects.create(
            username=f"bench{index:04d}", first_name="Élève", last_name="Banc"
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        first = index % len(competences)
        assessment = assessment_start(user_id=user.pk, competence=competences[first])
        codes = [c.code for c in competences[first + 1 :] + competences[:first]]
        pupils.append(
            {"session": signed_in_session(user), "assessment": assessment.pk, "codes": codes}
        )
    return {"pupils": pupils, "bank": answer_bank()}


# --- One simulated pupil -----------------------------------------------------------------


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
NOT_ANSWER_FIELDS = {"csrfmiddlewaretoken", "challenge", "skip"}


@dataclass
class Recorder:
    """What happened inside the measured window (requests outside it are not counted)."""

    window: tuple[float, float] = (0.0, 0.0)
    answer: list[float] = field(default_factory=list)  # the answer POST
    cycle: list[float] = field(default_factory=list)  # POST until the next question is there
    floor: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    protocols: Counter[str] = field(default_factory=Counter)
    evaluations_started: int = 0

    def inside(self) -> bool:
        """Whether a request completing now counts: throughput is what completes inside the
        window, whenever it started (under load a request can outlast the warm-up)."""
        return self.window[0] <= time.perf_counter() <= self.window[1]


class Stop(Exception):
    """This pupil cannot go on (an error was recorded, or no competence left to start)."""


@dataclass(kw_only=True)
class Person:
    """What a simulated pupil and a simulated candidate share: a browser, the answers to
    give, the page being answered and where to record what happened."""

    client: Client
    bank: dict[str, dict[str, Any]]
    rng: random.Random
    recorder: Recorder
    csrf: str = ""
    question: str = ""  # the question page or fragment being answered

    async def post_answer(
        self, path: str, key: str, fields: list[tuple[str, str]], not_answer: set[str]
    ) -> tuple[Response, float]:
        """POST a right or wrong answer to the challenge `key` shown in `self.question`, as
        htmx does (`fields` first); returns the response and when the POST started."""
        names = [n for n in dict.fromkeys(FIELD.findall(self.question)) if n not in not_answer]
        choice = self.bank[key]["right" if self.rng.random() < PROBABILITY_RIGHT else "wrong"]
        fields = [("csrfmiddlewaretoken", self.csrf), *fields, *_answer_fields(names, choice)]
        start = time.perf_counter()
        response = await self.client.post(
            path, fields, {"HX-Request": "true", "X-CSRFToken": self.csrf, "Referer": path}
        )
        return response, start

    def count(self, start: float, posted: float) -> None:
        """One answer: the POST alone, and until the next question is on the screen."""
        if self.recorder.inside():
            self.recorder.answer.append(posted - start)
            self.recorder.cycle.append(time.perf_counter() - start)

    def keep(self, page: Response) -> None:
        self.question = page.text
        if CSRF.search(page.text):
            self.csrf = _first(CSRF, page.text)

    async def follow(self, response: Response) -> Response:
        for _ in range(4):
            if response.status not in (301, 302, 303):
                break
            response = await self.client.get(response.location)
        if response.status != 200:
            raise self.error(f"GET {response.status}")
        return response

    def error(self, kind: str) -> Stop:
        self.recorder.errors[kind] += 1
        return Stop(kind)


@dataclass(kw_only=True)
class Pupil(Person):
    assessment_path: str
    codes: list[str]

    async def open(self) -> None:
        await self._show(await self.follow(await self.client.get(self.assessment_path)))

    async def answer_once(self) -> None:
        key = _first(CHALLENGE, self.question)
        response, start = await self.post_answer(
            self.assessment_path, key, [("challenge", key)], NOT_ANSWER_FIELDS
        )
        posted = time.perf_counter()
        if "hx-redirect" in response.headers and response.status < 300:
            # The evaluation is over: htmx would load the result page.
            self.recorder.protocols["one request (HX fragment)"] += 1
            page = await self.follow(await self.client.get(response.headers["hx-redirect"]))
        elif response.status == 200:
            self.recorder.protocols["one request (HX fragment)"] += 1
            page = response
        elif response.status in (302, 303):
            self.recorder.protocols["POST, 302, GET"] += 1
            page = await self.follow(response)
        else:
            raise self.error(f"answer POST {response.status}")
        self.count(start, posted)
        await self._show(page)

    async def _show(self, page: Response) -> None:
        """Keep the question served; when the evaluation is over, start the next one."""
        while CHALLENGE.search(page.text) is None:
            if not self.codes:
                raise Stop("no competence left")
            code = self.codes.pop(0)
            csrf = _first(CSRF, page.text) if CSRF.search(page.text) else self.csrf
            started = await self.client.post(
                f"/mon-profil/competences/{code}/commencer/",
                [("csrfmiddlewaretoken", csrf)],
                {"Referer": "/mon-profil/"},
            )
            if started.status != 302:
                raise self.error(f"start POST {started.status}")
            if "/evaluations/" in started.location:
                self.assessment_path = started.location
                self.recorder.evaluations_started += 1
            page = await self.follow(started)
        self.keep(page)


def _first(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    if match is None:
        raise Stop(f"no {pattern.pattern!r} in the page")
    return match.group(1)


def _answer_fields(names: list[str], value: Any) -> list[tuple[str, str]]:
    """The form fields of an answer, named as the page names them."""
    if value == "__skip__" or not names:
        return [("skip", "1")]
    if isinstance(value, dict):
        named = {
            key: next((n for n in names if n == key or n.endswith(f"-{key}")), key) for key in value
        }
        return [(named[key], text) for key, text in value.items()]
    if isinstance(value, list):
        return [(names[0], item) for item in value]
    return [(names[0], str(value))]


# --- Regimes -------------------------------------------------------------------------------


async def _pupil_loop(pupil: Pupil, end: float, pace: float | None) -> None:
    next_at = time.perf_counter() + (pupil.rng.uniform(0, pace) if pace else 0.0)
    while True:
        if pace:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            next_at = max(next_at + pace, time.perf_counter())
        if time.perf_counter() >= end:
            return
        try:
            await pupil.answer_once()
        except Stop:
            return
        except KeyError as error:
            pupil.recorder.errors[f"unknown challenge {error}"] += 1
            return
        except HTTPError as error:
            # Counted, then the pupil reloads the page as a person would, and goes on.
            pupil.recorder.errors[str(error)[:60]] += 1
            try:
                await pupil.open()
            except (Stop, HTTPError):
                return


async def _floor_loop(client: Client, recorder: Recorder, end: float) -> None:
    while time.perf_counter() < end:
        try:
            response = await client.get("/_benchmark/floor/")
        except HTTPError as error:
            recorder.errors[str(error)[:60]] += 1
            return
        if response.status != 200:
            recorder.errors[f"floor GET {response.status}"] += 1
            return
        if recorder.inside():
            recorder.floor.append(response.elapsed)


@dataclass
class Server:
    port: int
    master_pid: int
    database: str | None  # PostgreSQL database name, None for SQLite


class CPUMeter:
    """CPU seconds of gunicorn (master and workers) and of the PostgreSQL backends of the
    benchmark database, sampled from /proc: a process that exits between two samples loses
    at most one interval."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.baseline: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.db = None
        if server.database:
            import psycopg

            self.db = psycopg.connect(POSTGRES_ADMIN, autocommit=True)

    def sample(self, *, first: bool = False) -> None:
        for kind, pid in self._processes():
            seconds = _cpu_seconds(pid)
            if seconds is None:
                continue
            if first:
                self.baseline[(kind, pid)] = seconds
            self.last[(kind, pid)] = seconds

    def totals(self) -> dict[str, float]:
        totals = {"app": 0.0, "db": 0.0}
        for (kind, pid), seconds in self.last.items():
            totals[kind] += seconds - self.baseline.get((kind, pid), 0.0)
        return totals

    def close(self) -> None:
        if self.db is not None:
            self.db.close()

    def _processes(self) -> list[tuple[str, int]]:
        master = self.server.master_pid
        found = [("app", master)] + [("app", pid) for pid in _children(master)]
        if self.db is not None:
            rows = self.db.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.server.database],
            ).fetchall()
            found += [("db", pid) for (pid,) in rows]
        return found


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime are fields 14 and 15 of stat(5); the split starts at field 3.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


async def _measure(
    server: Server, tasks: list[Any], recorder: Recorder, warmup: float, duration: float
) -> dict[str, float]:
    meter = CPUMeter(server)
    try:
        start = time.perf_counter() + warmup
        recorder.window = (start, start + duration)
        running = [asyncio.ensure_future(task) for task in tasks]
        await asyncio.sleep(warmup)
        meter.sample(first=True)
        while time.perf_counter() < recorder.window[1]:
            await asyncio.sleep(0.5)
            meter.sample()
        meter.sample()
        await asyncio.wait(running, timeout=15)
        for task in running:
            task.cancel()
        return meter.totals()
    finally:
        meter.close()


async def run_regime(
    server: Server,
    prepared: list[dict[str, Any]],
    bank: dict[str, dict[str, Any]],
    *,
    regime: str,
    warmup: float,
    duration: float,
    pace: float | None = None,
) -> dict[str, Any]:
    recorder = Recorder()
    rng = random.Random(2026)
    clients = [Client(HOST, server.port, cookies={"sessionid": p["session"]}) for p in prepared]
    if regime == "floor":
        try:
            end = time.perf_counter() + warmup + duration
            tasks = [_floor_loop(client, recorder, end) for client in clients]
            return await measured(server, tasks, recorder, regime, len(clients), warmup, duration)
        finally:
            for client in clients:
                client.close()
    pupils = [
        Pupil(
            client=c,
            assessment_path=f"/mon-profil/evaluations/{p['assessment']}/",
            codes=list(p["codes"]),
            bank=bank,
            rng=random.Random(rng.random()),
            recorder=recorder,
        )
        for c, p in zip(clients, prepared, strict=True)
    ]
    return await run_people(server, pupils, recorder, regime, warmup, duration, pace)


async def run_people(
    server: Server,
    people: list[Any],
    recorder: Recorder,
    regime: str,
    warmup: float,
    duration: float,
    pace: float | None,
) -> dict[str, Any]:
    """Open each simulated person's page, then let them answer (`open`, `answer_once`, a
    `client` and an `rng`, as `Pupil`) for the warm-up and the measured window."""
    try:
        opened = await asyncio.gather(*(p.open() for p in people), return_exceptions=True)
        for outcome in opened:
            if isinstance(outcome, BaseException):
                recorder.errors[f"opening: {outcome}"[:60]] += 1
        end = time.perf_counter() + warmup + duration
        tasks = [_pupil_loop(p, end, pace) for p in people]
        return await measured(server, tasks, recorder, regime, len(people), warmup, duration)
    finally:
        for person in people:
            person.client.close()


async def measured(
    server: Server,
    tasks: list[Any],
    recorder: Recorder,
    regime: str,
    n: int,
    warmup: float,
    duration: float,
) -> dict[str, Any]:
    client_cpu = time.process_time()
    cpu = await _measure(server, tasks, recorder, warmup, duration)
    client_cpu = time.process_time() - client_cpu
    return _summary(regime, n, recorder, cpu, duration, client_cpu)


def _percentiles(samples: list[float]) -> dict[str, float]:
    if len(samples) < 2:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000}


def _summary(
    regime: str,
    n: int,
    recorder: Recorder,
    cpu: dict[str, float],
    duration: float,
    client_cpu: float,
) -> dict[str, Any]:
    done = len(recorder.floor) if regime == "floor" else len(recorder.answer)
    per = max(done, 1)
    return {
        "regime": regime,
        "pupils": n,
        "per_second": done / duration,
        "count": done,
        "answer_ms": _percentiles(recorder.floor if regime == "floor" else recorder.answer),
        "cycle_ms": _percentiles(recorder.cycle),
        "errors": dict(recorder.errors),
        "app_cpu_ms": cpu["app"] * 1000 / per,
        "db_cpu_ms": cpu["db"] * 1000 / per,
        "client_cpu_ms": client_cpu * 1000 / per,
        "protocols": dict(recorder.protocols),
        "evaluations_started": recorder.evaluations_started,
    }


# --- Orchestration ---------------------------------------------------------------------------


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )


def show_server_errors(result: dict[str, Any], log: Path) -> None:
    """Server errors are bugs: show the end of the server's log with its traceback."""
    if any(" 5" in str(kind) for kind in result.get("errors", {})):
        print(log.read_text(errors="replace")[-4000:], file=sys.stderr)


def _wait_until_answering(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    import http.client

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped at start:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def production_server(
    kind: str, args: argparse.Namespace, prepare_command: list[str]
) -> Iterator[tuple[Server, dict[str, Any], Path]]:
    """A database of its own (PostgreSQL `certinum_bench_<pid>` or a SQLite file), migrated
    with the item bank loaded, prepared by `prepare_command` (a script run with the server's
    environment that prints JSON), and gunicorn serving it with the production settings:
    yields the server, what the preparation printed and the server's log; then stops the
    server and drops everything."""
    workdir = Path(tempfile.mkdtemp(prefix="certinum_bench_"))
    database = f"certinum_bench_{os.getpid()}" if kind == "postgres" else None
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "false",  # plain HTTP on the loopback, as `make demo`
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "BENCHMARK_FLOOR": "1",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"{HOST}:{args.port}",
        "DATABASE_URL": (
            f"postgres://postgres@127.0.0.1:5432/{database}"
            if database
            else f"sqlite:///{workdir / 'bench.sqlite3'}"
        ),
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    if args.conn_max_age is not None:
        env["DATABASE_CONN_MAX_AGE"] = str(args.conn_max_age)
    process = None
    try:
        if database:
            import psycopg

            with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{database}"')
        print(f"[{kind}] migrate, load_content, collectstatic…", flush=True)
        _manage(env, "migrate", "--no-input")
        _manage(env, "createcachetable")
        _manage(env, "load_content")
        _manage(env, "collectstatic", "--no-input")
        started = time.perf_counter()
        prepared = json.loads(
            subprocess.run(
                [sys.executable, *prepare_command],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
                timeout=900,
            ).stdout
        )
        print(f"[{kind}] prepared in {time.perf_counter() - started:.0f} s", flush=True)
        log = workdir / "gunicorn.log"
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "python:certinum.gunicorn_conf",
                    "certinum.wsgi",
                ],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        _wait_until_answering(args.port, process, log)
        yield Server(args.port, process.pid, database), prepared, log
    finally:
        if process is not None:
            _stop(process)
        if database:
            import psycopg

            with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)


def bench_database(kind: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    sizes = args.pupils
    paced = 200 if args.paced else 0
    total = sum(sizes) + paced
    print(f"[{kind}] preparing {total} pupils through the services…", flush=True)
    with production_server(kind, args, [__file__, "--prepare", str(total)]) as (
        server,
        prepared,
        log,
    ):
        results = []
        offset = 0
        for n in sizes:
            group = prepared["pupils"][offset : offset + n]
            offset += n
            for regime in ("floor", "saturation"):
                result = asyncio.run(
                    run_regime(
                        server,
                        group,
                        prepared["bank"],
                        regime=regime,
                        warmup=args.warmup,
                        duration=args.duration,
                    )
                )
                result["db"] = kind
                results.append(result)
                print_line(result)
                show_server_errors(result, log)
        if paced:
            group = prepared["pupils"][offset : offset + paced]
            result = asyncio.run(
                run_regime(
                    server,
                    group,
                    prepared["bank"],
                    regime=f"paced {args.rate}/s",
                    warmup=args.warmup,
                    duration=args.duration,
                    pace=paced / args.rate,
                )
            )
            result["db"] = kind
            results.append(result)
            print_line(result)
        return results


def print_line(r: dict[str, Any]) -> None:
    a, c = r["answer_ms"], r["cycle_ms"]
    print(
        f"  {r['db']:8} {r['regime']:14} N={r['pupils']:<4} {r['per_second']:7.1f}/s  "
        f"req p50/p95/p99 {a['p50']:6.1f} {a['p95']:6.1f} {a['p99']:6.1f} ms  "
        f"cycle p95 {c['p95']:6.1f} ms  app {r['app_cpu_ms']:5.1f} ms  db {r['db_cpu_ms']:4.1f} ms"
        f"  client {r['client_cpu_ms']:4.1f} ms  errors {sum(r['errors'].values())} "
        f"{r['errors'] or ''} {r['protocols'] or ''}",
        flush=True,
    )


def print_table(results: list[dict[str, Any]], people: str = "pupils") -> None:
    floors = {(r["db"], r["pupils"]): r for r in results if r["regime"] == "floor"}
    print()
    print(
        f"| database | regime | {people} | answers/s | floor req/s | ratio | answer POST p50 / p95 "
        "/ p99 (ms) | answer cycle p50 / p95 / p99 (ms) | errors | app CPU ms/answer | "
        "db CPU ms/answer |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        if r["regime"] == "floor":
            continue
        floor = floors.get((r["db"], r["pupils"]))
        paced = r["regime"] != "saturation"  # the paced rate is chosen, not a capacity
        ratio = f"{r['per_second'] / floor['per_second']:.2f}" if floor and not paced else "—"
        floor_rate = f"{floor['per_second']:.0f}" if floor else "—"
        a, c = r["answer_ms"], r["cycle_ms"]
        print(
            f"| {r['db']} | {r['regime']} | {r['pupils']} | {r['per_second']:.1f} | {floor_rate} "
            f"| {ratio} | {a['p50']:.0f} / {a['p95']:.0f} / {a['p99']:.0f} | "
            f"{c['p50']:.0f} / {c['p95']:.0f} / {c['p99']:.0f} | {sum(r['errors'].values())} | "
            f"{r['app_cpu_ms']:.1f} | {r['db_cpu_ms']:.1f} |"
        )
    print()
    print(
        f"| database | floor, {people} | req/s | p50 / p95 (ms) | app CPU ms/req | db CPU ms/req |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for r in floors.values():
        a = r["answer_ms"]
        print(
            f"| {r['db']} | {r['pupils']} | {r['per_second']:.0f} | {a['p50']:.0f} / "
            f"{a['p95']:.0f} | {r['app_cpu_ms']:.1f} | {r['db_cpu_ms']:.1f} |"
        )


def _postgres_answers() -> bool:
    import psycopg

    try:
        psycopg.connect(POSTGRES_ADMIN, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every HTTP benchmark on the production server takes."""
    parser.add_argument("--db", choices=["postgres", "sqlite", "both"], default="both")
    parser.add_argument("--duration", type=float, default=15.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--rate", type=float, default=150.0, help="answers/s offered (paced)")
    parser.add_argument("--no-paced", dest="paced", action="store_false")
    parser.add_argument("--port", type=int, default=18050)
    parser.add_argument("--workers", type=int, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--threads", type=int, help="threads per worker (GUNICORN_THREADS)")
    parser.add_argument("--conn-max-age", type=int, help="DATABASE_CONN_MAX_AGE for the run")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")


def run_benchmark(
    parser: argparse.ArgumentParser,
    prepare: Callable[[int], dict[str, Any]],
    bench: Callable[[str, argparse.Namespace], list[dict[str, Any]]],
    people: str,
) -> None:
    """Run `bench` on each database asked for, then print the tables (and the JSON); with
    `--prepare N` (how `bench` calls this script back), print what `prepare(N)` returns."""
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare(args.prepare)))
        return
    # A SIGTERM stops like Ctrl+C: through the `finally` blocks that clean up.
    signal.signal(signal.SIGTERM, _interrupt)
    print(
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load average "
        f"{os.getloadavg()[0]:.1f}; "
        f"{args.duration:.0f} s measured after {args.warmup:.0f} s of warm-up per run"
    )
    kinds = ["postgres", "sqlite"] if args.db == "both" else [args.db]
    if "postgres" in kinds and not _postgres_answers():
        sys.exit("PostgreSQL does not answer on 127.0.0.1:5432 (user postgres): use --db sqlite.")
    results: list[dict[str, Any]] = []
    for kind in kinds:
        results += bench(kind, args)
    print_table(results, people)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(parser)
    parser.add_argument(
        "--pupils",
        type=lambda s: [int(n) for n in s.split(",")],
        default=[10, 50, 200],
        help="comma-separated N (default 10,50,200)",
    )
    run_benchmark(parser, prepare, bench_database, "pupils")


if __name__ == "__main__":
    main()
