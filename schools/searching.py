"""How a school is found by a sloppy name: one normal form for the names stored (at write time,
in `Establishment.search_name` and `EstablishmentLink.linked_search_name`) and for what people
type, so "St Peter's C of E" and "saint peters church of england" meet, on SQLite and
PostgreSQL alike. The normal form is pure; `school_search` builds the query from it."""

import re
import unicodedata

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace, Upper

# Joined, not spaced: "Peter's" is "peters", as people type it without the apostrophe.
_JOINING = str.maketrans("", "", "'’‘`´")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Phrases with one spelling in the normal form, longest first. Tokens, not substrings: "st"
# inside "west" is left alone.
_PHRASES: list[tuple[tuple[str, ...], str]] = [
    (("church", "of", "england"), "ce"),
    (("c", "of", "e"), "ce"),
    (("roman", "catholic"), "rc"),
    (("c", "e"), "ce"),
    (("r", "c"), "rc"),
    (("cofe",), "ce"),
    (("saint",), "st"),
]
_PHRASE_STARTS = frozenset(phrase[0] for phrase, _spelling in _PHRASES)


def normalise(text: str) -> str:
    """The normal form of a name or a query: no case, no accents, no punctuation, words single
    spaced, and St/Saint, CE/C of E/Church of England, RC/Roman Catholic, &/and each spelled
    one way ("st", "ce", "rc", "and"). "" when nothing is left (only punctuation).

    Runs for every row of a GIAS import (25,000 names and more), so the common cases are short:
    an ASCII name has no accents to take off, and only a word that can begin a phrase is
    compared with the phrases."""
    text = text or ""
    if text.isascii():
        text = text.lower()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    tokens = [token for token in _NOT_WORD.split(text.translate(_JOINING).replace("&", " and "))
              if token]
    out: list[str] = []
    at = 0
    while at < len(tokens):
        if tokens[at] in _PHRASE_STARTS:
            for phrase, spelling in _PHRASES:
                if tuple(tokens[at:at + len(phrase)]) == phrase:
                    out.append(spelling)
                    at += len(phrase)
                    break
            else:
                out.append(tokens[at])
                at += 1
        else:
            out.append(tokens[at])
            at += 1
    return " ".join(out)


def _phrase_groups() -> list[tuple[str, list[tuple[str, ...]]]]:
    groups: dict[str, list[tuple[str, ...]]] = {}
    for phrase, spelling in _PHRASES:
        groups.setdefault(spelling, []).append(phrase)
    return list(groups.items())


def normalise_sql(column: str) -> str:
    """`normalise` as a PostgreSQL expression of `column`, for ASCII text only (a caller makes
    the normal form of other text in Python). A GIAS import's staging table computes the
    search names with it, in the database's process while Python reads the rest of the file.

    The phrases are replaced in one left-to-right pass, as `normalise` scans its words: each
    is first marked with its group's position (`<words||>` for the first of three spellings),
    then the marks are spelled; replacing phrase after phrase would read "r c e" as "r ce"
    where the words give "rc e". Tested against `normalise` (tests/test_search_names_sql.py).
    """
    groups = _phrase_groups()
    words = (f"btrim(regexp_replace(replace(translate(lower({column}), '''`', ''), '&', "
             "' and '), '[^0-9a-z]+', ' ', 'g'))")
    alternatives = "|".join("(" + "|".join(" ".join(phrase) for phrase in phrases) + ")"
                            for _spelling, phrases in groups)
    marks = "|".join(f"\\{at}" for at in range(1, len(groups) + 1))
    text = (f"regexp_replace(' ' || {words} || ' ', ' (?:{alternatives})(?= )', ' <{marks}>', "
            "'g')")
    for at, (spelling, _phrases) in enumerate(groups):
        before, after = "\\|" * at, "\\|" * (len(groups) - 1 - at)
        text = f"regexp_replace({text}, '<{before}[0-9a-z ]+{after}>', '{spelling}', 'g')"
    # Most names have no word a phrase begins with: one test spares them the four passes. A
    # word of the normal form is a run of letters and digits, so it is a word of the name too
    # (\m, \M: its edges) once the apostrophes are gone ("ch'urch" is "church") and "_", a
    # word character to the test, is a space.
    starts = "|".join(sorted(_PHRASE_STARTS))
    return (f"CASE WHEN translate(lower({column}), '_''`', ' ') ~ '\\m({starts})\\M' "
            f"THEN btrim({text}) ELSE {words} END")


