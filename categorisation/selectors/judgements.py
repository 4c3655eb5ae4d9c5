"""Reads for officer judgements: the judgements a tenant is offered, one school's judgements with
their history, and the capacity-level disagreements waiting for moderation. Call inside the
tenant's scope; each read costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from categorisation.models import CategorisationScheme, OfficerJudgement
from categorisation.schemes.judgements import JudgementKind, keys_read
from core.models import Tenant
from schools.models import School

Status = OfficerJudgement.Status


def judgement_kinds_offered(*, tenant: Tenant) -> list[JudgementKind]:
    """The judgements the tenant's active scheme reads (none without an active scheme)."""
    scheme = (CategorisationScheme.objects.filter(tenant=tenant, is_active=True)
              .only("definition").first())
    return keys_read(scheme.definition) if scheme is not None else []


@dataclass
class SchoolJudgement:
    """One judgement of one school: what counts, what waits, and every step newest first."""

    kind: JudgementKind
    history: list[OfficerJudgement] = field(default_factory=list)

    @property
    def latest(self) -> OfficerJudgement | None:
        return self.history[0] if self.history else None

    @property
    def in_force(self) -> OfficerJudgement | None:
        """The step the recompute reads: the newest that counts."""
        return next((step for step in self.history
                     if step.status in OfficerJudgement.COUNTING), None)

    @property
    def waiting(self) -> OfficerJudgement | None:
        """A level proposed to the school that it has not answered yet."""
        latest = self.latest
        return latest if latest is not None and latest.status == Status.PROPOSED else None

    @property
    def disputed(self) -> OfficerJudgement | None:
        """The school's disagreement, while it waits for moderation."""
        latest = self.latest
        return latest if latest is not None and latest.status == Status.DISAGREED else None


def judgement_history(*, tenant: Tenant, school: School, key: str) -> list[OfficerJudgement]:
    """Every step of one judgement of the school, newest first (the order it was written)."""
    return list(OfficerJudgement.objects.filter(tenant=tenant, school=school, key=key)
                .select_related("entered_by").order_by("-pk"))


def school_judgements(*, tenant: Tenant, school: School,
                      kinds: list[JudgementKind] | None = None) -> list[SchoolJudgement]:
    """The judgements offered to the tenant for this school (default: those its active scheme
    reads), each with its history; one query for the steps."""
    kinds = judgement_kinds_offered(tenant=tenant) if kinds is None else kinds
    found = {kind.key: SchoolJudgement(kind=kind) for kind in kinds}
    for step in (OfficerJudgement.objects.filter(tenant=tenant, school=school, key__in=found)
                 .select_related("entered_by").order_by("-pk")):
        found[step.key].history.append(step)
    return list(found.values())


def _has_newer_step() -> Exists:
    return Exists(OfficerJudgement.objects.filter(
        tenant=OuterRef("tenant"), school=OuterRef("school"), key=OuterRef("key"),
        pk__gt=OuterRef("pk")))


def judgement_disagreements(*, tenant: Tenant) -> QuerySet[OfficerJudgement]:
    """Disagreements still waiting for moderation (the newest step of their judgement), oldest
    first, as the category disagreements are."""
    return (OfficerJudgement.objects.filter(tenant=tenant, status=Status.DISAGREED)
            .exclude(_has_newer_step()).select_related("school__establishment", "entered_by")
            .order_by("pk"))


def judgements_proposed(*, tenant: Tenant, school: School) -> QuerySet[OfficerJudgement]:
    """The levels proposed to the school that it has not answered yet (the newest step of
    their judgement is "proposed"), one per judgement."""
    return (OfficerJudgement.objects.filter(tenant=tenant, school=school,
                                            status=Status.PROPOSED)
            .exclude(_has_newer_step()).order_by("key"))


def judgement_step(*, judgement_id: int) -> OfficerJudgement:
    """One step (DoesNotExist outside the active scope: another tenant's is not found)."""
    return (OfficerJudgement.objects.select_related("school__establishment", "entered_by")
            .get(pk=judgement_id))


def is_open_disagreement(step: OfficerJudgement) -> bool:
    return (step.status == Status.DISAGREED
            and not OfficerJudgement.objects.filter(
                tenant_id=step.tenant_id, school_id=step.school_id, key=step.key,
                pk__gt=step.pk).exists())
