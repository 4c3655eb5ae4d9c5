"""Reads of the register. Each starts from the active tenant scope and joins what it shows, so a
page's query count does not grow with its rows."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django_scopes import scope, scopes_disabled

from core import grants
from core.models import Membership, Tenant
from core.permissions import OWN_SCHOOL_VIEW, REGISTER_VIEW, has
from schools.models import (
    Establishment,
    EstablishmentLink,
    Governance,
    Headship,
    Phase,
    School,
)


def register_filter_options() -> dict[str, list]:
    """The values present in this tenant's register, for the filter drop-downs."""
    entries = School.objects.all()
    return {
        "phases": [p for p in Phase.choices if p[0] != Phase.NOT_APPLICABLE]
        + [(Phase.NOT_APPLICABLE.value, Phase.NOT_APPLICABLE.label)],
        "governances": list(Governance.choices),
        "types": list(
            entries.exclude(establishment__type_name="")
            .order_by("establishment__type_name")
            .values_list("establishment__type_name", flat=True).distinct()
        ),
        "trusts": list(
            entries.exclude(establishment__trust_name="")
            .order_by("establishment__trust_name")
            .values_list("establishment__trust_name", flat=True).distinct()
        ),
    }


def register_summary() -> dict:
    """Counts for the officer's landing page."""
    totals = School.objects.aggregate(
        open=Count("id", filter=Q(establishment__is_open=True)),
        closed=Count("id", filter=Q(establishment__is_open=False)),
        maintained=Count("id", filter=Q(establishment__is_open=True,
                                        establishment__governance=Governance.MAINTAINED)),
        academies=Count("id", filter=Q(establishment__is_open=True,
                                       establishment__governance__in=[Governance.ACADEMY,
                                                                      Governance.FREE_SCHOOL])),
        pupils=Sum("establishment__number_of_pupils", filter=Q(establishment__is_open=True)),
    )
    by_phase = (
        School.objects.filter(establishment__is_open=True)
        .values("establishment__phase").annotate(n=Count("id")).order_by("-n")
    )
    labels = dict(Phase.choices)
    totals["by_phase"] = [
        {"phase": labels.get(row["establishment__phase"], row["establishment__phase"]),
         "count": row["n"]}
        for row in by_phase
    ]
    return totals


def school_for_urn(*, urn: int) -> School | None:
    return School.objects.with_establishment().filter(establishment_id=urn).first()


def school_for(*, membership: Membership, urn: int, any_school: str, own_school: str,
               refusal: str = "You can only see your own school.") -> School:
    """The one answer to "which school may this member reach": with `any_school` any school of
    the tenant, with `own_school` only the one they lead.

    Another tenant's school is simply not found (the scope hides it): 404. A school of this
    tenant beyond the member's rights: 403 with `refusal`. Pages and the API of every app call
    this with their own pair of permissions (the register's, a category's, a pro-forma's).
    """
    school = school_for_urn(urn=urn)
    if school is None:
        raise Http404("No school with that URN in this register.")
    if has(membership, any_school):
        return school
    if has(membership, own_school) and is_own_school(membership=membership, school=school):
        return school
    raise PermissionDenied(refusal)


# A grant on one school (core.grants): its public facts — the register entry and its
# inspections — and nothing else of it (never its category or the council's intelligence). A
# school's chair of governors holds it (categorisation.permissions.governed_school_grants).
SCHOOL_FACTS_READ = "schools.public_facts_read"


def school_for_member(*, membership: Membership, urn: int) -> School:
    """The register entry this member may see: any for officers, their own for a headteacher,
    and the one whose public facts a grant lets them read (a governor's school)."""
    try:
        return school_for(membership=membership, urn=urn, any_school=REGISTER_VIEW,
                          own_school=OWN_SCHOOL_VIEW)
    except PermissionDenied:
        school = school_for_urn(urn=urn)
        if school is not None and grants.may(membership, SCHOOL_FACTS_READ, school):
            return school
        raise


@dataclass(frozen=True)
class LineageEntry:
    link: EstablishmentLink
    establishment: Establishment | None
    in_register: School | None


def _is_successor(link: EstablishmentLink) -> bool:
    return link.link_type.lower().startswith("successor")


