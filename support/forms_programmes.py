"""Forms of the programme pages. Shapes only: the rules live in
`support.services.programmes`, which names what is wrong."""

from __future__ import annotations

from django import forms

from core.forms import DateInput
from support.forms_peer_review import school_field


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200,
                           help_text="For example, Mobilise: making the best use of teaching "
                                     "assistants.")
    provider = forms.CharField(label="Run or funded by", max_length=200, required=False,
                               help_text="For example, the Education Endowment Foundation.")
    description = forms.CharField(label="What it is", required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label="Starts on", widget=DateInput())
    ends_on = forms.DateField(label="Ends on", required=False, widget=DateInput())


class SignUpForm(forms.Form):
    urns = forms.CharField(label="URNs of the schools signing up", max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="One or many, separated by commas, spaces or new lines.")
    signed_up_on = forms.DateField(label="Signed up on", widget=DateInput())


class ProgrammeTrainingForm(forms.Form):
    name = forms.CharField(label="Name of the person trained", max_length=200)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    school = school_field(required=False, empty_label="Not a school's member of staff")
    trained_on = forms.DateField(label="Trained on", widget=DateInput())

    def __init__(self, *args, schools, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
