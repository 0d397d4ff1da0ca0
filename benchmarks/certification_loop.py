"""The certification answer loop over HTTP: candidates answer their test on the production server.

    .venv/bin/python benchmarks/certification_loop.py            # PostgreSQL, then SQLite
    .venv/bin/python benchmarks/certification_loop.py --db sqlite --candidates 50 --no-paced

The harness of `answer_loop.py` (its own database, production settings, gunicorn, the
framework floor, CPU from /proc, the lean client of `loadgen.py`) with certification
candidates instead of pupils. Preparation goes through the real services: a certification
center, sessions of 25 to 30 candidates, each candidate a user with a certifiable profile
(knowledge elements written in bulk, as the tests' `give_profile`), linked to the candidate
and authorized by `candidate_authorize`, a course created by `course_enter` with its
instructions seen, and a session cookie. Then, on the same server:

- the framework floor: N candidates request `/_benchmark/floor/` without pause;
- saturation: N candidates answer without pause, each answer one htmx POST (`HX-Request:
  true`) answered 200 with the next question (`HX-Redirect` at the end of the test);
- paced: N candidates answering on a schedule so that `--rate` answers/s are offered.

A candidate whose test ends takes a fresh course (another candidate of another session,
prepared in advance), so the load goes on; courses left unfinished when a regime ends are
resumed by the next regime. A timed question's warning is followed by « Afficher la
question » (`?pret=1`), outside the measured request.
"""

import argparse
import asyncio
import datetime
import random
import re
import time
from dataclasses import dataclass
from typing import Any

from answer_loop import (
    HOST,
    Person,
    Recorder,
    Server,
    Stop,
    _first,
    add_run_arguments,
    answer_bank,
    django_setup,
    print_line,
    production_server,
    run_benchmark,
    run_people,
    run_regime,
    show_server_errors,
    signed_in_session,
)
from loadgen import Client, Response

SESSION_SIZES = (25, 30)  # candidates per session, as in a school's rooms
INDEX = re.compile(r'name="index" value="(\d+)"')
READY = re.compile(r'href="([^"]*\?pret=1)"')
NOT_ANSWER_FIELDS = {"csrfmiddlewaretoken", "index", "skip"}


# --- Preparation (runs in a subprocess with the benchmark database's settings) -------------


def prepare(count: int) -> dict[str, Any]:
    """`count` certification courses ready to answer, each with its own candidate and user,
    and the answers by challenge."""
    django_setup()
    from certinum.accounts.models import User
    from certinum.centers.models import Candidate, CertificationCenter, Session
    from certinum.evaluation.services import course_enter, instructions_seen
    from certinum.invigilation.services import candidate_authorize
    from certinum.learning.models import KnowledgeElement
    from certinum.orga.models import OrganizationType
    from certinum.referential.models import Competence, Skill

    rng = random.Random(2026)
    now = datetime.datetime.now(tz=datetime.UTC)
    center = CertificationCenter.objects.create(
        name="Centre du banc d'essai", type=OrganizationType.SCO
    )
    users = []
    for index in range(count):
        user = User(username=f"candidat{index:04d}", first_name="Candidat", last_name="Banc")
        user.set_unusable_password()
        users.append(user)
    users = User.objects.bulk_create(users)

    # A certifiable profile: 5 to 16 competences, each validated up to level 1 to 3.
    skills: dict[int, list[Any]] = {}
    for skill in Skill.objects.select_related("tube"):
        skills.setdefault(skill.tube.competence_id, []).append(skill)
    competences = list(Competence.objects.order_by("code"))
    elements = []
    for user in users:
        for competence in rng.sample(competences, rng.randint(5, len(competences))):
            level = rng.randint(1, 3)
            elements += [
                KnowledgeElement(
                    user=user,
                    skill=skill,
                    competence=competence,
                    status="validated",
                    source="direct",
                    earned_pix=skill.pix_value,
                    created_at=now,
                )
                for skill in skills.get(competence.pk, [])
                if skill.level <= level
            ]
    KnowledgeElement.objects.bulk_create(elements, batch_size=2000)

    candidates = []
    offset = 0
    while offset < count:
        size = rng.randint(*SESSION_SIZES)
        session = Session.objects.create(
            center=center,
            address="1 rue de l'École",
            room=f"Salle {offset // SESSION_SIZES[0] + 1}",
            date=now.date(),
            time=datetime.time(9, 0),
            examiners="Nadia Haddad",
        )
        candidates += Candidate.objects.bulk_create(
            Candidate(
                session=session,
                user=user,
                last_name="Banc",
                first_name=f"Candidat {offset + n}",
                birthdate=datetime.date(2011, 5, 4),
            )
            for n, user in enumerate(users[offset : offset + size])
        )
        offset += size

    courses = []
    for candidate, user in zip(candidates, users, strict=True):
        candidate_authorize(candidate=candidate, authorized=True)
        course = course_enter(candidate_id=candidate.pk, user=user)
        instructions_seen(course=course)
        keys = dict(course.challenges.values_list("index", "challenge__key"))
        courses.append(
            {"session": signed_in_session(user), "course": course.pk, "keys": keys, "done": 0}
        )
    return {"courses": courses, "bank": answer_bank()}