def _walk(start: int, follow) -> list[EstablishmentLink]:
    """The links reached from `start` through links `follow` accepts, nearest first. One
    direction only: going back from a successor would list the schools merged into it as this
    school's predecessors."""
    seen, found, frontier = {start}, [], {start}
    # GIAS chains are short (a conversion or two); the depth bound guards against cycles.
    for _ in range(10):
        if not frontier:
            break
        links = [link for link in EstablishmentLink.objects.filter(urn__in=frontier)
                 if follow(link)]
        frontier = set()
        for link in sorted(links, key=lambda link: (link.urn, link.linked_urn)):
            if link.linked_urn not in seen:
                seen.add(link.linked_urn)
                found.append(link)
                frontier.add(link.linked_urn)
    return found


def school_lineage(*, school: School) -> dict[str, list[LineageEntry]]:
    """Predecessors and successors of a school, each followed in its own direction, and the
    schools it merged with (the other predecessors of a school it merged into).

    History follows the school, not the number: a converter academy's predecessor (and that
    school's predecessors) are listed, with the tenant's register entry where it has one.
    """
    urn = school.establishment_id
    predecessors = _walk(urn, lambda link: link.is_predecessor)
    successors = _walk(urn, _is_successor)
    merged_into = {link.linked_urn for link in successors
                   if link.urn == urn and any(word in link.link_type.lower()
                                              for word in ("merged", "amalgamated"))}
    known = {urn} | {link.linked_urn for link in predecessors + successors}
    partners = [link for link in EstablishmentLink.objects.filter(urn__in=merged_into)
                .order_by("linked_urn")
                if link.is_predecessor and link.linked_urn not in known]
    urns = {link.linked_urn for link in predecessors + successors + partners}
    establishments = Establishment.objects.in_bulk(list(urns))
    entries = {s.establishment_id: s for s in School.objects.filter(establishment_id__in=urns)}

    def entry(link: EstablishmentLink) -> LineageEntry:
        return LineageEntry(link, establishments.get(link.linked_urn), entries.get(link.linked_urn))

    return {"predecessors": [entry(link) for link in predecessors],
            "successors": [entry(link) for link in successors],
            "merged_with": [entry(link) for link in partners]}


# --- A headteacher's own school ----------------------------------------------------------------

_OWN_SCHOOL = "_own_school"
# For select_related on a membership (or "owner__" + it on what points at one): `school_of` then
# reads nothing more.
HEADSHIP_RELATED = "headship__school__establishment"


def school_of(membership: Membership) -> School | None:
    """The school this member leads (a headteacher's Headship), or None. Read once per
    membership object (the pages of one request ask several times), and not at all when the
    membership was fetched with `select_related(HEADSHIP_RELATED)`."""
    if not hasattr(membership, _OWN_SCHOOL):
        if type(membership).headship.is_cached(membership):
            headship = getattr(membership, "headship", None)
        elif membership.pk and has(membership, OWN_SCHOOL_VIEW):
            with scopes_disabled():  # the membership already names its tenant
                headship = (Headship.objects.select_related("school__establishment")
                            .filter(membership_id=membership.pk).first())
        else:
            headship = None
        setattr(membership, _OWN_SCHOOL, headship.school if headship else None)
    return getattr(membership, _OWN_SCHOOL)


def is_own_school(*, membership: Membership, school: School) -> bool:
    own = school_of(membership)
    return own is not None and own.pk == school.pk


def heads_of(schools: Iterable) -> QuerySet[Membership]:
    """The active memberships leading these schools (ids, School objects, or a queryset of
    school ids used as a subquery), with the user and the school (`school_of` reads nothing
    more)."""
    ids = schools if isinstance(schools, QuerySet) else [getattr(s, "pk", s) for s in schools]
    return (Membership.objects.filter(is_active=True, headship__school_id__in=ids)
            .select_related("user", HEADSHIP_RELATED))


def open_schools_not_in(tenant: Tenant, urns: Iterable[int], *, examples: int,
                        phases: Iterable[str] | None = None) -> dict:
    """The tenant's open schools (of `phases`, when given) whose URN is not among `urns`: how
    many, and the first `examples` by name — "your schools not in this file" in an import's
    preview."""
    present = set(urns)
    with scope(tenant=tenant):
        schools = School.objects.filter(establishment__is_open=True)
        if phases is not None:
            schools = schools.filter(establishment__phase__in=list(phases))
        rows = sorted((name, urn) for urn, name in schools.values_list(
            "establishment_id", "establishment__name") if urn not in present)
    return {"count": len(rows),
            "examples": [{"urn": urn, "name": name} for name, urn in rows[:examples]]}
