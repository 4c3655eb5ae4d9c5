"""Programmes' writes (issue 13 item 7), officers only: a programme, schools signed up (many
at once, by URN: about 300 schools signed up to the EEF's project), and people trained in its
materials."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.permissions import VISITS_RECORD
from core.tenancy import ensure_same_tenant
from schools.models import School
from support.models.programmes import Programme, ProgrammeSchool, ProgrammeTraining
from support.permissions import require

MOST_AT_ONCE = 2000


def _officer(tenant: Tenant, actor: User | None) -> None:
    require(tenant=tenant, actor=actor, permission=VISITS_RECORD,
            refusal="Only officers record programmes.")


@transaction.atomic
def programme_create(*, tenant: Tenant, actor: User | None, name: str, starts_on: date,
                     provider: str = "", description: str = "",
                     ends_on: date | None = None) -> Programme:
    _officer(tenant, actor)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the programme's name."})
    if Programme.objects.filter(tenant=tenant, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a programme called {name}."})
    programme = Programme(tenant=tenant, name=name, provider=provider.strip(),
                          description=description.strip(), starts_on=starts_on,
                          ends_on=ends_on, created_by=actor)
    programme.full_clean()
    programme.save()
    audit_record(tenant=tenant, actor=actor, action="support.programme_created", obj=programme,
                 summary=f"Programme {programme.name}")
    return programme


@transaction.atomic
def programme_edit(*, tenant: Tenant, actor: User | None, programme: Programme, name: str,
                   starts_on: date, provider: str = "", description: str = "",
                   ends_on: date | None = None) -> Programme:
    """Change a programme's name, provider, description and dates: refused naming the field
    for a name another programme has, or an end before the start."""
    _officer(tenant, actor)
    ensure_same_tenant(tenant, programme=programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Enter the programme's name."})
    if (Programme.objects.filter(tenant=tenant, name__iexact=name)
            .exclude(pk=programme.pk).exists()):
        raise ValidationError({"name": f"There is already a programme called {name}."})
    fields = ("name", "provider", "description", "starts_on", "ends_on")
    before = {field: getattr(programme, field) for field in fields}
    programme.name, programme.provider = name, provider.strip()
    programme.description, programme.starts_on, programme.ends_on = (
        description.strip(), starts_on, ends_on)
    programme.full_clean()
    changed = {field: [str(before[field]), str(getattr(programme, field))] for field in fields
               if before[field] != getattr(programme, field)}
    if not changed:
        raise ValidationError("Nothing changed.")
    programme.save(update_fields=list(fields))
    audit_record(tenant=tenant, actor=actor, action="support.programme_edited", obj=programme,
                 summary=f"Programme {programme.name} changed", changes=changed)
    return programme


def parse_urns(text: str) -> list[int]:
    """The URNs in a pasted list (commas, spaces or lines), in order, once each; anything else
    is refused by name."""
    tokens = [token for token in re.split(r"[\s,;]+", text) if token]
    wrong = [token for token in tokens if not re.fullmatch(r"\d{6,7}", token)]
    if wrong:
        raise ValidationError({"urns": "These are not URNs (6 or 7 digits): "
                                       + ", ".join(wrong[:10])})
    return list(dict.fromkeys(int(token) for token in tokens))


@transaction.atomic
def programme_schools_sign_up(*, tenant: Tenant, actor: User | None, programme: Programme,
                              urns: list[int], signed_up_on: date) -> list[ProgrammeSchool]:
    """Sign the schools with these URNs up to the programme on `signed_up_on`. Refused whole,
    naming them, when a URN is not one of the council's schools; schools already signed up
    keep their date."""
    _officer(tenant, actor)
    ensure_same_tenant(tenant, programme=programme)
    if not urns:
        raise ValidationError({"urns": "Give the URN of at least one school."})
    if len(urns) > MOST_AT_ONCE:
        raise ValidationError({"urns": f"At most {MOST_AT_ONCE} schools at once."})
    if signed_up_on > timezone.localdate():
        raise ValidationError({"signed_up_on": "Record a sign-up once it has happened."})
    schools = {school.urn: school for school in School.objects.filter(
        tenant=tenant, establishment_id__in=urns).select_related("establishment")}
    unknown = [str(urn) for urn in urns if urn not in schools]
    if unknown:
        raise ValidationError({"urns": "Not schools of this council's register: "
                                       + ", ".join(unknown[:10])})
    already = set(ProgrammeSchool.objects.filter(programme=programme)
                  .values_list("school_id", flat=True))
    added = ProgrammeSchool.objects.bulk_create([
        ProgrammeSchool(tenant=tenant, programme=programme, school=schools[urn],
                        signed_up_on=signed_up_on)
        for urn in urns if schools[urn].pk not in already])
    if not added:
        raise ValidationError({"urns": "Every one of these schools is already signed up."})
    audit_record(tenant=tenant, actor=actor, action="support.programme_schools_signed_up",
                 obj=programme, summary=f"{len(added)} school{'s' if len(added) != 1 else ''} "
                                        f"signed up to {programme.name}")
    return added


@transaction.atomic
def programme_training_record(*, tenant: Tenant, actor: User | None, programme: Programme,
                              name: str, trained_on: date, job_title: str = "",
                              school: School | None = None) -> ProgrammeTraining:
    _officer(tenant, actor)
    ensure_same_tenant(tenant, programme=programme, school=school)
    if not name.strip():
        raise ValidationError({"name": "Enter the name of the person trained."})
    if trained_on > timezone.localdate():
        raise ValidationError({"trained_on": "Record training once it has taken place."})
    if trained_on < programme.starts_on:
        raise ValidationError({"trained_on": f"{programme.name} started on "
                                             f"{programme.starts_on:%-d %B %Y}."})
    record = ProgrammeTraining(tenant=tenant, programme=programme, name=name.strip(),
                               job_title=job_title.strip(), school=school,
                               trained_on=trained_on, recorded_by=actor)
    record.full_clean()
    record.save()
    audit_record(tenant=tenant, actor=actor, action="support.programme_trained", obj=programme,
                 summary=f"{record.name} trained in {programme.name} on "
                         f"{trained_on:%-d %B %Y}")
    return record
