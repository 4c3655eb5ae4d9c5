"""`{% school_category_section school %}`: the "Category" section of a school's page, so the
register's page links to the category without `schools` importing `categorisation`. Shown only
to roles that may see this school's category (officers; the school's own headteacher)."""

from django import template

from categorisation import workflow
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
