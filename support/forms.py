"""Forms of the support pages. They check shapes only; the rules live in `support.services`
(so the pages and the API refuse alike)."""

from __future__ import annotations

from django import forms

from core.forms import DateInput
from support.models import NoteTemplate, Rating, Response, VisitNote

RATING_CHOICES = [("", "Not rated"), *Rating.choices]


def _template_choices(templates: list[NoteTemplate]) -> list[tuple[str, str]]:
    return [(str(template.pk), template.name) for template in templates]


class VisitCreateForm(forms.Form):
    label = forms.CharField(label="What the visit is", max_length=200,
                            help_text="For example Review visit, or Support with phonics.")
    planned_on = forms.DateField(label="Day of the visit", widget=DateInput())
    focus = forms.ChoiceField(label="Note template", required=False)

    def __init__(self, *args, templates: list[NoteTemplate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus"].choices = [("", "Choose later"), *_template_choices(templates)]


class VisitMoveForm(forms.Form):
    planned_on = forms.DateField(label="New day of the visit", widget=DateInput())


class VisitCancelForm(forms.Form):
    reason = forms.CharField(label="Why the visit is cancelled", max_length=300)


class VisitRecordForm(forms.Form):
    done_on = forms.DateField(label="Day the visit took place", widget=DateInput())
    # Text, not DecimalField: the service names what is wrong with it, for pages and API.
    days_used = forms.CharField(label="Support days it used", help_text="For example 0.5.")


class NoteStartForm(forms.Form):
    template = forms.ChoiceField(label="Note template")

    def __init__(self, *args, templates: list[NoteTemplate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = _template_choices(templates)


class NoteWriteForm(forms.Form):
    """One commentary box per section and a rating per RAG field, from the note's structure."""

    summary = forms.CharField(label="Summary for the school", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, note: VisitNote, **kwargs) -> None:
        ratings = {rating.field_key: rating.rating for rating in note.ratings.all()}
        initial = {"summary": note.summary}
        super().__init__(*args, initial=initial, **kwargs)
        self.layout = []
        for section in note.sections:
            name = f"commentary_{section['key']}"
            self.fields[name] = forms.CharField(
                label=section["title"], required=False, help_text=section.get("guidance", ""),
                widget=forms.Textarea(attrs={"rows": 5}))
            self.initial[name] = note.commentary.get(section["key"], "")
            rated = []
            for field in section.get("fields", []):
                rating_name = f"rating_{field['key']}"
                self.fields[rating_name] = forms.ChoiceField(
                    label=field["label"], choices=RATING_CHOICES, required=False)
                self.initial[rating_name] = ratings.get(field["key"], "")
                rated.append(rating_name)
            self.layout.append((name, rated))
        self.sections = note.sections

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "commentary": {s["key"]: data.get(f"commentary_{s['key']}", "")
                           for s in self.sections},
            "ratings": {f["key"]: data.get(f"rating_{f['key']}", "")
                        for s in self.sections for f in s.get("fields", [])},
            "summary": data.get("summary", ""),
        }


class SchoolPartForm(forms.Form):
    def __init__(self, *args, note: VisitNote, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = note.school_questions
        for question in self.questions:
            name = f"answer_{question['key']}"
            self.fields[name] = forms.CharField(label=question["label"], required=False,
                                                widget=forms.Textarea(attrs={"rows": 4}))
            self.initial[name] = note.school_answers.get(question["key"], "")

    def answers(self) -> dict:
        return {q["key"]: self.cleaned_data.get(f"answer_{q['key']}", "")
                for q in self.questions}


class RespondForm(forms.Form):
    response = forms.ChoiceField(label="Is the note accurate?", choices=Response.choices,
                                 widget=forms.RadioSelect)
    comment = forms.CharField(label="Comment", required=False,
                              help_text="Required when you mark the note inaccurate: say "
                                        "what is wrong.",
                              widget=forms.Textarea(attrs={"rows": 4}))


class CheckForm(forms.Form):
    decision = forms.ChoiceField(label="Your check", widget=forms.RadioSelect, choices=[
        ("release", "Release the note to the school"),
        ("return", "Return it to its writer with a comment")])
    comment = forms.CharField(label="Comment", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(forms.Form):
    notes_quality_check = forms.BooleanField(
        label="A senior officer checks each visit note before it is released to the school",
        required=False)
    school_days_per_year = forms.DecimalField(
        label="Days a school able to give support offers a year", min_value=0,
        max_value=200, decimal_places=1,
        help_text="Brokering never asks more of a school whose agreed capacity level gives "
                  "support, when no leader is named.")
    chairs_see_notes = forms.BooleanField(
        label="Officers may give a chair of governors their school's released visit notes "
              "until an end date", required=False)
    staff_notes_retention_months = forms.IntegerField(
        label="Months a visit note naming staff is kept", min_value=1, max_value=240,
        help_text="Counted from the visit's date. Then the note's text is redacted; its red, "
                  "amber and green ratings are kept.")


class NamesStaffForm(forms.Form):
    names_staff = forms.BooleanField(
        label="This note names members of staff", required=False,
        help_text="Its text is then redacted when the council's retention period for such "
                  "notes has passed since the visit.")
