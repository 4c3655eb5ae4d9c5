from django import forms
from django.contrib.auth import password_validation

from core.models import ApiToken
from core.security import TOKEN_LIFETIMES_DAYS


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label="Your full name", max_length=200)
    password1 = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password.",
    )
    password2 = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match.")
        elif first:
            from accounts.models import User

            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ApiTokenForm(forms.Form):
    """Make an API token: for one of the person's tenants, read or read-and-write, for a set
    time."""

    name = forms.CharField(label="What is it for?", max_length=100,
                           help_text="For example: monthly Ofsted upload script.")
    tenant = forms.ChoiceField(label="Area partnership")
    access = forms.ChoiceField(label="What it may do", widget=forms.RadioSelect,
                               choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ)
    days = forms.TypedChoiceField(label="How long it lasts", coerce=int, initial=90,
                                  choices=[(days, f"{days} days")
                                           for days in TOKEN_LIFETIMES_DAYS])

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenants = {str(m.tenant.pk): m.tenant for m in memberships}
        self.fields["tenant"].choices = [(pk, tenant.name) for pk, tenant in self.tenants.items()]
