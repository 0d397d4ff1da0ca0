"""The two reads of the answer request, written in SQL.

Each answer of a certification test is one request: read the question and its course under
lock, store the answer, read where the candidate now is, serve the next question. Built by
the ORM, the first read (a join of three tables, two subqueries, the lock) costs about
2.5 ms of Python to compile on this project's 2-core reference machine, five times what
running it costs; written once here it costs 0.5 ms (docs/benchmarks.md, « Certification
answer loop »). Both statements are plain SQL that SQLite and PostgreSQL share; the lock is
PostgreSQL's `FOR UPDATE OF` (SQLite serialises writers with `BEGIN IMMEDIATE`). Table and
column names come from the models, so a rename cannot silently break them; the whole test
suite runs on both databases.
"""

from dataclasses import dataclass

from django.db import connection

from certinum.evaluation.models import (
    CertificationAnswer,
    CertificationChallenge,
    CertificationCourse,
)
from certinum.invigilation.models import AlertStatus, LiveAlert
from certinum.referential.models import ContentVersion

_COURSE = CertificationCourse._meta.db_table
_ITEM = CertificationChallenge._meta.db_table
_ANSWER = CertificationAnswer._meta.db_table
_ALERT = LiveAlert._meta.db_table
_VERSION = ContentVersion._meta.db_table

# The columns of a course's question, in the order `item_from_row` reads them.
ITEM_COLUMNS = (
    "id",
    "course_id",
    "index",
    "challenge_id",
    "competence_code",
    "skill_name",
    "is_neutralized",
    "is_replacement",
)
_ITEM_SELECT = ", ".join(f'i."{column}"' for column in ITEM_COLUMNS)

# Identifiers come from the models, values are parameters: nothing from a request.
_LOCKED_QUESTION = f"""
SELECT c.*,
  (SELECT v.stamp FROM {_VERSION} v WHERE v.id = 1) AS content_stamp,
  EXISTS (SELECT 1 FROM {_ALERT} a WHERE a.course_id = c.id AND a.status = %s) AS alert_ongoing,
  {", ".join(f'i."{column}" AS "item_{column}"' for column in ITEM_COLUMNS)},
  ans.id AS answer_id
FROM {_COURSE} c
JOIN {_ITEM} i ON i.course_id = c.id AND i."index" = %s
LEFT JOIN {_ANSWER} ans ON ans.certification_challenge_id = i.id
WHERE c.id = %s AND c.user_id = %s
"""  # noqa: S608

_QUESTIONS = f"""
SELECT {_ITEM_SELECT}, ans.id
FROM {_ITEM} i
LEFT JOIN {_ANSWER} ans ON ans.certification_challenge_id = i.id
WHERE i.course_id = %s AND i.is_neutralized = %s
ORDER BY i."index"
"""  # noqa: S608


def item_from_row(row: tuple[object, ...]) -> CertificationChallenge:
    """A question from its ITEM_COLUMNS (SQLite gives booleans as 0 / 1)."""
    values = list(row)
    values[6], values[7] = bool(values[6]), bool(values[7])
    return CertificationChallenge.from_db(connection.alias, ITEM_COLUMNS, values)


@dataclass(frozen=True)
class LockedQuestion:
    course: CertificationCourse  # with `content_stamp` set
    item: CertificationChallenge
    answer_id: int | None
    alert_ongoing: bool


def locked_question(*, course_id: int, user_id: int, index: int) -> LockedQuestion | None:
    """The question `index` of the user's course, the course locked until the end of the
    transaction, with whether it is answered, whether an alert is ongoing and the content
    version. None when the course or the question does not exist (for this user)."""
    sql = _LOCKED_QUESTION
    if connection.vendor == "postgresql":
        sql += " FOR UPDATE OF c"
    courses = list(
        CertificationCourse.objects.raw(sql, [AlertStatus.ONGOING.value, index, course_id, user_id])
    )
    if not courses:
        return None
    course = courses[0]
    item = item_from_row(tuple(getattr(course, f"item_{column}") for column in ITEM_COLUMNS))
    item.course = course
    return LockedQuestion(
        course=course,
        item=item,
        answer_id=getattr(course, "answer_id", None),
        alert_ongoing=bool(getattr(course, "alert_ongoing", False)),
    )


def questions_with_answer_ids(course_id: int) -> list[tuple[CertificationChallenge, int | None]]:
    """The course's questions that count (neutralized ones left out), in serving order,
    each with the id of its answer (None: not answered)."""
    with connection.cursor() as cursor:
        cursor.execute(_QUESTIONS, [course_id, False])
        rows = cursor.fetchall()
    return [(item_from_row(row[:-1]), row[-1]) for row in rows]
