"""`{% school_category_section school %}`: the "Category" section of a school's page, so the
register's page links to the category without `schools` importing `categorisation`. Shown only
to roles that may see this school's category (officers; the school's own headteacher)."""

from django import template

from categorisation import derived, workflow
from categorisation.models import InspectionEra
from categorisation.selectors.inputs import school_inputs
from core.permissions import CATEGORIES_VIEW, OWN_CATEGORY_RESPOND
from schools.selectors import is_own_school

register = template.Library()


@register.inclusion_tag("categorisation/school/_section.html", takes_context=True)
def school_category_section(context, school) -> dict:
    permissions = context.get("permissions", frozenset())
    membership = context.get("membership")
    allowed = CATEGORIES_VIEW in permissions or (
        OWN_CATEGORY_RESPOND in permissions and membership is not None
        and is_own_school(membership=membership, school=school))
    step = None
    if allowed:
        step = workflow.category_in_force(tenant=context["tenant"], school=school)
    return {"allowed": allowed, "step": step, "school": school, "tenant": context["tenant"]}


def _outcome(inspection, urn: int) -> str:
    _grade, text = derived.oeif_grade(inspection, urn=urn)
    if text:
        return text
    if inspection.era == InspectionEra.UNGRADED:
        return derived.ungraded_text(inspection, urn=urn)
    return InspectionEra(inspection.era).label


@register.inclusion_tag("categorisation/school/_inspections.html", takes_context=True)
def school_inspections_section(context, school) -> dict:
    """The school's Ofsted inspections, newest first: public facts, shown to everyone who may
    open the school's page (a governor's grant included), with no category and nothing of the
    council's own judgement."""
    inputs = school_inputs(tenant=context["tenant"], schools=[school])[school.pk]
    inspections = sorted(inputs.inspections, key=lambda i: (i.start_date, i.inspection_number),
                         reverse=True)
    return {"rows": [(inspection, _outcome(inspection, inputs.urn))
                     for inspection in inspections]}
