"""Who a RISE case's adviser or supporting organisation names, as brokering candidates: the
free text is matched (whole name, any case) against the directory's system leaders, the
register's schools and the trusts of the register's schools, so the brokering conflict rules
(`support.brokering.conflict_of`) can be applied to them. Text naming none of them is not
checked: DfE's advisers and organisations are mostly outside the council's directory."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from core.models import Membership, Tenant
from partnerships.published import partnerships_on
from schools.models import School
from support.brokering import Ask, Candidate, Exclusion, conflict_of, employer_keys, hard_keys
from support.selectors.brokering import (
    leader_candidates,
    needy_school,
    officer_employer_keys,
    split_places,
)

NONE = Decimal("0")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def named_candidates(*, tenant: Tenant, on: date, text: str) -> list[Candidate]:
    """The leaders, schools and trusts `text` names (none when it is blank)."""
    wanted = _key(text)
    if not wanted:
        return []
    found = [candidate for candidate in leader_candidates(tenant=tenant, on=on,
                                                          with_capacity_only=False)
             if _key(candidate.name) == wanted]
    schools = list(School.objects.filter(establishment__name__iexact=text.strip())
                   .select_related("establishment"))
    places = partnerships_on(tenant=tenant, on=on, schools=schools) if schools else {}
    for school in schools:
        establishment = school.establishment
        hard, _ = split_places(places.get(school.pk, []))
        found.append(Candidate(
            person_id=None, school_id=school.pk, tenant_id=tenant.pk, name=establishment.name,
            designation="school", days_per_year=NONE, days_used=NONE,
            employer_school_id=school.pk, employer_name=establishment.name,
            employer_trust=establishment.trust_name,
            hard_partnership_ids=hard_keys(partnership_ids=hard,
                                           federation=establishment.federation_name),
            employer_keys=employer_keys(school_id=school.pk, trust=establishment.trust_name)))
    trust = (School.objects.filter(establishment__trust_name__iexact=text.strip())
             .values_list("establishment__trust_name", flat=True).first())
    if trust:
        # The trust itself: the school's own trust is the same-trust conflict, and an officer
        # the trust employs is the employer conflict.
        found.append(Candidate(
            person_id=None, tenant_id=tenant.pk, name=trust, designation="trust",
            days_per_year=NONE, days_used=NONE, employer_name=trust, employer_trust=trust,
            employer_keys=employer_keys(school_id=None, organisation=trust)))
    return found


def rise_conflict(*, tenant: Tenant, school: School, officer: Membership, on: date,
                  text: str) -> Exclusion | None:
    """The first conflict of interest between the school and whoever `text` names (a leader
    of the directory, a school or trust of the register), or None."""
    candidates = named_candidates(tenant=tenant, on=on, text=text)
    if not candidates:
        return None
    ask = Ask(school=needy_school(tenant=tenant, school=school, on=on), days=NONE, on=on,
              officer_employer_keys=officer_employer_keys(officer))
    return next((found for found in (conflict_of(ask, c) for c in candidates) if found), None)
