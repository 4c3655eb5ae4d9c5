"""The demo council's October census return, as its schools forum chooses it: one applied
return dated the first Thursday of October before the financial year, covering every open
maintained school with pupils, a little above GIAS's January figure (the autumn intake), and an
EAL count. Academies are not on it, so their pupils show as the GIAS fallback. Uploaded and
applied through `funding.services.census`, so each step has its audit row. The January census
is uploaded and checked but left for the admin to apply."""

from __future__ import annotations

from datetime import date, timedelta

from core.models import Membership, Tenant
from funding.models import CensusReturn, FundingYear
from funding.services import census
from schools.models import Governance, School


def october_census_day(year: int) -> date:
    """The first Thursday of October (the autumn census day)."""
    first = date(year, 10, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7)


def seed_census(*, tenant: Tenant, admin: Membership, year: FundingYear) -> CensusReturn:
    schools = (School.objects.filter(establishment__is_open=True,
                                     establishment__governance=Governance.MAINTAINED,
                                     establishment__number_of_pupils__isnull=False)
               .values_list("establishment_id", "establishment__number_of_pupils")
               .order_by("establishment_id"))
    lines = ["URN,Pupils,EAL pupils"]
    for n, (urn, january) in enumerate(schools):
        pupils = january or 0
        october = pupils + (n % 7) - 2 if pupils > 10 else pupils
        lines.append(f"{urn},{october},{october * (4 + n % 9) // 100}")
    on = october_census_day(year.start_year - 1)
    record = census.census_return_check(
        tenant=tenant, actor=admin.user, data="\n".join(lines).encode(),
        name=f"census-return-october-{on.year}.csv", census_date=on,
        source=f"October {on.year} school census")
    applied = census.census_return_apply(tenant=tenant, actor=admin.user, record=record)
    # The spring census, uploaded and checked but not yet applied: what "waiting for you"
    # shows the admin as an import to apply (it counts for nothing until applied).
    spring = date(on.year + 1, 1, 15) + timedelta(days=(3 - date(on.year + 1, 1, 15).weekday()) % 7)
    census.census_return_check(
        tenant=tenant, actor=admin.user, data="\n".join(lines).encode(),
        name=f"census-return-january-{spring.year}.csv", census_date=spring,
        source=f"January {spring.year} school census")
    return applied
