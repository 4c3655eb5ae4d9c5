"""The year page's figures, read back a page at a time (issue 16).

The kept schedule (`funding.selectors.totals.cached_schedule`) holds every school's charges:
reading a thousand rows back took longer than the rest of the year page, which shows the lines
and fifty schools. So the page keeps, per version of funding's data (`funding_version`, which
covers everything the charges read), the schedule without its schools (lines, totals, who
needs attention, who has no pupil number, how many schools) with the year's runs and strategic
funds, and each page of fifty schools on its own; a miss reads the whole kept schedule.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import overload

from django.core.paginator import Page
from django.utils.safestring import SafeString

from core.kept import kept, kept_html
from core.models import Tenant
from core.pagination import PAGE_SIZE
from funding.models import AllocationRun, DeDelegationLine, FundingYear
from funding.selectors.charges import OwnSchoolCharges, Schedule, SchoolCharge, school_charges
from funding.selectors.funds import FundSummary, fund_summaries
from funding.selectors.totals import TOTALS_TTL, cached_schedule
from funding.selectors.versions import charges_version, funding_version
from schools.models import School


class PagedRows(Sequence):
    """The schedule's schools, each page of `PAGE_SIZE` loaded only when it is sliced (the
    paginator asks for one page)."""

    def __init__(self, count: int, load: Callable[[int], list[SchoolCharge]]):
        self.size, self.load = count, load

    def __len__(self) -> int:
        return self.size

    @overload
    def __getitem__(self, index: int) -> SchoolCharge: ...

    @overload
    def __getitem__(self, index: slice) -> list[SchoolCharge]: ...

    def __getitem__(self, index: int | slice) -> SchoolCharge | list[SchoolCharge]:
        if isinstance(index, int):
            if not 0 <= index < self.size:
                raise IndexError(index)
            return self.load(index // PAGE_SIZE)[index % PAGE_SIZE]
        start, stop, step = index.indices(self.size)
        rows: list[SchoolCharge] = []
        for number in range(start // PAGE_SIZE, (max(stop, start + 1) - 1) // PAGE_SIZE + 1):
            rows.extend(self.load(number))
        first = (start // PAGE_SIZE) * PAGE_SIZE
        return rows[start - first:stop - first:step]


@dataclass
class YearPage:
    schedule: Schedule  # its `schools` page by page (`PagedRows`)
    count: int
    without_pupils: list[SchoolCharge]
    runs: list[AllocationRun]
    funds: list[FundSummary]
    version: str = ""  # funding's, as read by this request


def _head(tenant: Tenant, year: FundingYear) -> YearPage:
    full = cached_schedule(tenant, year)
    head = copy.copy(full)
    head.schools = []
    # The runs' formulas only: who made and confirmed them is not shown here.
    runs = list(AllocationRun.objects.filter(year=year).select_related("formula"))
    return YearPage(schedule=head, count=len(full.schools), without_pupils=full.without_pupils,
                    runs=runs, funds=fund_summaries(year))


def year_page(tenant: Tenant, year: FundingYear) -> YearPage:
    """The year's page: its schedule (everything but the schools kept whole, the schools a
    page at a time), runs and strategic funds. One query (the version)."""
    version = funding_version(tenant)
    base = f"funding:year-page:t{tenant.pk}:{version}:{year.pk}"
    found = kept(f"{base}:head", lambda: _head(tenant, year), ttl=TOTALS_TTL)

    def load(number: int) -> list[SchoolCharge]:
        start = number * PAGE_SIZE
        return kept(f"{base}:schools:{number}",
                    lambda: cached_schedule(tenant, year).schools[start:start + PAGE_SIZE],
                    ttl=TOTALS_TTL)

    found.schedule.year = year
    found.schedule.schools = PagedRows(found.count, load)  # type: ignore[assignment]
    found.version = version
    return found


def kept_school_charges(tenant: Tenant, year: FundingYear, school: School, *,
                        version: str | None = None) -> OwnSchoolCharges:
    """`school_charges` (one school's page and API answer, a headteacher's own on the year
    page), kept per a version covering what the charges read: `charges_version` (one query),
    or the `funding_version` the caller has read already (it covers them)."""
    version = version or charges_version(tenant)
    return kept(f"funding:school-charges:t{tenant.pk}:{version}:{year.pk}:{school.pk}",
                lambda: school_charges(year, school), ttl=TOTALS_TTL)


def school_rows_html(tenant: Tenant, page: YearPage, rows: Page) -> SafeString:
    """A page of the schools' table drawn as HTML, kept per the same version as the page: fifty
    rows of a charge per line took longer to draw than the rest of the page."""
    year = page.schedule.year
    return kept_html(f"funding:year-page:t{tenant.pk}:{page.version}:{year.pk}:rows:"
                     f"{rows.number}:{tenant.slug}", "funding/_year_school_rows.html",
                     lambda: {"tenant": tenant, "year": year, "schedule": page.schedule,
                              "page": rows}, ttl=TOTALS_TTL)


def paged_schedule(tenant: Tenant, year: FundingYear) -> tuple[Schedule, str]:
    """The year's kept schedule with its schools read back a page at a time (a line's page
    shows its totals and fifty schools), and the `charges_version` it is kept under. One
    query (the version); a miss reads the whole kept schedule."""
    version = charges_version(tenant)
    base = f"funding:paged-schedule:t{tenant.pk}:{version}:{year.pk}"

    def head() -> tuple[Schedule, int]:
        full = cached_schedule(tenant, year)
        found = copy.copy(full)
        found.schools = []
        return found, len(full.schools)

    schedule, count = kept(f"{base}:head", head, ttl=TOTALS_TTL)

    def load(number: int) -> list[SchoolCharge]:
        start = number * PAGE_SIZE
        return kept(f"{base}:schools:{number}",
                    lambda: cached_schedule(tenant, year).schools[start:start + PAGE_SIZE],
                    ttl=TOTALS_TTL)

    schedule.year = year
    schedule.schools = PagedRows(count, load)  # type: ignore[assignment]
    return schedule, version


def line_rows_html(tenant: Tenant, version: str, line: DeDelegationLine, rows: Page) -> SafeString:
    """A page of a line's charge per school drawn as HTML, kept per the `charges_version` its
    schedule was read under (`paged_schedule`)."""
    return kept_html(f"funding:line-page:t{tenant.pk}:{version}:{line.pk}:rows:{rows.number}",
                     "funding/_line_school_rows.html", lambda: {"line": line, "page": rows},
                     ttl=TOTALS_TTL)
