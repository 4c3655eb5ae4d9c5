"""Forms of a board's priorities and actions. Shapes only; the rules live in
`boards.services.actions`. The view gives the board's own members, priorities and items."""

from django import forms

from boards.forms import _optional_int
from core.actions import Progress, Rag
from core.forms import DateInput
from core.years import AcademicYear


class PriorityForm(forms.Form):
    academic_year = forms.TypedChoiceField(coerce=int, label="Academic year", required=False,
                                           empty_value=None)
    title = forms.CharField(max_length=200, help_text="For example Disadvantaged learners.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="What the board means to change, and how it will "
                                            "know.")
    start_date = forms.DateField(widget=DateInput(), required=False,
                                 label="Start date (today, or 1 September for next year, if "
                                       "blank)")

    def __init__(self, *args, years: list[AcademicYear], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = [  # type: ignore[attr-defined]
            (y.start_year, y.label) for y in years]


class PriorityEndForm(forms.Form):
    end_date = forms.DateField(widget=DateInput(), required=False,
                               label="Ended on (today if blank)")
    reason = forms.CharField(max_length=300, label="Why it ends",
                             help_text="For example Achieved, or Replaced by a new priority.")


class ActionForm(forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="The action")
    owner = _optional_int(label="Owner: a member of the board")
    owner_name = forms.CharField(max_length=200, required=False,
                                 label="Or the owner's name, if not a member",
                                 help_text="For example the maths hub lead.")
    due_date = forms.DateField(widget=DateInput(), required=False, label="Due by")
    priority = _optional_int(label="Priority it serves (optional)")
    item = _optional_int(label="Agenda item it arose from (optional)")

    def __init__(self, *args, people, priorities, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Not a member")] + [
            (person.pk, f"{person.user} ({seat})") for person, seat in people]
        self.fields["priority"].choices = [("", "None")] + [
            (p.pk, f"{p.title} ({p.year.label})") for p in priorities]
        self.fields["item"].choices = [("", "None")] + [
            (item.pk, f"{item.meeting.starts_at:%d %B %Y}, item {item.number}: {item.title}")
            for item in items]


class ProgressForm(forms.Form):
    status = forms.ChoiceField(choices=Progress.choices, label="Progress")
    rag = forms.ChoiceField(choices=[("", "No rating"), *Rag.choices], required=False,
                            label="RAG rating")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Update", help_text="What has happened since the last update. "
                                                     "Say why if you cancel the action.")
