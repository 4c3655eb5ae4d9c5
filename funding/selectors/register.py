"""A school of the scope's register named by its URN in a form or an API body: contributions
and traded-day purchases name their school that way."""

from django.core.exceptions import ValidationError

from schools.models import School


def school_named_by_urn(values: dict, field: str) -> School | None:
    """Pop the optional URN `field` from cleaned `values` and return that school of the
    register (None when none was given); an unknown URN is refused against the field."""
    urn = values.pop(field)
    if not urn:
        return None
    school = School.objects.select_related("establishment").filter(establishment_id=urn).first()
    if school is None:
        raise ValidationError({field: "No school with that URN in this register."})
    return school
