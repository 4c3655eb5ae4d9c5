"""Forms of the RISE case pages. Shapes only: the rules live in `support.services.rise`, which
names what is wrong."""

from __future__ import annotations

from django import forms

from core.forms import DateInput
from support.models import Progress, RiseStage, RiseTier


class RiseCaseForm(forms.Form):
    tier = forms.ChoiceField(label="DfE tier", choices=RiseTier.choices,
                             widget=forms.RadioSelect)
    adviser = forms.CharField(label="RISE adviser", max_length=200, required=False)
    supporting_organisation = forms.CharField(label="Supporting organisation", max_length=200,
                                              required=False,
                                              help_text="The school, trust or organisation "
                                                        "DfE matched.")
    funding_band = forms.CharField(label="Funding band", max_length=100, required=False,
                                   help_text="In DfE's words.")
    # Text: the service names what is wrong with it, for pages and API alike.
    grant = forms.CharField(label="DfE grant (£)", max_length=20, required=False,
                            help_text="External money: DfE pays it, never the council's "
                                      "funds. For example 40000.00.")
    plan = forms.CharField(label="Improvement plan", required=False,
                           widget=forms.Textarea(attrs={"rows": 5}))
    note = forms.CharField(label="Note for the case history", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="For example, where DfE's decision came from.")
    conflict_override = forms.CharField(
        label="Why DfE's choice stands despite a conflict of interest", required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only when the adviser or supporting organisation has a conflict with the "
                  "school (the page says which): your reason is kept in the case history.")


class RiseOpenForm(RiseCaseForm):
    opened_on = forms.DateField(label="Opened on", widget=DateInput())

    field_order = ["opened_on", "tier"]


class RiseStageForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", choices=RiseStage.choices,
                              widget=forms.RadioSelect)
    note = forms.CharField(label="Note", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What DfE decided. Needed when the case goes back a "
                                     "stage.")


class RiseReviewForm(forms.Form):
    reviewed_on = forms.DateField(label="Date of the review", widget=DateInput())
    progress = forms.ChoiceField(label="Progress against the plan", choices=Progress.choices,
                                 widget=forms.RadioSelect)
    summary = forms.CharField(label="What the review found",
                              widget=forms.Textarea(attrs={"rows": 5}))


class RiseCloseForm(forms.Form):
    closed_on = forms.DateField(label="Closed on", widget=DateInput())
    note = forms.CharField(label="Why the case closes",
                           widget=forms.Textarea(attrs={"rows": 3}))
