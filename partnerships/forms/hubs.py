"""Forms of the hub pages. They check shapes only; the rules live in `services.hubs`."""

from django import forms
from django.utils import timezone

from core.forms import DateInput
from partnerships.models import HubAction, HubMeeting, HubPriority
from schools.selectors import school_of


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class HubMeetingForm(forms.Form):
    date = forms.DateField(widget=DateInput())
    time = forms.TimeField(widget=TimeInput(), help_text="For example 15:30")
    is_online = forms.BooleanField(required=False, label="The meeting is online")
    location = forms.CharField(max_length=200, required=False,
                               help_text="The school or room, or the link for an online meeting.")
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))


class HubMeetingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(HubMeeting.Status.HELD, "Held"),
                                        (HubMeeting.Status.CANCELLED, "Cancelled")])
    reason = forms.CharField(max_length=300, required=False,
                             help_text="Needed when the meeting is cancelled.")


class HubNoteForm(forms.Form):
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 8}))


class HubPriorityForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example Disadvantaged learners.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class HubPriorityEndForm(forms.Form):
    status = forms.ChoiceField(label="Outcome", choices=[
        (HubPriority.Status.ACHIEVED, "Achieved"), (HubPriority.Status.ENDED, "Ended"),
    ])


class HubActionForm(forms.Form):
    """Owner, priority and meeting are offered from the hub's own lists (given by the view)."""

    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 4}))
    priority = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    meeting = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                     label="Agreed at meeting")
    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                   help_text="A headteacher of a member school.")
    owner_name = forms.CharField(max_length=200, required=False, label="Or type the owner's name",
                                 help_text="For someone who is not a member school's head.")
    due_date = forms.DateField(required=False, widget=DateInput(), label="Due date")

    def __init__(self, *args, priorities, meetings, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [("", "No priority")] + [
            (p.pk, p.title) for p in priorities]
        self.fields["meeting"].choices = [("", "None")] + [
            (m.pk, f"{timezone.localtime(m.starts_at):%d %B %Y, %H:%M}") for m in meetings]
        self.fields["owner"].choices = [("", "Choose a headteacher")] + [
            (m.pk, f"{m.user} ({school_of(m)})") for m in owners]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("owner") and not (data.get("owner_name") or "").strip():
            self.add_error("owner", "Choose a headteacher or type the owner's name.")
        return data


class HubProgressForm(forms.Form):
    status = forms.ChoiceField(choices=HubAction.Progress.choices)
    rag = forms.ChoiceField(label="RAG rating", required=False,
                            choices=[("", "Not rated"), *HubAction.Rag.choices])
    note = forms.CharField(label="Progress note", required=False,
                           widget=forms.Textarea(attrs={"rows": 4}))
