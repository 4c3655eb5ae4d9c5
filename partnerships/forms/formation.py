"""Forms of the pro-forma and proposal pages.

Forms check the shape of what was typed; the rules (a school of another tenant, sizes that
cannot be met, a secondary leading primaries that did not agree) are the services'.
Querysets are passed in by the view, which runs inside the tenant's scope.
"""

from django import forms

from partnerships.models import PartnershipType, ProposalResponse
from schools.models import Phase

TYPE_CHOICES = [("", "No preference"), *PartnershipType.choices]


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.establishment.name} ({obj.urn})"


class SchoolMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.establishment.name} ({obj.urn})"


class ProFormaForm(forms.Form):
    informal_partners = SchoolMultipleChoiceField(
        label="Existing informal partners", queryset=None, required=False,
        help_text="Schools you already work with. Hold Ctrl (Cmd on a Mac) to choose several.",
    )
    preferred_partners = SchoolMultipleChoiceField(
        label="Preferred partners", queryset=None, required=False,
        help_text="Schools you would like to be in a partnership with.",
    )
    preferred_type = forms.ChoiceField(
        label="Preferred type of partnership", choices=TYPE_CHOICES, required=False,
    )
    accepts_secondary_lead = forms.BooleanField(
        label="We would accept a partnership led by a secondary school", required=False,
    )
    comments = forms.CharField(
        label="Anything else the local authority should know", required=False,
        widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["informal_partners"].queryset = schools
        self.fields["preferred_partners"].queryset = schools


class GenerateForm(forms.Form):
    name = forms.CharField(label="Name of the proposal", max_length=200,
                           help_text="For example Primary partnerships 2025.")
    level = forms.ModelChoiceField(
        label="Level", queryset=None, empty_label=None,
        help_text="The confirmed partnerships are created at this level.",
    )
    phases = forms.MultipleChoiceField(
        label="Schools to place",
        choices=[c for c in Phase.choices if c[0] != Phase.NOT_APPLICABLE], required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Every open school of the phases you tick is offered a place. Tick none for "
                  "every open school.",
    )
    min_size = forms.IntegerField(label="Smallest partnership (schools)", min_value=1,
                                  max_value=100, initial=4)
    max_size = forms.IntegerField(label="Largest partnership (schools)", min_value=1,
                                  max_value=100, initial=8)
    partnership_type = forms.ChoiceField(label="Type of the partnerships",
                                         choices=PartnershipType.choices,
                                         initial=PartnershipType.STRUCTURED)
    seed = forms.IntegerField(
        label="Seed", min_value=1, max_value=1_000_000, initial=1,
        help_text="The same seed and pro-formas give the same proposal; another seed may give "
                  "another good one.",
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels

    def clean(self):
        data = super().clean()
        low, high = data.get("min_size"), data.get("max_size")
        if low and high and low > high:
            self.add_error("max_size", "The largest partnership must be at least the smallest.")
        return data


class MoveForm(forms.Form):
    school = SchoolChoiceField(label="School", queryset=None)
    to = forms.ModelChoiceField(label="Move to", queryset=None, empty_label=None)

    def __init__(self, *args, schools, partnerships, **kwargs):
        super().__init__(*args, prefix="move", **kwargs)
        self.fields["school"].queryset = schools
        self.fields["to"].queryset = partnerships


class LeadForm(forms.Form):
    school = SchoolChoiceField(label="Lead school", queryset=None, empty_label=None)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class ResponseForm(forms.Form):
    school = SchoolChoiceField(
        label="School", queryset=None,
        help_text="The school whose answer you are recording.",
    )
    answer = forms.ChoiceField(label="Does the school agree with its proposed partnership?",
                               choices=ProposalResponse.Answer.choices,
                               widget=forms.RadioSelect)
    comment = forms.CharField(label="Comment", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, schools=None, **kwargs):
        """Without `schools` the answer is for the headteacher's own school (no choice)."""
        super().__init__(*args, **kwargs)
        if schools is None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools


class ConfirmForm(forms.Form):
    start_date = forms.DateField(
        label="The partnerships start on",
        help_text="The first day of the memberships, for example 1 April 2025.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
