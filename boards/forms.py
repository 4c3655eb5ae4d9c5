"""Forms of the board pages. They check shapes only; the rules live in `boards.services`.
Choices of seats, people and meetings are given by the view from the board's own lists."""

from datetime import time

from django import forms
from django.utils import timezone

from boards import schedule
from boards.models import (
    AttendanceMode,
    Decision,
    ExemptParagraph,
    HoldingKind,
    InterestKind,
    MinutesReaders,
    QuorumKind,
    RsvpAnswer,
    SeatKind,
    VoteChoice,
)
from core.forms import DateInput
from core.years import AcademicYear


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _optional_int(**kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(coerce=int, required=False, empty_value=None, **kwargs)


class BoardForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example School Improvement Board.")
    terms = forms.CharField(label="Terms of reference", required=False,
                            widget=forms.Textarea(attrs={"rows": 10}))
    quorum_kind = forms.ChoiceField(label="Quorum", choices=QuorumKind.choices)
    quorum_numerator = forms.IntegerField(label="Fraction: seats", min_value=1, initial=1,
                                          help_text="For one third, 1 ...")
    quorum_denominator = forms.IntegerField(label="Fraction: out of", min_value=1, initial=3,
                                            help_text="... out of 3 voting seats filled.")
    quorum_number = forms.IntegerField(label="Number of voting seats", min_value=1,
                                       required=False, help_text="With a number quorum.")
    remote_attendance_counts = forms.BooleanField(
        required=False, label="Members joining remotely count towards the quorum and vote")
    minutes_readers = forms.ChoiceField(label="Who reads the published minutes",
                                        choices=MinutesReaders.choices)
    papers_notice_days = forms.IntegerField(label="Papers out, clear working days before",
                                            min_value=0, max_value=30, initial=5)
    attendance_window = forms.IntegerField(
        label="Meetings counted for attendance rates", min_value=2, max_value=24, initial=6,
        help_text="The board's last this many meetings held (cancelled ones are left out).")


class SeatForm(forms.Form):
    label = forms.CharField(max_length=200, help_text="For example Primary head, Chesil "
                                                      "alliance.")
    kind = forms.ChoiceField(choices=SeatKind.choices)
    nominating_partnership = _optional_int(label="Nominated by (a partnership)")
    nominating_group = forms.CharField(max_length=200, required=False,
                                       label="Or nominated by (another group)")
    co_opted_until = forms.DateField(required=False, widget=DateInput(),
                                     label="Co-opted until")
    co_opted_purpose = forms.CharField(max_length=300, required=False,
                                       label="Co-opted for (project, expertise)")

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominating_partnership"].choices = [("", "None")] + [
            (p.pk, p.name) for p in partnerships]


class HoldingForm(forms.Form):
    holder = forms.TypedChoiceField(coerce=int, label="Person")
    kind = forms.ChoiceField(choices=HoldingKind.choices, label="As")
    start_date = forms.DateField(widget=DateInput(), label="Term of office starts")
    end_date = forms.DateField(widget=DateInput(), required=False,
                               label="Term of office ends (optional)")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", "Choose a person")] + [
            (m.pk, f"{m.user} ({m.get_role_display().lower()})") for m in people]


class HoldingEndForm(forms.Form):
    end_date = forms.DateField(widget=DateInput(), label="First day no longer holding it")
    reason = forms.CharField(max_length=300, required=False)


class MeetingForm(forms.Form):
    date = forms.DateField(widget=DateInput())
    time = forms.TimeField(widget=TimeInput(), help_text="For example 14:00")
    duration_minutes = forms.IntegerField(label="Length in minutes", min_value=15,
                                          max_value=600, initial=120)
    location = forms.CharField(max_length=200, required=False)
    remote_link = forms.CharField(max_length=300, required=False,
                                  label="How to join remotely (optional)")


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why the meeting is cancelled")


class NoteForm(forms.Form):
    text = forms.CharField(label="Note", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="What was said or agreed; the hub's members read it.")


class RsvpForm(forms.Form):
    seat = forms.TypedChoiceField(coerce=int)
    answer = forms.ChoiceField(choices=RsvpAnswer.choices)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = [(s.pk, s.label) for s in seats]


