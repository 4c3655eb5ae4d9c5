import copy

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.forms.renderers import DjangoTemplates

from core import people
from core.actions import Progress as ActionProgress
from core.actions import Rag
from core.models import LA_CODE_PATTERN, Role, Tenant

DEFAULT_REQUIRED = str(forms.Field.default_error_messages["required"])
ARTICLES = {"the", "a", "an", "your", "their", "its", "this", "these", "each", "every"}
CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField, forms.FileField)


def required_message(field: forms.Field, label: str) -> str:
    """Django's "This field is required." said about the field, in GOV.UK's words: "Enter the
    school's name", "Choose the role", "Answer: Does the school agree?"."""
    label = " ".join(str(label or "this").split()).rstrip(":")
    if label.endswith("?"):
        return f"Answer the question: {label}"
    # "Name" -> "name", but an acronym stays as written ("LA codes", "URN").
    if not (len(label) > 1 and label[1].isupper()):
        label = label[0].lower() + label[1:]
    if label.split(" ", 1)[0].lower() not in ARTICLES:
        label = f"the {label}"
    if isinstance(field, forms.BooleanField):
        return f"Tick to confirm {label}"
    if isinstance(field, forms.FileField):
        return f"Select {label}"
    if isinstance(field, CHOSEN):
        return f"Choose {label}"
    return f"Enter {label}"


class NamedErrorsBoundField(BoundField):
    """A bound field whose errors name it: Django's default required message becomes one that
    says which field wants an answer, wherever the errors are shown (the field, the error
    summary). A field's own message (`error_messages={"required": ...}`) is kept."""

    @property
    def errors(self):
        errors = super().errors
        if DEFAULT_REQUIRED not in errors:
            return errors
        named = copy.copy(errors)
        named.data = [required_message(self.field, self.label) if str(error) == DEFAULT_REQUIRED
                      else error for error in errors]
        return named


class FormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): every form's fields name
    themselves in their errors."""

    bound_field_class = NamedErrorsBoundField


class _ValuesChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_from)


class ValuesChoiceField(forms.ModelChoiceField):
    """A model select whose options are read as (pk, `label_from`) in one query of two columns,
    not as a model instance and its label each: a 1,000-school council's page spent most of
    its time building a School and its establishment for every option. The chosen value is
    still cleaned to the model instance (`ModelChoiceField.to_python`)."""

    iterator = _ValuesChoices

    def __init__(self, queryset, *, label_from: str, **kwargs):
        self.label_from = label_from
        super().__init__(queryset, **kwargs)


class DateInput(forms.DateInput):
    """A browser date picker (`<input type="date">`), which reads and writes ISO dates."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# What each role may do, in a sentence, shown beside the choice (DESIGN §5).
ROLE_HINTS: dict[str, str] = {
    Role.ADMIN: "Everything in the council's service: people and their roles, imports, "
                "schemes, funding rates and boards' set-up. Give it to few people.",
    Role.OFFICER: "The whole register, categories with their reasons, local intelligence, "
                  "partnerships and visits. Edits schools and records support.",
    Role.HEADTEACHER: "Their own school in full and their hub. Choose their school below.",
    Role.BOARD_MEMBER: "Their board's papers, minutes and votes, and counts across the "
                       "council, never a single school's category.",
    Role.VIEWER: "Counts across the council and published material only, for example a "
                 "governor or an elected member. Changes nothing.",
}


class InvitationForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    # No default: an admin who skips the question must not hand out a role by accident.
    role = forms.ChoiceField(
        label="Role", choices=Role.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the role of the person you are inviting.",
                        "invalid_choice": "Choose one of the roles listed."})
    title = forms.CharField(
        label="Job title (optional)", required=False, max_length=100,
        help_text="For example Regional lead or School improvement adviser.",
    )

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        # What the apps above core record with an invitation (a headteacher's school).
        self.detail_names: list[str] = []
        for detail in people.details():
            fields = detail.fields(tenant)
            self.fields.update(fields)
            self.detail_names += list(fields)

    def role_choices(self) -> list[tuple[str, str, str]]:
        """(value, label, hint) of each role, for radios with a hint beside each."""
        return [(value, label, ROLE_HINTS.get(value, "")) for value, label in Role.choices]

    def detail_values(self) -> dict:
        """The cleaned values of the registered details' fields, for `invitation_create`."""
        return {name: self.cleaned_data.get(name) for name in self.detail_names}


class TenantSettingsForm(forms.Form):
    require_mfa_for_officers = forms.BooleanField(
        label="Admins and officers must sign in with an authenticator app", required=False,
    )
    chairs_of_governors_see_category = forms.BooleanField(
        label="Officers may give a school's chair of governors its category page", required=False,
        help_text="Off: only the council and the school's headteacher see a school's category.",
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
    shared_reason = forms.CharField(
        label="Why it shares an LA code (only if it does)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Two tenants cover the same LA code only by your decision, for example a "
                  "partnership body inside a council's area. Neither may then change the "
                  "public data of that LA's schools on its own. Both tenants' admins are told.")

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


class SchoolCalendarForm(forms.Form):
    """Six half-terms, each a first and a last day."""

    def __init__(self, *args, calendar, **kwargs):
        super().__init__(*args, **kwargs)
        for number, (start, end) in enumerate(calendar.half_terms, start=1):
            for key, which, value in (("start", "first", start), ("end", "last", end)):
                label = f"Half-term {number}: {which} day"
                self.fields[f"{key}_{number}"] = forms.DateField(
                    label=label, widget=DateInput(), initial=value,
                    error_messages={"required": f"Enter the date of {label[0].lower()}"
                                                f"{label[1:]}.",
                                    "invalid": f"{label}: enter a real date."})

    def half_terms(self) -> list[tuple]:
        data = self.cleaned_data
        return [(data.get(f"start_{n}"), data.get(f"end_{n}")) for n in range(1, 7)]


class SupportAccessForm(forms.Form):
    operator_email = forms.EmailField(label="The operator's e-mail address")
    role = forms.ChoiceField(label="Whose view they get", choices=[],
                             help_text="They see the pages as this role does, and cannot change "
                                       "anything.")
    duration = forms.ChoiceField(label="For how long", choices=[], initial="24")
    reason = forms.CharField(label="What they are helping with", max_length=300)

    def __init__(self, *args, **kwargs):
        from core.support import DURATIONS, SUPPORT_ROLES

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in SUPPORT_ROLES]
        self.fields["duration"].choices = [(key, words) for key, (_, words) in DURATIONS.items()]


class ActionProgressForm(forms.Form):
    """Moving an action on (core.actions.record_progress): its status, RAG rating and a note.
    Shared by the apps whose actions are on the core model."""

    status = forms.ChoiceField(choices=ActionProgress.choices, label="Progress")
    rag = forms.ChoiceField(choices=[("", "No rating"), *Rag.choices], required=False,
                            label="RAG rating")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Update", help_text="What has happened since the last update. "
                                                     "Say why if you cancel the action.")
