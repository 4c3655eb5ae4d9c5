"""Forms for the categorisation workflow and schemes. Validation of shape only: the rules (a
reason is required, a category must belong to the scheme, a scheme edit must leave no school
without a category) are the services', whose refusals the views put back on these forms."""

from __future__ import annotations

import json

from django import forms

from categorisation.models import CategorisationScheme, SchemeCategory
from categorisation.schemes.presets import PRESETS
from core.forms import DateInput

REASON_WIDGET = forms.Textarea(attrs={"rows": 4})


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the school or a colleague should know about this decision.",
    )


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SchemeCategory) -> str:
        return f"{obj.code} {obj.label}"


class OverrideForm(forms.Form):
    category = CategoryChoiceField(
        label="Category to set instead", queryset=SchemeCategory.objects.none(),
        empty_label="Choose a category",
        error_messages={"required": "Choose the category to set",
                        "invalid_choice": "Choose a category of this scheme"},
    )
    reason = forms.CharField(
        label="Why are you overriding the proposed category?", widget=REASON_WIDGET,
        help_text="The school sees this reason beside the data.",
        error_messages={"required": "Enter why you are overriding the proposed category"},
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].queryset = categories


class AgreeForm(forms.Form):
    note = forms.CharField(label="Comment (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DisagreeForm(forms.Form):
    reason = forms.CharField(
        label="Why do you disagree with this category?", widget=REASON_WIDGET,
        help_text="Say what the data miss. A senior officer or the board will moderate it.",
        error_messages={"required": "Enter why you disagree with the category"},
    )


class ModerationForm(forms.Form):
    category = CategoryChoiceField(
        label="Category decided", queryset=SchemeCategory.objects.none(),
        empty_label="Choose a category",
        error_messages={"required": "Choose the category decided",
                        "invalid_choice": "Choose a category of the school's scheme"},
    )
    reason = forms.CharField(
        label="Why was it decided this way?", widget=REASON_WIDGET,
        error_messages={"required": "Enter why it was decided this way"},
    )
    by_board = forms.BooleanField(
        label="I am recording the decision of a board", required=False,
    )
    board_name = forms.CharField(
        label="Name of the board (if a board decided)", required=False, max_length=200,
    )

    def __init__(self, *args, categories=None, board_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].queryset = categories
        self.board_only = board_only
        if board_only:
            # An officer may only record a board's decision, never decide alone.
            del self.fields["by_board"]
            self.fields["board_name"].label = "Name of the board that decided"
            self.fields["board_name"].required = True
            self.fields["board_name"].error_messages["required"] = (
                "Enter the board that decided")

    def clean(self):
        data = super().clean()
        if self.board_only:
            data["by_board"] = True
        elif data.get("by_board") and not (data.get("board_name") or "").strip():
            self.add_error("board_name", "Enter the board that decided")
        return data


class PresetForm(forms.Form):
    preset = forms.ChoiceField(
        label="Preset to load", choices=[(key, data["name"]) for key, data in PRESETS.items()],
        help_text="Loading a preset makes it the active version of that scheme and recomputes "
                  "every school in the register.",
    )


class SchemeVersionForm(forms.Form):
    definition = forms.CharField(
        label="Rules and thresholds (JSON)", widget=forms.Textarea(attrs={"rows": 24}),
        help_text="parameters, derive and rules, as the scheme engine reads them. The first "
                  "rule that matches decides.",
        error_messages={"required": "Enter the scheme's rules"},
    )
    change_note = forms.CharField(
        label="What changed, and why", max_length=300,
        error_messages={"required": "Say what changed, and why"},
    )

    @classmethod
    def for_scheme(cls, scheme: CategorisationScheme, data=None) -> SchemeVersionForm:
        return cls(data, initial={"definition": json.dumps(scheme.definition, indent=2)})

    def clean_definition(self) -> dict:
        text = self.cleaned_data["definition"]
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"The rules are not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}") from error
        if not isinstance(value, dict):
            raise forms.ValidationError("The rules must be a JSON object with a \"rules\" list")
        return value


# --- Officer judgements (categorisation.judgements) -------------------------------------------
# One form per judgement on the school's category page: `auto_id` carries the key, so two
# judgements' fields (and the category's own agree/disagree fields) never share an id.


def judgement_auto_id(key: str, form: str = "") -> str:
    return f"id_{key}_{form + '_' if form else ''}%s"