class AttendanceForm(forms.Form):
    """One person for one seat: the choice is "seat id:membership id"."""

    attendee = forms.ChoiceField(label="Who")
    mode = forms.ChoiceField(choices=AttendanceMode.choices, label="Attendance")
    apology_reason = forms.CharField(max_length=300, required=False,
                                     label="Reason for apologies")

    def __init__(self, *args, seat_days, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for day in seat_days:
            if day.member:
                choices.append((f"{day.seat.pk}:{day.member.holder_id}",
                                f"{day.member.holder.user} — {day.seat.label}"))
            if day.substitute:
                choices.append((f"{day.seat.pk}:{day.substitute.holder_id}",
                                f"{day.substitute.holder.user} — substitute, {day.seat.label}"))
        self.fields["attendee"].choices = choices

    def seat_and_person(self) -> tuple[int, int]:
        seat, person = self.cleaned_data["attendee"].split(":")
        return int(seat), int(person)


class ItemPresenceForm(forms.Form):
    """Who was out of the room for one item, from those present at the meeting: each choice
    is "seat id:membership id", as the attendance form's."""

    out = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Out of the room for this "
        "item", help_text="Everyone else present at the meeting was present for the item.")
    reason = forms.CharField(max_length=300, required=False, label="Why (optional)",
                             help_text="For example: left the room, having declared an "
                                       "interest.")

    def __init__(self, *args, present, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["out"].choices = [  # type: ignore[attr-defined]
            (f"{a.seat_id}:{a.person_id}",
             f"{a.person.user} — {'substitute, ' if a.as_substitute else ''}{a.seat.label}")
            for a in present]


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(required=False, label="What the item is about",
                           widget=forms.Textarea(attrs={"rows": 6}))
    is_exempt = forms.BooleanField(required=False,
                                   label="Exempt from publication (Schedule 12A)")
    exempt_paragraph = _optional_int(label="Schedule 12A paragraph",
                                     choices=[("", "Not exempt"), *ExemptParagraph.choices])
    public_interest_reason = forms.CharField(
        required=False, label="Public-interest reason", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why withholding the item outweighs the public interest in disclosing it.")


class DecisionForm(forms.Form):
    motion = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    method = forms.ChoiceField(choices=Decision.Method.choices)
    approves_minutes_of = _optional_int(label="Approves the minutes of")
    approves_correction = _optional_int(label="Approves the correction of")
    approves_run = _optional_int(label="Approves the allocation run",
                                 help_text="Carried, it confirms the draft run.")
    decides_case = _optional_int(label="Decides the moderation case of",
                                 help_text="Carried, it records the board's decision of the "
                                           "school's category.")
    decides_category = _optional_int(label="The category the board decides")

    def __init__(self, *args, meetings, corrections, runs=(), cases=(), categories=(),
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approves_run"].choices = [("", "No allocation run")] + [  # type: ignore[attr-defined]
            (run.pk, f"{run}: {run.year.label}, £{run.total:,}") for run in runs]
        self.fields["decides_case"].choices = [("", "No moderation case")] + [  # type: ignore[attr-defined]
            (case.pk, str(case.school.establishment.name)) for case in cases]
        self.fields["decides_category"].choices = [("", "No category")] + [  # type: ignore[attr-defined]
            (category.pk, f"{category.scheme.name}: {category}") for category in categories]
        if not runs:
            del self.fields["approves_run"]
        if not cases:
            del self.fields["decides_case"], self.fields["decides_category"]
        self.fields["approves_minutes_of"].choices = [("", "No minutes")] + [
            (m.pk, f"the meeting of {timezone.localtime(m.starts_at):%d %B %Y}")
            for m in meetings]
        if corrections:
            self.fields["approves_correction"].choices = [("", "No correction")] + [
                (c.pk, f"item {c.item.number} of the minutes of "
                       f"{timezone.localtime(c.minutes.meeting.starts_at):%d %B %Y}")
                for c in corrections]
        else:
            del self.fields["approves_correction"]


class MinuteCorrectionForm(forms.Form):
    text = forms.CharField(label="Corrected minute", widget=forms.Textarea(attrs={"rows": 8}))
    reason = forms.CharField(label="Why the minute is corrected",
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="The board approves the correction at its next "
                                       "meeting; the minute as approved is kept beside it.")


class VoteForm(forms.Form):
    voter = forms.TypedChoiceField(coerce=int)
    choice = forms.ChoiceField(choices=VoteChoice.choices, label="Vote")

    def __init__(self, *args, seat_days, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for day in seat_days:
            if not day.seat.has_vote:
                continue
            for holding, what in ((day.member, ""), (day.substitute, "substitute, ")):
                if holding:
                    choices.append((holding.holder_id,
                                    f"{holding.holder.user} — {what}{day.seat.label}"))
        self.fields["voter"].choices = [("", "Choose who votes")] + choices


class MinutesForm(forms.Form):
    """One text box per agenda item, named item_<id>."""

    def __init__(self, *args, items, texts, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            label = f"Item {item.number}: {item.title}" + (" (exempt)" if item.is_exempt else "")
            entry = texts.get(item.pk)
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=label, required=False, initial=entry.text if entry else "",
                widget=forms.Textarea(attrs={"rows": 5}))

    def texts(self) -> dict[int, str]:
        return {int(name.removeprefix("item_")): value
                for name, value in self.cleaned_data.items()}


class MinutesStatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("circulate", "Circulate to members"),
                                        ("publish", "Publish")])


def _people_choices(people) -> list[tuple[int, str]]:
    return [(person.pk, f"{person.user} ({seat})") for person, seat in people]


class InterestForm(forms.Form):
    holder = forms.TypedChoiceField(coerce=int, label="Member")
    kind = forms.ChoiceField(choices=InterestKind.choices, label="Kind of interest")
    description = forms.CharField(max_length=300, label="The interest",
                                  help_text="For example Governor of Hardy's School, "
                                            "Dorchester.")
    registered_on = forms.DateField(widget=DateInput(), required=False,
                                    label="Registered on (today if blank)")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = _people_choices(people)


class DeclarationForm(forms.Form):
    item = forms.TypedChoiceField(coerce=int, label="Agenda item")
    person = forms.TypedChoiceField(coerce=int, label="Member")
    kind = forms.ChoiceField(choices=InterestKind.choices, label="Kind of interest")
    note = forms.CharField(max_length=500, label="The interest",
                           help_text="For example Governor of the school the item is about.")

    def __init__(self, *args, items, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(item.pk, f"{item.number}. {item.title}")
                                       for item in items]
        self.fields["person"].choices = _people_choices(people)


class DispensationForm(forms.Form):
    dispensation = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                                   label="Dispensation",
                                   help_text="Who granted it, when, and for what.")


