"""Form errors name the field: Django's "This field is required." never reaches a person.

core.forms.FormRenderer (settings.FORM_RENDERER) gives every form a bound field whose default
required message says which field wants an answer ("Enter the name", "Choose the kind"); a
field's own message is kept.
"""

import pytest
from django import forms

from core.forms import DEFAULT_REQUIRED, TenantCreateForm, required_message
from tests.test_isolation_matrix import EXPECTED, ROLES, TENANT_ROUTES, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_default_required_message_names_the_field_in_the_words_of_its_kind():
    assert required_message(forms.CharField(), "Name") == "Enter the name"
    assert required_message(forms.CharField(), "LA codes") == "Enter the LA codes"
    assert required_message(forms.CharField(), "Your reason") == "Enter your reason"
    assert required_message(forms.ChoiceField(), "Kind") == "Choose the kind"
    assert required_message(forms.FileField(), "File") == "Select the file"
    assert required_message(forms.ChoiceField(), "Does the school agree?") == (
        "Answer the question: Does the school agree?")


def test_a_form_shows_each_field_named_in_its_errors_and_keeps_its_own_messages():
    form = TenantCreateForm({})
    assert not form.is_valid()
    assert list(form["name"].errors) == ["Enter the name"]
    assert list(form["kind"].errors) == ["Choose the kind"]
    assert list(form["admin_email"].errors) == ["Enter the e-mail address of its first admin"]

    class Own(forms.Form):
        role = forms.ChoiceField(choices=[("a", "A")],
                                 error_messages={"required": "Choose a role."})

    own = Own({})
    own.is_valid()
    assert list(own["role"].errors) == ["Choose a role."]


def test_the_platform_form_page_names_its_fields(client_for, operator):
    response = client_for(operator).post("/platform/tenants/new/", {"submitted": "1"})
    body = response.content.decode()
    assert DEFAULT_REQUIRED not in body
    # Once by the field and once in the error summary.
    assert body.count("Enter the name") == 2


def test_no_page_of_any_app_says_this_field_is_required(world, personas,  # noqa: F811
                                                        client_for):
    """Every tenant page that answers an admin's or an officer's empty form with 400."""
    said = []
    checked = set()
    for role in ROLES[:2]:
        client = client_for(personas["a"][role])
        for route in TENANT_ROUTES:
            if route.is_api or EXPECTED.get(route.name, {}).get(role, (0, 0))[1] != 400:
                continue
            response = client.post(route.url(world["fillers"]), {"submitted": "1"})
            if "text/html" not in response.get("Content-Type", ""):
                continue
            checked.add(route.name.split(":")[0])
            if DEFAULT_REQUIRED in response.content.decode():
                said.append(f"{role} {route.name}")
    assert {"core", "partnerships", "funding", "boards", "categorisation"} <= checked
    assert not said, "\n".join(said)