class JudgementForm(forms.Form):
    key = forms.ChoiceField(widget=forms.HiddenInput, error_messages={
        "required": "Choose a judgement your scheme uses",
        "invalid_choice": "Your partnership's scheme does not use this judgement"})
    value = forms.ChoiceField(label="Judgement", error_messages={
        "required": "Choose a value", "invalid_choice": "Choose one of the values listed"})
    reason = forms.CharField(label="Why?", widget=REASON_WIDGET,
                             help_text="The school sees this reason.",
                             error_messages={"required": "Enter why you judge it this way"})

    def __init__(self, *args, kinds=(), kind=None, **kwargs):
        if kind is not None:
            kwargs.setdefault("auto_id", judgement_auto_id(kind.key))
            kwargs.setdefault("initial", {"key": kind.key})
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(k.key, k.label) for k in kinds]
        if kind is not None:
            verb = "propose" if kind.needs_agreement else "record"
            self.fields["value"].label = f"{kind.noun.capitalize()} to {verb}"
            self.fields["value"].choices = [("", "Choose"), *kind.choices]
            self.fields["value"].error_messages["required"] = kind.value_error
            self.fields["value"].error_messages["invalid_choice"] = kind.value_error
            self.fields["reason"].error_messages["required"] = (
                f"Enter why you judge the {kind.noun} this way")


class JudgementAgreeForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, error_messages={
        "required": "Say which judgement you are answering"})
    note = forms.CharField(label="Comment (optional)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class JudgementDisagreeForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, error_messages={
        "required": "Say which judgement you are answering"})
    reason = forms.CharField(
        label="Why do you disagree?", widget=REASON_WIDGET,
        help_text="A senior officer or the board will moderate it.",
        error_messages={"required": "Enter why you disagree"},
    )


class JudgementModerationForm(ModerationForm):
    """The categories' moderation form, deciding a value of the judgement instead."""

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["category"]
        self.fields["value"] = forms.ChoiceField(
            label=f"{kind.label} decided", choices=[("", "Choose"), *kind.choices],
            error_messages={"required": kind.value_error, "invalid_choice": kind.value_error})
        self.order_fields(["value", "reason", "by_board", "board_name"])


class RoundOpenForm(forms.Form):
    name = forms.CharField(
        label="Name of the round", max_length=100,
        help_text="For example Autumn 2026. Only one round is open at a time.",
        error_messages={"required": "Enter a name for the round, for example Autumn 2026"},
    )


class ProposalIdsField(forms.Field):
    """The ids of the proposals ticked on the round page (checkboxes, no JavaScript)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        try:
            ids = sorted({int(item) for item in value or []})
        except (TypeError, ValueError) as error:
            raise forms.ValidationError("Choose schools from the list") from error
        if any(not 0 < pk < 2**63 for pk in ids):
            raise forms.ValidationError("Choose schools from the list")
        return ids


class RoundConfirmForm(forms.Form):
    """Which unchanged proposals to confirm: the submit button pressed says all or only those
    ticked."""

    confirm = forms.ChoiceField(
        choices=[("all", "Every unchanged proposal"), ("selected", "Only those ticked")],
        error_messages={"required": "Choose whether to confirm every unchanged proposal or "
                                    "only those ticked"})
    proposal = ProposalIdsField(required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("confirm") == "selected" and not data.get("proposal"):
            raise forms.ValidationError("Tick at least one school, or confirm every unchanged "
                                        "proposal")
        return data

    @property
    def proposal_ids(self) -> list[int] | None:
        """None for every unchanged proposal; otherwise the ticked ones."""
        if self.cleaned_data["confirm"] == "all":
            return None
        return self.cleaned_data["proposal"]


class ChairOfGovernorsForm(forms.Form):
    holder = forms.TypedChoiceField(
        coerce=int, label="Chair of governors",
        help_text="A viewer or board member of the partnership: invite them first if needed.",
        error_messages={"required": "Choose the chair of governors"})
    start_date = forms.DateField(widget=DateInput(), label="From",
                                 error_messages={"required": "Enter the date the term starts"})
    end_date = forms.DateField(widget=DateInput(), required=False,
                               label="First day it no longer holds (optional)")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", "Choose a person")] + [
            (m.pk, f"{m.user} ({m.get_role_display().lower()})") for m in people]


class ChairOfGovernorsEndForm(forms.Form):
    end_date = forms.DateField(widget=DateInput(), label="First day it no longer holds",
                               error_messages={"required": "Enter the date the term ends"})
