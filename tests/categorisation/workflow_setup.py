"""Shared set-up for the workflow page and API tests: tenant A runs the Warwickshire preset and
its persona school has just been inspected Requires improvement, so a 3C proposal waits."""

from django_scopes import scope

from categorisation import recompute
from categorisation.models import CategoryProposal
from categorisation.services import inspections_import, scheme_preset_load
from tests.categorisation.conftest import TODAY


def grade_row(urn, number, words, start="2025-01-14"):
    return {"URN": str(urn), "Inspection number": number, "Inspection start date": start,
            "Overall effectiveness": words, "Category of concern": "",
            "Safeguarding is effective?": "Yes"}


def make_proposal(tenant, school, capture, *, number="W1", words="Requires improvement",
                  preset="warwickshire"):
    """Load the preset (once) and import an inspection; the recompute proposes a category."""
    with scope(tenant=tenant):
        from categorisation.models import CategorisationScheme
        scheme = CategorisationScheme.objects.filter(key=preset, is_active=True).first()
        if scheme is None:
            scheme = scheme_preset_load(tenant=tenant, actor=None, preset=preset)
    with capture(execute=True):
        inspections_import(rows=[grade_row(school.urn, number, words)], today=TODAY)
        recompute.schedule_recompute(urns=[school.urn], reason="test")
    with scope(tenant=tenant):
        proposal = (CategoryProposal.objects.select_related("category")
                    .get(school=school, status="open"))
        categories = {c.code: c for c in scheme.categories.all()}
    return proposal, categories
