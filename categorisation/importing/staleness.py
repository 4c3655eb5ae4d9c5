"""Whether a file is older than the data already stored for its schools, said in its preview.

An older Ofsted file rewrites, row by row, inspections a newer file corrected; an older year of
performance results adds history, but a council that meant to load the latest would want to
know. Neither is refused — a correction may be sent on purpose — but the preview says so,
naming the dates, before anyone applies it."""

from __future__ import annotations

from django.db.models import Max

from categorisation import ofsted, performance
from categorisation.derived import RELEASE_ORDER
from categorisation.importing.reach import CHUNK
from categorisation.models import Inspection, PerformanceIndicator
from core.years import AcademicYear


def _stored(model, urns: list[int], **filters):
    """The stored rows of these URNs, a chunk of URNs per query."""
    for start in range(0, len(urns), CHUNK):
        yield model.objects.filter(urn__in=urns[start:start + CHUNK], **filters)


def _newest(model, field: str, urns: list[int], **filters):
    found = [rows.aggregate(newest=Max(field))["newest"]
             for rows in _stored(model, urns, **filters)]
    return max((value for value in found if value is not None), default=None)


def ofsted_older_than_stored(parsed: ofsted.ParseResult) -> str:
    """A sentence when the file's newest publication is older than the newest stored for its
    schools ("" otherwise)."""
    published = [item["publication_date"] for item in parsed.inspections
                 if item.get("publication_date")]
    if not published:
        return ""
    urns = sorted({item["urn"] for item in parsed.inspections})
    stored = _newest(Inspection, "publication_date", urns)
    file_newest = max(published)
    if stored is None or file_newest >= stored:
        return ""
    return (f"This file is older than the inspections stored for its schools: its newest "
            f"report was published on {file_newest:%-d %B %Y}, but reports published up to "
            f"{stored:%-d %B %Y} are stored. Applying it rewrites any inspection it holds "
            "differently with the older values.")


def performance_older_than_stored(parsed: performance.PerformanceParse) -> str:
    """A sentence when a later academic year, or a later release of the same year, is stored
    for the file's schools and measures ("" otherwise)."""
    if not parsed.indicators:
        return ""
    year = max(item["year"] for item in parsed.indicators)
    release = parsed.release or parsed.indicators[0].get("release", "")
    urns = sorted({item["urn"] for item in parsed.indicators})
    measures = sorted({item["measure"] for item in parsed.indicators})
    stored_year = _newest(PerformanceIndicator, "year", urns, measure__in=measures)
    if stored_year is None:
        return ""
    if stored_year > year:
        return (f"This file is older than the results stored for its schools: it holds "
                f"{AcademicYear(year).label}, and {AcademicYear(stored_year).label} is stored. "
                "Categories use the latest year, so applying it adds history only.")
    stored_releases = {stored for rows in _stored(PerformanceIndicator, urns,
                                                   measure__in=measures, year=year)
                       for stored in rows.values_list("release", flat=True).distinct()}
    later = [stored for stored in stored_releases
             if RELEASE_ORDER.get(stored, 0) > RELEASE_ORDER.get(release, 0)]
    if later:
        best = max(later, key=lambda name: RELEASE_ORDER.get(name, 0))
        return (f"This file is an earlier release than the one stored: it holds {release} "
                f"results for {AcademicYear(year).label}, and the {best} results are stored. "
                "Categories keep using the later release.")
    return ""


def older_than_stored(parsed: ofsted.ParseResult | performance.PerformanceParse) -> str:
    if isinstance(parsed, ofsted.ParseResult):
        return ofsted_older_than_stored(parsed)
    return performance_older_than_stored(parsed)