# --- One simulated candidate --------------------------------------------------------------


@dataclass(kw_only=True)
class Candidate(Person):
    """One browser in the room; it takes the next course of `pool` when its test ends."""

    pool: list[dict[str, Any]]  # courses not started yet or left unfinished, shared
    course: dict[str, Any] | None = None

    @property
    def path(self) -> str:
        assert self.course is not None
        return f"/certification/test/{self.course['course']}/"

    async def open(self) -> None:
        if self.course is None:
            self._take_a_course()
        await self._show(await self.follow(await self.client.get(self.path)))

    async def answer_once(self) -> None:
        assert self.course is not None
        index = _first(INDEX, self.question)
        key = self.course["keys"][index]
        response, start = await self.post_answer(
            self.path, key, [("index", index)], NOT_ANSWER_FIELDS
        )
        posted = time.perf_counter()
        if response.status != 200:
            raise self.error(f"answer POST {response.status}")
        if "hx-redirect" in response.headers:
            # The test is over: htmx loads the end screen.
            self.recorder.protocols["one request, end of test"] += 1
            page = await self.follow(await self.client.get(response.headers["hx-redirect"]))
            self.course["done"] = 1
        else:
            self.recorder.protocols["one request (HX fragment)"] += 1
            page = response
        self.count(start, posted)
        if self.course["done"]:
            self.recorder.evaluations_started += 1  # here: fresh courses taken
            self._take_a_course()
            page = await self.follow(await self.client.get(self.path))
        await self._show(page)

    def give_back(self) -> None:
        """An unfinished course goes back to the pool: the next regime resumes it."""
        if self.course is not None and not self.course["done"]:
            self.pool.insert(0, self.course)
        self.course = None

    def _take_a_course(self) -> None:
        if not self.pool:
            self.course = None
            raise Stop("no fresh course left")
        self.course = self.pool.pop(0)
        self.client.close()  # another candidate, another browser
        self.client.cookies = {"sessionid": self.course["session"]}

    async def _show(self, page: Response) -> None:
        """Keep the question served; a timed question's warning is acknowledged first."""
        if INDEX.search(page.text) is None and (ready := READY.search(page.text)):
            page = await self.follow(await self.client.get(ready.group(1)))
        if INDEX.search(page.text) is None:
            raise self.error("no question on the test page")
        self.keep(page)


async def run_candidates(
    server: Server,
    pool: list[dict[str, Any]],
    bank: dict[str, dict[str, Any]],
    *,
    n: int,
    regime: str,
    warmup: float,
    duration: float,
    pace: float | None = None,
) -> dict[str, Any]:
    recorder = Recorder()
    rng = random.Random(2026)
    candidates = [
        Candidate(
            client=Client(HOST, server.port),
            pool=pool,
            bank=bank,
            rng=random.Random(rng.random()),
            recorder=recorder,
        )
        for _ in range(n)
    ]
    try:
        result = await run_people(server, candidates, recorder, regime, warmup, duration, pace)
    finally:
        for candidate in candidates:
            candidate.give_back()
    result["fresh_courses"] = recorder.evaluations_started
    result["courses_left"] = len(pool)
    return result


def bench_database(kind: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    total = args.candidates + args.spares
    print(f"[{kind}] preparing {total} certification courses through the services…", flush=True)
    command = [__file__, "--prepare", str(total)]
    with production_server(kind, args, command) as (server, prepared, log):
        pool, bank = prepared["courses"], prepared["bank"]
        questions = [len(c["keys"]) for c in pool]
        print(
            f"[{kind}] {len(pool)} courses of {min(questions)}–{max(questions)} questions "
            f"(mean {sum(questions) / len(questions):.0f})",
            flush=True,
        )
        n = args.candidates
        floor = asyncio.run(
            run_regime(
                server,
                pool[:n],
                {},
                regime="floor",
                warmup=args.warmup,
                duration=args.duration,
            )
        )
        regimes = [("saturation", None)]
        if args.paced:
            regimes.append((f"paced {args.rate:.0f}/s", n / args.rate))
        results = [floor]
        for regime, pace in regimes:
            results.append(
                asyncio.run(
                    run_candidates(
                        server,
                        pool,
                        bank,
                        n=n,
                        regime=regime,
                        warmup=args.warmup,
                        duration=args.duration,
                        pace=pace,
                    )
                )
            )
        for result in results:
            result["db"] = kind
            print_line(result)
            if "fresh_courses" in result:
                print(
                    f"    fresh courses taken: {result['fresh_courses']}, "
                    f"courses left in the pool: {result['courses_left']}"
                )
            show_server_errors(result, log)
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(parser)
    parser.add_argument("--candidates", type=int, default=200, help="concurrent candidates")
    parser.add_argument(
        "--spares", type=int, default=100, help="fresh courses prepared for ended tests"
    )
    run_benchmark(parser, prepare, bench_database, "candidates")


if __name__ == "__main__":
    main()
