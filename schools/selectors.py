"""Reads of the register. Each starts from the active tenant scope and joins what it shows, so a
page's query count does not grow with its rows."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from core.models import Membership
from core.permissions import OWN_SCHOOL_VIEW, REGISTER_VIEW, role_has
from schools.models import Establishment, EstablishmentLink, Governance, Phase, School


@dataclass(frozen=True)
class RegisterFilters:
    q: str = ""
    phase: str = ""
    governance: str = ""
    type_name: str = ""
    trust: str = ""
    status: str = "open"  # open, closed or all


def school_list(*, filters: RegisterFilters) -> QuerySet[School]:
    schools = School.objects.with_establishment().search(filters.q)
    if filters.phase:
        schools = schools.filter(establishment__phase=filters.phase)
    if filters.governance:
        schools = schools.filter(establishment__governance=filters.governance)
    if filters.type_name:
        schools = schools.filter(establishment__type_name=filters.type_name)
    if filters.trust:
        schools = schools.filter(establishment__trust_name=filters.trust)
    if filters.status == "open":
        schools = schools.filter(establishment__is_open=True)
    elif filters.status == "closed":
        schools = schools.filter(establishment__is_open=False)
    return schools.order_by("establishment__name", "establishment__urn")


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


def school_for_member(*, membership: Membership, urn: int) -> School:
    """The register entry this member may see: any for officers, their own for a headteacher.

    Another tenant's school is simply not found (the scope hides it): 404. A school of this
    tenant beyond the member's role: 403. Pages and the API both call this.
    """
    school = school_for_urn(urn=urn)
    if school is None:
        raise Http404("No school with that URN in this register.")
    if role_has(membership.role, REGISTER_VIEW):
        return school
    if role_has(membership.role, OWN_SCHOOL_VIEW) and membership.school_id == school.pk:
        return school
    raise PermissionDenied("You can only see your own school.")


@dataclass(frozen=True)
class LineageEntry:
    link: EstablishmentLink
    establishment: Establishment | None
    in_register: School | None


def school_lineage(*, school: School) -> dict[str, list[LineageEntry]]:
    """Predecessors and successors of a school, following the URN chain both ways.

    History follows the school, not the number: a converter academy's predecessor (and that
    school's predecessors) are listed, with the tenant's register entry where it has one.
    """
    seen = {school.establishment_id}
    predecessors: list[EstablishmentLink] = []
    successors: list[EstablishmentLink] = []
    frontier = {school.establishment_id}
    # GIAS chains are short (a conversion or two); the depth bound guards against cycles.
    for _ in range(10):
        if not frontier:
            break
        links = list(EstablishmentLink.objects.filter(urn__in=frontier))
        frontier = set()
        for link in links:
            if link.linked_urn in seen:
                continue
            seen.add(link.linked_urn)
            if link.is_predecessor:
                predecessors.append(link)
                frontier.add(link.linked_urn)
            elif link.link_type.lower().startswith("successor"):
                successors.append(link)
                frontier.add(link.linked_urn)
    urns = {link.linked_urn for link in predecessors + successors}
    establishments = Establishment.objects.in_bulk(list(urns))
    entries = {s.establishment_id: s for s in School.objects.filter(establishment_id__in=urns)}

    def entry(link: EstablishmentLink) -> LineageEntry:
        return LineageEntry(link, establishments.get(link.linked_urn), entries.get(link.linked_urn))

    return {"predecessors": [entry(link) for link in predecessors],
            "successors": [entry(link) for link in successors]}
