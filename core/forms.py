from django import forms
from django.core.exceptions import ValidationError

from core import people
from core.models import LA_CODE_PATTERN, Role, Tenant


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(label="Role", choices=Role.choices)
    title = forms.CharField(
        label="Job title (optional)", required=False, max_length=100,
        help_text="For example Regional lead or School improvement adviser.",
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        # What the apps above core record with an invitation (a headteacher's school).
        for detail in people.details():
            self.fields.update(detail.fields(tenant))


class TenantSettingsForm(forms.Form):
    require_mfa_for_officers = forms.BooleanField(
        label="Admins and officers must sign in with an authenticator app", required=False,
    )


class TenantCreateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, help_text="For example Wiltshire Council.")
    slug = forms.SlugField(
        label="Short name for web addresses", max_length=60, help_text="For example wiltshire."
    )
    kind = forms.ChoiceField(label="Kind", choices=Tenant.Kind.choices)
    la_codes = forms.CharField(
        label="LA codes", help_text="Three-digit DfE codes, separated by commas, e.g. 865.",
    )
    admin_email = forms.EmailField(label="E-mail address of its first admin")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Tenant.objects.filter(slug=slug).exists():
            raise ValidationError("That short name is taken.")
        return slug

    def clean_la_codes(self):
        codes = [c.strip() for c in self.cleaned_data["la_codes"].split(",") if c.strip()]
        bad = [c for c in codes if not LA_CODE_PATTERN.match(c)]
        if not codes or bad:
            raise ValidationError(
                "Enter three-digit LA codes separated by commas"
                + (f" ({', '.join(bad)} is not one)." if bad else ".")
            )
        return codes
