"""Which module runs which (algorithm name, version).

Every stored evaluation names its algorithm and version; this table finds the code that
serves and replays it. A new version is a new module added here, never an edit of a
published one: an evaluation must replay with the rules it was served with.
"""

from __future__ import annotations

from types import ModuleType

from certinum.engine import certification_v2, smart_random

ALGORITHMS: dict[tuple[str, int], ModuleType] = {
    (smart_random.NAME, smart_random.VERSION): smart_random,
    (certification_v2.NAME, certification_v2.VERSION): certification_v2,
}


class UnknownAlgorithm(LookupError):
    """No module for this (name, version): the evaluation cannot be served or replayed."""

    def __init__(self, name: str, version: int | None) -> None:
        known = ", ".join(f"{n} v{v}" for n, v in sorted(ALGORITHMS))
        which = f"« {name} »" if version is None else f"« {name} » version {version}"
        super().__init__(f"Algorithme inconnu : {which} (connus : {known}).")
        self.name = name
        self.version = version


def algorithm(name: str, version: int) -> ModuleType:
    """The module of this exact version, or UnknownAlgorithm."""
    try:
        return ALGORITHMS[(name, version)]
    except KeyError:
        raise UnknownAlgorithm(name, version) from None


def latest(name: str) -> ModuleType:
    """The newest version of an algorithm: what a new evaluation is served with."""
    versions = [version for known, version in ALGORITHMS if known == name]
    if not versions:
        raise UnknownAlgorithm(name, None)
    return ALGORITHMS[(name, max(versions))]
