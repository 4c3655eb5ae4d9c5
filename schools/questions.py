"""Questions about a school that only an app above schools can answer (DESIGN §4).

Partnerships needs to know whether a school is outstanding (Warwickshire's consortium lead is
"a headteacher from an outstanding school"), but Ofsted outcomes live in categorisation, which
partnerships may not import. So the question is asked here, below both: categorisation
registers the answer in its AppConfig.ready(), and partnerships asks schools.

    from schools import questions
    questions.answer_with("is_outstanding", my_function)   # school -> Answer

An `Answer` is (met, reason) with `met` True, False or None ("the data to decide is not in the
product"); `ask` returns None when no app answers the question.
"""

from collections.abc import Callable
from typing import NamedTuple

from schools.models import School


class Answer(NamedTuple):
    met: bool | None
    reason: str


QUESTIONS = ("is_outstanding",)
_ANSWERERS: dict[str, Callable[[School], Answer]] = {}


def answer_with(question: str, answerer: Callable[[School], Answer] | None) -> None:
    """Install (or with None remove) the function that answers a question."""
    if question not in QUESTIONS:
        raise ValueError(f"Unknown question {question!r}; expected one of {QUESTIONS}.")
    if answerer is None:
        _ANSWERERS.pop(question, None)
    else:
        _ANSWERERS[question] = answerer


def answerer_of(question: str) -> Callable[[School], Answer] | None:
    """The installed answerer (so a test can put it back after replacing it)."""
    return _ANSWERERS.get(question)


def ask(question: str, school: School) -> Answer | None:
    answerer = _ANSWERERS.get(question)
    return None if answerer is None else answerer(school)
