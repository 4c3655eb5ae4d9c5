"""Forms of the structure pages. They parse and present; the rules (nesting, one partnership of a
level at a time, who may chair) are the services', whose refusals the views put back on the form.

Querysets are built in `__init__`, inside the request's tenant scope: at import time there is
no scope, and the scope is what keeps another tenant's rows out of every choice.
"""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from core.forms import DateInput
from core.models import Membership, Role
from partnerships.models import (
    Designation,
    LeadEligibility,
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipType,
    RoleKind,
)
from schools.models import School
from schools.selectors import HEADSHIP_RELATED, school_of

# What each type means (DESIGN §3, seed 003), shown as hint text beside the choice.
TYPE_HINTS = {
    PartnershipType.HARD: "A federation, multi-academy trust or chain. It takes on intervention "
                          "in its own schools.",
    PartnershipType.STRUCTURED: "Commissioned by the local authority to challenge and support "
                                "its schools.",
    PartnershipType.LOOSE: "Schools support each other informally; the local authority keeps "
                           "monitoring each school.",
}


class LevelForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="For example Hub, Region or Family cluster.")
    rank = forms.IntegerField(
        min_value=1, max_value=9, initial=1,
        help_text="1 for the smallest groups of schools; a level that contains others has a "
                  "higher rank (Wiltshire: hub 1, region 2).",
    )
    parent_level = forms.ModelChoiceField(
        queryset=None, required=False, label="Sits inside",
        empty_label="Nothing (the broadest level)",
        help_text="The broader level that partnerships of this level sit inside.",
    )
    lead_title = forms.CharField(max_length=100, initial="Lead",
                                 help_text="What you call the lead, for example Hub chair.")
    lead_eligibility = forms.ChoiceField(
        choices=LeadEligibility.choices, label="Who may be the lead",
        help_text="The rule checked when someone is made the lead.",
    )
    max_advisers = forms.IntegerField(
        min_value=1, max_value=10, initial=2, label="Most school improvement advisers",
        help_text="Per partnership of this level (Wiltshire: one or two per hub).",
    )
    max_leads = forms.IntegerField(
        min_value=1, max_value=4, initial=1, required=False, label="Most leads at once",
        help_text="Per partnership of this level (Warwickshire: two per consortium).",
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, level: PartnershipLevel | None = None, **kwargs):
        if level is not None:
            kwargs.setdefault("initial", {
                "name": level.name, "rank": level.rank, "parent_level": level.parent_level_id,
                "lead_title": level.lead_title, "lead_eligibility": level.lead_eligibility,
                "max_advisers": level.max_advisers, "max_leads": level.max_leads,
                "description": level.description,
            })
        super().__init__(*args, **kwargs)
        levels = PartnershipLevel.objects.order_by("rank", "name")
        if level is not None:
            levels = levels.exclude(pk=level.pk)
        self.fields["parent_level"].queryset = levels
        self.fields["parent_level"].label_from_instance = (
            lambda lvl: f"{lvl.name} (rank {lvl.rank})"
        )


def _partnership_label(partnership: Partnership) -> str:
    return f"{partnership.name} ({partnership.level.name})"