class PaperForm(forms.Form):
    title = forms.CharField(max_length=200, required=False,
                            help_text="As members will see it. The file's name if blank.")
    file = forms.FileField(label="The paper", help_text="A PDF or a Word document (.docx), "
                                                        "at most 20 MB.")
    is_exempt = forms.BooleanField(required=False, label="Exempt from publication",
                                   help_text="An exempt item's papers are always exempt.")


class PaperWithdrawForm(forms.Form):
    reason = forms.CharField(label="Why the paper is withdrawn",
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Members no longer see the paper in the pack; the chair "
                                       "and the clerk see that it was withdrawn, and why.")


ORDINALS = {3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}


class ScheduleForm(forms.Form):
    """The year and the board's usual slot: what `boards.schedule` plans from."""

    year = forms.TypedChoiceField(coerce=int, label="Academic year")
    weekday = forms.TypedChoiceField(coerce=int, label="Usual day",
                                     choices=list(enumerate(schedule.WEEKDAYS)),
                                     initial=schedule.DEFAULT_WEEKDAY)
    week = forms.TypedChoiceField(
        coerce=int, label="Which of the half-term's usual days",
        choices=[(week, f"The {ORDINALS[week]}") for week in schedule.WEEK_CHOICES],
        initial=schedule.DEFAULT_WEEK,
        help_text="The fourth Tuesday of each half-term, say (its last when it has fewer). "
                  "The results meeting is on the autumn term's second.")
    start_time = forms.TimeField(widget=TimeInput(), label="Start time",
                                 initial=time(*schedule.DEFAULT_TIME),
                                 help_text="For example 14:00")
    duration_minutes = forms.IntegerField(label="Length in minutes", min_value=15,
                                          max_value=600, initial=schedule.DEFAULT_MINUTES)
    location = forms.CharField(max_length=200, required=False)
    remote_link = forms.CharField(max_length=300, required=False,
                                  label="How to join remotely (optional)")

    def __init__(self, *args, years: list[AcademicYear], **kwargs):
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.TypedChoiceField)
        year_field.choices = [(year.start_year, year.label) for year in years]
        year_field.initial = years[0].start_year

    def clean(self):
        data = super().clean()
        if not (data.get("location", "").strip() or data.get("remote_link", "").strip()):
            self.add_error("location", "Say where the meetings are, or how to join them.")
        return data