_LAESTAB = re.compile(r"^\s*([0-9]{3})\s*[/\-\s.]?\s*([0-9]{4})\s*$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$|^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def laestab_parts(text: str) -> tuple[str, str] | None:
    """(LA code, establishment number) of a LAESTAB in any common spelling: 9992001,
    999/2001, 999-2001, 999 2001. None when the text is not one."""
    match = _LAESTAB.match(text or "")
    return (match.group(1), match.group(2)) if match else None


def postcode_key(text: str) -> str:
    """A postcode (whole, or its outward part) in capitals without spaces, for comparing with
    a stored postcode with its spaces taken out; "" when the text does not look like one."""
    compact = re.sub(r"\s+", "", (text or "").upper())
    return compact if _POSTCODE.match(compact) else ""


def digits_only(text: str) -> int | None:
    """The number typed, when the query is only digits (a URN), else None."""
    stripped = (text or "").strip()
    return int(stripped) if stripped.isascii() and stripped.isdigit() and len(stripped) <= 9 \
        else None


def school_search(queryset: QuerySet, text: str, *, links: QuerySet) -> QuerySet:
    """The schools a person typing `text` is after (see `schools.searching`): by name or
    former name (a predecessor's, so a converted academy is found by its old name), each
    word in any order and spelling; by URN or a predecessor's URN; by LAESTAB (9992001,
    999/2001, 999-2001); by postcode with or without its space; by town or trust. Text
    with nothing searchable in it (only punctuation, a NUL byte) finds nothing. On
    PostgreSQL a name close to the words (a typo) is found too; `ranked` orders by it."""
    raw = _printable(text)
    if not raw:
        return queryset if not text else queryset.none()
    words = normalise(raw).split()
    if not words or not normalise(raw.replace("&", " ")):
        return queryset.none()  # only punctuation ("&" alone is no word either)
    by_name = Q()
    by_former = Q()
    for word in words:
        by_name &= Q(establishment__search_name__contains=word)
        by_former &= Q(linked_search_name__contains=word)
    former = links.filter(by_former, link_type__istartswith="predecessor")
    # A trust by its words in any order, as people shorten it ("harbour trust" for Harbour
    # Multi-Academy Trust).
    trust_words = re.findall(r"[^\W_]+", raw)
    by_trust = Q(pk__in=[]) if not trust_words else ~Q(establishment__trust_name="")
    for word in trust_words:
        by_trust &= Q(establishment__trust_name__icontains=word)
    condition = (by_name | Q(establishment_id__in=former.values("urn"))
                 | Q(establishment__town__icontains=raw) | by_trust)
    number = digits_only(raw)
    if number is not None:
        condition |= Q(establishment_id=number) | Q(establishment_id__in=(
            links.filter(linked_urn=number, link_type__istartswith="predecessor")
            .values("urn")))
    laestab = laestab_parts(raw)
    if laestab is not None:
        condition |= Q(establishment__la_code=laestab[0],
                       establishment__establishment_number=laestab[1])
    postcode = postcode_key(raw)
    if postcode:
        queryset = queryset.annotate(postcode_compact=Replace(
            Upper("establishment__postcode"), Value(" "), Value("")))
        condition |= Q(postcode_compact__startswith=postcode)
    if connection.vendor == "postgresql":
        queryset = queryset.annotate(closeness=TrigramWordSimilarity(
            " ".join(words), "establishment__search_name"))
        condition |= Q(closeness__gte=CLOSE_ENOUGH)
    return queryset.filter(condition)


def school_ranking(queryset: QuerySet, text: str) -> QuerySet:
    """Closest names first on PostgreSQL (trigram word similarity with the normalised
    words), then by name; by name alone on SQLite."""
    words = normalise(_printable(text))
    if connection.vendor != "postgresql" or not words:
        return queryset.order_by("establishment__name", "establishment__urn")
    return queryset.annotate(rank=TrigramWordSimilarity(
        words, "establishment__search_name")).order_by(
        "-rank", "establishment__name", "establishment__urn")


# A word similarity from which a name counts as close to what was typed (pg_trgm's default for
# its `<%` operator): "St Petr" finds "St Peter's", "Oakfeld" finds "Oakfield".
CLOSE_ENOUGH = 0.6


def _printable(text: str) -> str:
    """The text without control characters (a NUL byte is refused by PostgreSQL), trimmed."""
    return "".join(char for char in (text or "") if char.isprintable()).strip()