class PartnershipForm(forms.Form):
    level = forms.ModelChoiceField(queryset=None, empty_label=None)
    name = forms.CharField(max_length=200)
    partnership_type = forms.ChoiceField(
        choices=PartnershipType.choices, initial=PartnershipType.STRUCTURED, label="Type",
        widget=forms.RadioSelect,
    )
    parent = forms.ModelChoiceField(
        queryset=None, required=False, label="Sits inside", empty_label="Nothing",
        help_text="A partnership of the broader level, for example the region a hub is in.",
    )
    is_geographical = forms.BooleanField(
        required=False, initial=True, label="Its schools are near each other (geographical)"
    )
    teaching_school_hub = forms.CharField(
        max_length=200, required=False, label="Linked teaching school hub (optional)"
    )
    start_date = forms.DateField(widget=DateInput(), required=False,
                                 help_text="Leave empty for today.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    type_hints = TYPE_HINTS

    def __init__(self, *args, partnership: Partnership | None = None, **kwargs):
        if partnership is not None:
            kwargs.setdefault("initial", {
                "level": partnership.level_id, "name": partnership.name,
                "partnership_type": partnership.partnership_type,
                "parent": partnership.parent_id, "is_geographical": partnership.is_geographical,
                "teaching_school_hub": partnership.teaching_school_hub,
                "start_date": partnership.start_date, "description": partnership.description,
            })
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = PartnershipLevel.objects.order_by("rank", "name")
        parents = Partnership.objects.filter(level__child_levels__isnull=False).select_related(
            "level").distinct().order_by("-level__rank", "name")
        if partnership is not None:
            # The level and start date are fixed once created; where it sits may change.
            del self.fields["level"]
            del self.fields["start_date"]
            parents = parents.exclude(pk=partnership.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = _partnership_label

    def type_choices(self) -> list[dict]:
        """The type's radios with their hints, for the template."""
        value = self["partnership_type"].value()
        return [{"value": v, "label": label.split(" (")[0], "hint": TYPE_HINTS[v],
                 "checked": v == value} for v, label in PartnershipType.choices]


class AddSchoolForm(forms.Form):
    """The school select lists first the open schools in no partnership of this level."""

    school = forms.ModelChoiceField(queryset=None, empty_label="Choose a school")
    start_date = forms.DateField(widget=DateInput(), required=False,
                                 help_text="Leave empty for today.")
    days_purchased = forms.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, required=False,
        label="Days bought (optional)",
        help_text="A standalone academy or a small trust may join by buying days.",
    )

    def __init__(self, *args, partnership: Partnership, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        in_level = PartnershipMembership.objects.current(timezone.localdate()).filter(
            school=OuterRef("pk"), level_id=partnership.level_id
        )
        schools = (School.objects.filter(establishment__is_open=True)
                   .annotate(in_level=Exists(in_level)).select_related("establishment")
                   .order_by("in_level", "establishment__name"))
        self.fields["school"].queryset = schools
        self.search = search.strip()
        level = partnership.level.name.lower()
        # One query for the choices, of the three columns shown: a 1,000-school register's
        # options are built here as markup, not as template nodes per school.
        rows = list(schools.values_list("pk", "establishment__name", "establishment_id",
                                        "in_level"))
        if self.search:
            needle = self.search.lower()
            shown = [row for row in rows if needle in row[1].lower() or needle == str(row[2])]
        else:
            shown = rows
        chosen = str(self["school"].value() or "")
        already = f" – already in a {level}"

        def options(in_level: bool) -> SafeString:
            return format_html_join("", '<option value="{}"{}>{} (URN {}){}</option>', (
                (pk, mark_safe(" selected") if str(pk) == chosen else "",  # noqa: S308
                 name, urn, already if in_level else "")
                for pk, name, urn, placed in shown if placed == in_level))

        self.groups = [
            (f"Not in a {level} yet", options(False)),
            (f"Already in a {level}", options(True)),
        ]
        self.fields["school"].label_from_instance = (
            lambda s: f"{s.establishment.name} (URN {s.establishment_id})"
        )


class EndMembershipForm(forms.Form):
    end_date = forms.DateField(
        widget=DateInput(), help_text="The first day the school is no longer a member."
    )
    reason = forms.CharField(max_length=300, help_text="For example: joined a multi-academy "
                                                        "trust's own partnership.")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


ROLE_HINTS = {
    RoleKind.CHAIR: "The headteacher of a current member school.",
    RoleKind.LEAD: "A headteacher of a member school who meets the level's lead rule.",
    RoleKind.ADVISER: "An officer of the council; the level sets how many a partnership may have.",
    RoleKind.REGIONAL_LEAD: "An officer, over a partnership that contains others.",
    RoleKind.IMPROVEMENT_PARTNER: "Someone in this service, or a name typed in.",
}


class AssignRoleForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Choose a role"), *RoleKind.choices], label="Role")
    person = forms.ModelChoiceField(queryset=None, required=False, empty_label="Nobody chosen")
    external_name = forms.CharField(
        max_length=200, required=False, label="Or a name (school improvement partner only)"
    )
    start_date = forms.DateField(widget=DateInput(), required=False,
                                 help_text="Leave empty for today.")
    evidence_note = forms.CharField(
        max_length=300, required=False, label="Evidence for the lead rule (if asked for)",
        help_text="For example the date of the Ofsted report or of the NLE designation.",
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        people = (Membership.objects.filter(is_active=True,
                                            role__in=[Role.HEADTEACHER, Role.OFFICER, Role.ADMIN])
                  .select_related("user", HEADSHIP_RELATED).order_by("role", "user__email"))
        self.fields["person"].queryset = people
        members = set(PartnershipMembership.objects.current(timezone.localdate())
                      .filter(partnership=partnership).values_list("school_id", flat=True))
        rows = list(people)
        label = _person_label
        heads = [m for m in rows if m.role == Role.HEADTEACHER]
        self.groups = [
            ("Headteachers of member schools",
             [(m, label(m)) for m in heads if _school_id(m) in members]),
            ("Officers", [(m, label(m)) for m in rows if m.role in (Role.OFFICER, Role.ADMIN)]),
            ("Other headteachers", [(m, label(m)) for m in heads if _school_id(m) not in members]),
        ]
        self.fields["person"].label_from_instance = label
        self.role_hints = ROLE_HINTS


def _school_id(membership: Membership) -> int | None:
    school = school_of(membership)
    return school.pk if school else None


def _person_label(membership: Membership) -> str:
    name = membership.user.full_name or membership.user.email
    school = school_of(membership)
    if membership.role == Role.HEADTEACHER and school is not None:
        return f"{name}, headteacher of {school.establishment.name}"
    return f"{name}, {membership.title or membership.get_role_display().lower()}"


class EndRoleForm(forms.Form):
    end_date = forms.DateField(widget=DateInput(), required=False,
                               help_text="Leave empty for today.")


class DesignationForm(forms.Form):
    """Record an NLE or LLE designation on a person of the tenant (headteachers first)."""

    person = forms.ModelChoiceField(queryset=None, empty_label="Choose a person")
    designation = forms.ChoiceField(choices=Designation.choices)
    designated_on = forms.DateField(widget=DateInput(), label="Designated on")
    evidence = forms.CharField(max_length=300, help_text="What you saw, for example 'DfE "
                                                         "letter of 12 March 2023'.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = (Membership.objects.filter(is_active=True).select_related("user")
                  .order_by("role", "user__full_name"))
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = (
            lambda m: f"{m.user} ({m.get_role_display().lower()})")


class EndDesignationForm(forms.Form):
    ended_on = forms.DateField(widget=DateInput(), label="Ended on")
    ended_reason = forms.CharField(max_length=300, label="Why it ended")
