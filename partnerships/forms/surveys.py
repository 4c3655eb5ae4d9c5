"""Forms of the consultation surveys: creating one, and one respondent's ratings. They check
shapes only; the rules live in `services.surveys`."""

from django import forms

from partnerships.models import Rating, RespondentRole
from schools.models import Phase


class SurveyCreateForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(label="What respondents are asked", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(
        label="Options to rate, one a line", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example Local authority trading company, In-house model, Outsourcing.",
    )
    proposal = forms.ModelChoiceField(label="About the proposal (optional)", queryset=None,
                                      required=False)
    opens_on = forms.DateField(label="Opens on (optional)", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label="Closes on (optional)", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals

    def option_labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


ROLE_CHOICES = [(RespondentRole.HEADTEACHER, "Headteacher"), (RespondentRole.GOVERNOR, "Governor")]
PHASE_CHOICES = [choice for choice in Phase.choices if choice[0] != Phase.NOT_APPLICABLE]


class SurveyAnswerForm(forms.Form):
    """One respondent's ratings. A headteacher answers for themselves (role and phase come from
    their school); an officer entering a paper response states the role and the phase."""

    respondent_role = forms.ChoiceField(label="The respondent is a", choices=ROLE_CHOICES,
                                        widget=forms.RadioSelect)
    phase = forms.ChoiceField(label="Phase of the respondent's school", choices=PHASE_CHOICES)

    def __init__(self, *args, options, on_paper: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(options)
        if not on_paper:
            del self.fields["respondent_role"]
            del self.fields["phase"]
        for option in self.options:
            self.fields[self.option_field(option)] = forms.ChoiceField(
                label=option.label, choices=Rating.choices, widget=forms.RadioSelect,
                required=False,
            )

    @staticmethod
    def option_field(option) -> str:
        return f"option_{option.pk}"

    def clean(self):
        data = super().clean()
        if not any(data.get(self.option_field(option)) for option in self.options):
            raise forms.ValidationError("Rate at least one option.")
        return data

    def ratings(self) -> dict:
        return {option: self.cleaned_data[self.option_field(option)] for option in self.options
                if self.cleaned_data.get(self.option_field(option))}

    def rating_fields(self) -> list:
        return [self[self.option_field(option)] for option in self.options]
