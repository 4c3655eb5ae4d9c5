"""Issue 3's "done when": an officer imports the real Ofsted file and, within the same minute,
sees proposed categories with reasons for the affected schools — through the pages."""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django_scopes import scope, scopes_disabled

from categorisation.models import CategoryProposal, DataImport
from categorisation.services import scheme_preset_load
from schools.models import Establishment, Phase, School
from tests.factories import TenantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]

PHASES = {"Primary": Phase.PRIMARY, "Secondary": Phase.SECONDARY, "Special": Phase.SPECIAL,
          "Alternative provision": Phase.ALTERNATIVE_PROVISION}


@pytest.fixture
def leeds(real_ofsted_bytes, personas):
    """A Leeds tenant whose register holds the schools of the real file (LA 383), with the
    Warwickshire scheme, and its admin (tenant A's admin, given a membership here)."""
    from core.models import Membership, Role

    tenant = TenantFactory(name="Leeds City Council", slug="leeds", la_codes=["383"])
    rows = list(csv.DictReader(io.StringIO(real_ofsted_bytes.decode("utf-8-sig"))))
    establishments = [
        Establishment(urn=int(row["URN"]), la_code="383", name=row["School name"],
                      establishment_number=row["LAESTAB"][-4:],
                      phase=PHASES.get(row["Ofsted phase"], Phase.NOT_APPLICABLE))
        for row in rows
    ]
    Establishment.objects.bulk_create(establishments, ignore_conflicts=True)
    admin = personas["a"]["admin"]
    with scopes_disabled():
        School.objects.bulk_create([School(tenant=tenant, establishment=e) for e in establishments])
        Membership.objects.create(tenant=tenant, user=admin, role=Role.ADMIN)
    with scope(tenant=tenant):
        scheme_preset_load(tenant=tenant, actor=admin, preset="warwickshire")
    return tenant, admin, len(rows)


def test_an_officer_imports_the_real_ofsted_file_and_sees_proposals_with_reasons_in_a_minute(
    leeds, real_ofsted_bytes, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    tenant, admin, row_count = leeds
    client = client_for(admin)
    imports = f"/t/{tenant.slug}/categorisation/imports/"
    started = time.monotonic()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(imports, {"kind": DataImport.Kind.OFSTED, "file": SimpleUploadedFile(
            "ofsted_mi_leeds.csv", real_ofsted_bytes)})
    with scopes_disabled():
        data_import = DataImport.objects.get(tenant=tenant)
    assert data_import.status == DataImport.Status.PREVIEWED, data_import.errors
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"{imports}{data_import.pk}/apply/")
    page = client.get(f"/t/{tenant.slug}/categorisation/proposals/")
    elapsed = time.monotonic() - started

    assert elapsed < 60
    assert page.status_code == 200
    with scopes_disabled():
        proposals = list(CategoryProposal.objects.filter(tenant=tenant, status="open")
                         .select_related("school__establishment", "category"))
    # Every school of the file with an inspection gets a category (274 of 279 have one).
    assert len(proposals) >= 270
    assert all(proposal.reasons for proposal in proposals)
    body = page.content.decode()
    assert f"{len(proposals)} proposals waiting" in body
    # The queue lists the oldest first; its first school and its reasons are on the page.
    first = min(proposals, key=lambda proposal: (proposal.created_at, proposal.pk))
    assert first.school.establishment.name in body
    assert "inspection" in " ".join(map(str, first.reasons)).lower()
