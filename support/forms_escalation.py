"""Forms of the escalation pages. Shapes only: which step is open on which date is
`support.escalation`'s to say, through `support.services.escalation`."""

from __future__ import annotations

from django import forms

from core.forms import DateInput
from support.escalation import StepKind
from support.models.escalation import STEP_LABELS

MAINTAINED = (StepKind.EVIDENCE, StepKind.WARNING_NOTICE, StepKind.IEB,
              StepKind.ACADEMY_ORDER_DUTY, StepKind.ACADEMY_ORDER_POWER)
ACADEMY = (StepKind.EVIDENCE, StepKind.TRUST_LIAISON, StepKind.DFE_LIAISON, StepKind.DFE_ACTION)


class EscalationOpenForm(forms.Form):
    agreed_support = forms.CharField(label="The support the school agreed to",
                                     widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(label="How the school is not engaging",
                               widget=forms.Textarea(attrs={"rows": 5}),
                               help_text="With dates: meetings missed, actions not taken, "
                                         "support declined.")
    noticed_on = forms.DateField(label="Not engaging since", widget=DateInput())
    opened_on = forms.DateField(label="Recorded on", widget=DateInput())
    deployment = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                        label="The brokered support it concerns (optional)")

    def __init__(self, *args, deployments: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deployment"].choices = [("", "None"), *deployments]


class EscalationStepForm(forms.Form):
    kind = forms.ChoiceField(label="Next step", widget=forms.RadioSelect)
    taken_on = forms.DateField(label="Taken on", widget=DateInput())
    note = forms.CharField(label="What was done, and the evidence",
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, is_maintained: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kinds = MAINTAINED if is_maintained else ACADEMY
        self.fields["kind"].choices = [(k.value, STEP_LABELS[k]) for k in kinds]


class EscalationStepCorrectForm(EscalationStepForm):
    reason = forms.CharField(label="Why you are correcting it",
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Kept with the step's history, beside what it said "
                                       "before.")


class EscalationCloseForm(forms.Form):
    closed_on = forms.DateField(label="Closed on", widget=DateInput())
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="The school engages again, or what intervention "
                                        "followed.")
