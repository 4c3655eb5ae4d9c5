"""The search names a GIAS import's staging table computes in SQL (`normalise_sql`) are those
`normalise` makes in Python, for every ASCII name: the register's search finds a school by the
same words whichever made its name."""

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from schools.searching import normalise, normalise_sql

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL form is PostgreSQL's"),
]

# Words that begin or make up a phrase, words that do not, and the characters between them.
WORDS = ["church", "of", "england", "c", "e", "r", "roman", "catholic", "cofe", "saint", "st",
         "ce", "rc", "west", "primary", "school", "peter's", "2", "and", "cof", "saints",
         "ch'urch", "sai`nt", "co'fe", "_c", "r_"]
GLUE = [" ", "  ", "-", "&", "'", "`", ".", ",", "/", "(", ")", " & ", "\t", "!"]


def sql_normal_form(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {normalise_sql('v.name')} FROM (VALUES (%s)) AS v(name)",
                       [text])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("name", [
    "St Peter's C of E Primary", "saint peters church of england", "R C E School",
    "r c of e", "Holy Trinity CE (VA) School", "Roman Catholic & C.E. Federation",
    "West Hill", "COFE", "  ", "'", "&", "St Mary's RC", "c e c e c", "Church of England",
    "church of", "ROMAN  catholic", "Ann's-&-Bob's", "cof e", "c of england",
    "Ch'urch of England", "r`c", "sa'int peter", "x_c_e", "c'e", "2c e",
])
def test_named_cases_agree(name):
    assert sql_normal_form(name) == normalise(name)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE),
                          st.sampled_from(["lower", "upper", "title"])), max_size=9))
def test_any_ascii_name_of_phrase_words_agrees(parts):
    name = "".join(getattr(word, case)() + glue for word, glue, case in parts)
    assert sql_normal_form(name) == normalise(name)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=127), max_size=40))
def test_any_ascii_text_agrees(text):
    assert sql_normal_form(text) == normalise(text)
