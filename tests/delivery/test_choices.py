"""Model choices are built from the engine's enums: they must never drift apart."""

from certinum.engine.answers import AnswerStatus
from certinum.engine.positioning import KESource, KEStatus
from certinum.learning.models import AnswerResult, KnowledgeElement


def test_answer_results_are_the_engine_statuses():
    assert set(AnswerResult.values) == {status.value for status in AnswerStatus}


def test_knowledge_element_statuses_and_sources_are_the_engine_ones():
    assert set(KnowledgeElement.Status.values) == {status.value for status in KEStatus}
    assert set(KnowledgeElement.Source.values) == {source.value for source in KESource}
