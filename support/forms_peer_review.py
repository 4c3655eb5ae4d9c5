"""Forms of the peer review pages. Shapes only: the rules live in
`support.services.peer_review` and `support.peer_review`, which name what is wrong."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator

from core.forms import DateInput, ValuesChoiceField
from core.models import Membership
from schools.models import School
from support.models.peer_review import Judgement, PeerReviewTheme

NO_PARTNERSHIP = ""


class CycleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200,
                           help_text="For example, Autumn 2025 peer reviews, Wolds cluster.")
    academic_year = forms.TypedChoiceField(label="Academic year", coerce=int)
    starts_on = forms.DateField(label="Starts on", widget=DateInput())
    ends_on = forms.DateField(label="Ends on", widget=DateInput())
    partnership = forms.ChoiceField(
        label="Review every school of a partnership", required=False,
        help_text="Set up a review for each open school of a cluster or partnership in one "
                  "step, over the cycle's dates. Leave it empty to add schools one by one.")
    team_size = forms.IntegerField(
        label="Reviewers to propose for each school", min_value=0, max_value=6, initial=2,
        required=False,
        help_text="From the trained headteachers: never a head of the school or of its trust; "
                  "the least used first. 0 to assign every team yourself.")

    def __init__(self, *args, years: list[tuple[int, str]],
                 partnerships: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = years
        self.fields["partnership"].choices = [(NO_PARTNERSHIP, "None: add schools one by one"),
                                              *partnerships]

    def clean_partnership(self) -> int | None:
        value = self.cleaned_data.get("partnership")
        return int(value) if value else None


def school_field(**kwargs) -> ValuesChoiceField:
    """A school select (its queryset set by the view) whose options are the schools' names."""
    return ValuesChoiceField(School.objects.none(), label_from="establishment__name",
                             label="School", **kwargs)


class PersonNames(ModelChoiceIterator):
    """A headteacher select's options as (id, "name, school"), read in one query of four
    columns rather than a membership, user, headship, school and establishment an option. A
    chosen person is still cleaned to the Membership."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, full_name, email, school in self.queryset.values_list(
                "pk", "user__full_name", "user__email", "headship__school__establishment__name"):
            name = full_name or email
            yield (pk, f"{name}, {school}" if school else name)


class PersonField(forms.ModelChoiceField):
    iterator = PersonNames


class ReviewForm(forms.Form):
    school = school_field(empty_label=None)
    starts_on = forms.DateField(label="Review starts on", widget=DateInput())
    ends_on = forms.DateField(label="Review ends on", widget=DateInput(),
                              help_text="The reviewers' access to the review ends with it.")

    def __init__(self, *args, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ReviewerForm(forms.Form):
    person = PersonField(label="Headteacher", queryset=Membership.objects.none(),
                         empty_label=None)
    is_lead = forms.BooleanField(label="Lead reviewer", required=False)

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class TrainingForm(forms.Form):
    person = PersonField(label="Headteacher", queryset=Membership.objects.none(),
                         empty_label=None)
    trained_on = forms.DateField(label="Trained on", widget=DateInput())
    trained_by = forms.CharField(label="Trained by", max_length=200,
                                 help_text="For example, the local authority or a teaching "
                                           "school.")

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ThemeForm(forms.Form):
    name = forms.CharField(label="New theme", max_length=100)


class OutcomeForm(forms.Form):
    theme = forms.ModelChoiceField(label="Theme", queryset=PeerReviewTheme.objects.none(),
                                   empty_label=None)
    judgement = forms.ChoiceField(label="Judgement", choices=Judgement.choices,
                                  widget=forms.RadioSelect)
    text = forms.CharField(label="What the review found", max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, themes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


class WorkshopForm(forms.Form):
    summary = forms.CharField(label="Summary of the review", max_length=10000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    workshop_on = forms.DateField(label="Improvement workshop held on", required=False,
                                  widget=DateInput())
    workshop_notes = forms.CharField(label="Workshop notes: the priorities agreed",
                                     max_length=20000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 6}))


class ReviewDatesForm(forms.Form):
    starts_on = forms.DateField(label="Review starts on", widget=DateInput())
    ends_on = forms.DateField(label="Review ends on", widget=DateInput(),
                              help_text="The reviewers' access to the review ends with it.")


class TrainingEditForm(forms.Form):
    trained_on = forms.DateField(label="Trained on", widget=DateInput())
    trained_by = forms.CharField(label="Trained by", max_length=200)
