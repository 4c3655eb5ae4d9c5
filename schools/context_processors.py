from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from schools.selectors import school_of


def own_school(request: HttpRequest) -> dict:
    """The school the signed-in headteacher leads, for the navigation: read only if a template
    uses it."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"own_school": None}
    return {"own_school": SimpleLazyObject(lambda: school_of(membership))}
