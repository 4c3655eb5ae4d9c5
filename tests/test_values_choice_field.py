"""core.forms.ValuesChoiceField: a long model select read as two columns in one query, its
choice still cleaned to the model instance and limited to its queryset."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from core.forms import ValuesChoiceField
from schools.models import School
from tests.factories import SchoolFactory


class Pick(forms.Form):
    school = ValuesChoiceField(School.objects.none(), label_from="establishment__name",
                               empty_label="Choose a school")

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = (School.objects.filter(tenant=tenant)
                                          .order_by("establishment__name"))


@pytest.mark.django_db
def test_options_are_the_names_read_in_one_query_and_the_choice_is_the_school(tenant_a, tenant_b):
    ours = [SchoolFactory(tenant=tenant_a, establishment__name=name)
            for name in ("Oak Primary", "Ash Academy", "Elm School")]
    theirs = SchoolFactory(tenant=tenant_b, establishment__name="Other Council School")
    with scopes_disabled():
        with CaptureQueriesContext(connection) as captured:
            # Iterated as a page draws it (list() would ask its length too: a count).
            choices = [choice for choice in Pick(tenant=tenant_a).fields["school"].choices]
        assert len(captured) == 1
        assert choices == [("", "Choose a school")] + sorted(
            ((school.pk, school.establishment.name) for school in ours), key=lambda c: c[1])

        chosen = Pick({"school": str(ours[0].pk)}, tenant=tenant_a)
        assert chosen.is_valid(), chosen.errors
        assert chosen.cleaned_data["school"] == ours[0]
        assert isinstance(chosen.cleaned_data["school"], School)

        other = Pick({"school": str(theirs.pk)}, tenant=tenant_a)
        assert not other.is_valid()
        assert "school" in other.errors
