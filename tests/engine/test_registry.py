"""The registry finds the module of a stored (algorithm name, version)."""

import pytest

from certinum.engine import registry, smart_random


def test_a_known_version_gives_its_module():
    assert registry.algorithm("smart-random", 1) is smart_random
    assert registry.latest("smart-random") is smart_random


@pytest.mark.parametrize(("name", "version"), [("smart-random", 2), ("flash", 1), ("", 1)])
def test_an_unknown_version_is_refused_with_the_known_ones(name, version):
    with pytest.raises(registry.UnknownAlgorithm) as refused:
        registry.algorithm(name, version)

    assert str(refused.value) == (
        f"Algorithme inconnu : « {name} » version {version} "
        "(connus : certification-v2 v1, smart-random v1)."
    )


def test_an_unknown_algorithm_has_no_latest_version():
    with pytest.raises(registry.UnknownAlgorithm, match="« flash » \\(connus"):
        registry.latest("flash")


@pytest.mark.parametrize("module", sorted(set(registry.ALGORITHMS.values()), key=str))
def test_every_registered_module_has_the_shape_of_docs_engine_md(module):
    assert (module.NAME, module.VERSION) in registry.ALGORITHMS
    assert module.Config.from_dict(module.Config().to_dict()) == module.Config()
    for function in ("estimate", "stop", "select", "next_step", "replay"):
        assert callable(getattr(module, function)), function


def test_a_newer_version_becomes_the_latest(monkeypatch):
    newer = object()
    monkeypatch.setitem(registry.ALGORITHMS, ("smart-random", 2), newer)

    assert registry.latest("smart-random") is newer
    assert registry.algorithm("smart-random", 1) is smart_random
