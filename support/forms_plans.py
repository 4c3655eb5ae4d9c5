"""Forms of the support plan pages. Shapes only: the rules live in `support.services.plans`.
The progress form is the core one (`core.forms.ActionProgressForm`)."""

from __future__ import annotations

from django import forms

from core.actions import Rag
from core.forms import DateInput


class PlanActionForm(forms.Form):
    description = forms.CharField(label="The action", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                   label="Owner: a member of the partnership")
    owner_name = forms.CharField(max_length=200, required=False,
                                 label="Or the owner's name, if not a member",
                                 help_text="For example the trust's English lead.")
    due_date = forms.DateField(widget=DateInput(), required=False, label="Due by")
    rag = forms.ChoiceField(choices=[("", "No rating yet"), *Rag.choices], required=False,
                            label="RAG rating")

    def __init__(self, *args, owners: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Not a member"), *owners]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", "Choose the owner or type their name.")
        return data
