"""Forms of the page giving a named person a school's visit notes. Shapes only: the rules
live in `support.services.access`, which names what is wrong."""

from __future__ import annotations

from django import forms

from core.forms import DateInput


class NotesGrantForm(forms.Form):
    holder = forms.TypedChoiceField(
        coerce=int, label="Person",
        help_text="A viewer or board member of the partnership: invite them first if needed.",
        error_messages={"required": "Choose the person"})
    capacity = forms.CharField(label="As", max_length=100, initial="Chair of governors")
    starts_on = forms.DateField(widget=DateInput(), label="From",
                                error_messages={"required": "Enter the date it starts"})
    ends_on = forms.DateField(widget=DateInput(), label="First day it no longer holds",
                              error_messages={"required": "Enter the date it ends"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", "Choose a person")] + [
            (m.pk, f"{m.user} ({m.get_role_display().lower()})") for m in people]


class NotesGrantEndForm(forms.Form):
    ends_on = forms.DateField(widget=DateInput(), label="First day it no longer holds",
                              error_messages={"required": "Enter the date it ends"})
