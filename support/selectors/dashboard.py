"""The RAG dashboard: across released notes, how many times each field was rated red, amber
and green — counts with no school named, for officers, board members and viewers alike. One
query."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from support.models import NoteRating, NoteStatus


@dataclass(frozen=True)
class RagRow:
    field_key: str
    field_label: str
    red: int
    amber: int
    green: int

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green


def rag_summary(*, academic_year: int | None = None) -> list[RagRow]:
    ratings = NoteRating.objects.filter(note__status=NoteStatus.RELEASED)
    if academic_year is not None:
        ratings = ratings.filter(note__visit__academic_year=academic_year)
    rows: dict[str, dict] = {}
    for row in (ratings.values("field_key", "field_label", "rating")
                .annotate(n=Count("pk")).order_by("field_key", "field_label")):
        entry = rows.setdefault(row["field_key"], {"label": row["field_label"], "red": 0,
                                                   "amber": 0, "green": 0})
        entry[row["rating"]] += row["n"]
    return sorted((RagRow(field_key=key, field_label=entry["label"], red=entry["red"],
                          amber=entry["amber"], green=entry["green"])
                   for key, entry in rows.items()), key=lambda row: row.field_label.lower())
