"""URL converters. Ids in URLs are bounded so that an absurd id is a 404, never an
`OverflowError` from the database driver (PostgreSQL bigint and SQLite integers stop at
2⁶³ − 1)."""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    """A positive database id: 1 to 19 digits, at most 2⁶³ − 1."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError  # the URL does not match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
