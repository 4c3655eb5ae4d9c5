"""Forms of the brokering pages. Shapes only: the rules live in `support.brokering` and
`support.services.brokering`, which name what is wrong."""

from __future__ import annotations

from django import forms

from core.forms import DateInput
from support.models import Impact, Progress, Specialism, ValueForMoney

NEED_CHOICES = [("", "Any"), *Specialism.choices]


class BrokerForm(forms.Form):
    need = forms.ChoiceField(label="What the school needs", choices=NEED_CHOICES,
                             required=False)
    days = forms.DecimalField(label="Days of support", min_value=0.5, max_value=200,
                              decimal_places=1)
    starts_on = forms.DateField(label="Starting", widget=DateInput())


class DeploymentCreateForm(forms.Form):
    supporter = forms.ChoiceField(label="System leader or school")
    need = forms.ChoiceField(label="What the school needs", choices=NEED_CHOICES,
                             required=False)
    objectives = forms.CharField(label="Objectives", widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="What the support should achieve, and how you will "
                                           "know.")
    # Text: the service names what is wrong with it, for pages and API alike.
    days = forms.CharField(label="Days of support", help_text="For example 4.5.")
    cost = forms.CharField(label="Cost (£)", help_text="For example 1800.00.")
    starts_on = forms.DateField(label="Starts", widget=DateInput())
    ends_on = forms.DateField(label="Ends", widget=DateInput())

    def __init__(self, *args, supporters: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supporter"].choices = [("", "Choose a leader or a school"),
                                           *supporters]


class DeploymentCommitForm(forms.Form):
    budget = forms.ChoiceField(label="Budget")
    on = forms.DateField(label="Date of the commitment", widget=DateInput())

    def __init__(self, *args, budgets: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].choices = [("", "Choose a budget"), *budgets]


class DeploymentReviewForm(forms.Form):
    reviewed_on = forms.DateField(label="Date of the review", widget=DateInput())
    progress = forms.ChoiceField(label="Progress against the objectives",
                                 choices=Progress.choices, widget=forms.RadioSelect)
    days_used = forms.CharField(label="Days used to date",
                                help_text="All the days used since the deployment started, "
                                          "for example 2.5.")
    summary = forms.CharField(label="What the support has done and what has changed",
                              widget=forms.Textarea(attrs={"rows": 5}))


class DeploymentImpactForm(forms.Form):
    reviewed_on = forms.DateField(label="Date of the impact review", widget=DateInput())
    impact = forms.ChoiceField(label="What the support achieved", choices=Impact.choices,
                               widget=forms.RadioSelect)
    days_used = forms.CharField(label="Days used in all", help_text="For example 4.5.")
    summary = forms.CharField(label="The impact, with its evidence",
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="Outcomes for pupils, what the school now does "
                                        "differently, what is left to do.")


class QualityAssuranceForm(forms.Form):
    value_for_money = forms.ChoiceField(label="Value for money", choices=ValueForMoney.choices,
                                        widget=forms.RadioSelect)
    comment = forms.CharField(label="Why, and the evidence you used",
                              widget=forms.Textarea(attrs={"rows": 4}))
