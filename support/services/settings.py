"""The tenant's support settings and its note templates (as data: defaults made when first
needed, each editable later through the same rows)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from core.permissions import MEMBERS_MANAGE
from support.models import NoteTemplate, SupportSettings
from support.permissions import require


def _field(key: str, label: str) -> dict:
    return {"key": key, "label": label}


DEFAULT_TEMPLATES: list[dict] = [
    {"key": "review", "name": "Review visit",
     "visit_kinds": ["review_visit", "review_meeting"],
     "sections": [
         {"key": "plan", "title": "Progress against the improvement plan",
          "guidance": "Milestones met, slipped or at risk since the last review.",
          "fields": [_field("plan_progress", "Progress against milestones")]},
         {"key": "leadership", "title": "Leadership and governance",
          "guidance": "Capacity of leaders and governors to secure improvement.",
          "fields": [_field("leadership_capacity", "Capacity to improve"),
                     _field("governance", "Governance")]},
         {"key": "education", "title": "Quality of education",
          "guidance": "What was seen in lessons, books and pupils' work.",
          "fields": [_field("teaching", "Quality of teaching"),
                     _field("outcomes", "Pupils' outcomes")]},
         {"key": "attendance", "title": "Behaviour and attendance", "guidance": "",
          "fields": [_field("attendance", "Attendance")]},
     ],
     "school_questions": [
         _field("since_last", "What has changed since the last visit"),
         _field("priorities", "What you want this visit to look at"),
     ]},
    {"key": "diagnostic", "name": "Diagnostic visit", "visit_kinds": ["diagnostic_visit"],
     "sections": [
         {"key": "outcomes", "title": "Outcomes and data",
          "guidance": "Trends in published and in-year data.",
          "fields": [_field("outcomes_trend", "Trend in outcomes")]},
         {"key": "leadership", "title": "Leadership", "guidance": "",
          "fields": [_field("leadership_capacity", "Capacity to improve")]},
         {"key": "curriculum", "title": "Curriculum and teaching", "guidance": "",
          "fields": [_field("curriculum", "Curriculum"), _field("teaching",
                                                                 "Quality of teaching")]},
         {"key": "safeguarding", "title": "Safeguarding", "guidance": "",
          "fields": [_field("safeguarding", "Safeguarding culture")]},
     ],
     "school_questions": [
         _field("self_evaluation", "Your self-evaluation in brief"),
         _field("support_wanted", "Where you would like support"),
     ]},
    {"key": "officer", "name": "Officer visit",
     "visit_kinds": ["officer_visit", "officer_contact", "responsible_body_liaison"],
     "sections": [
         {"key": "findings", "title": "Purpose and findings", "guidance": "",
          "fields": [_field("progress", "Progress since the last visit")]},
         {"key": "next_steps", "title": "Agreed next steps", "guidance": "", "fields": []},
     ],
     "school_questions": [_field("to_raise", "Anything you want to raise")]},
]


def support_settings(*, tenant: Tenant) -> SupportSettings:
    """The tenant's settings (defaults until an admin changes them; nothing is written)."""
    found = SupportSettings.objects.filter(tenant=tenant).first()
    return found or SupportSettings(tenant=tenant)


# The settings an admin changes, each with how it reads in the audit log.
SETTINGS = ("notes_quality_check", "school_days_per_year", "chairs_see_notes",
            "staff_notes_retention_months")
BOOLEANS = ("notes_quality_check", "chairs_see_notes")


@transaction.atomic
def support_settings_update(*, tenant: Tenant, actor: User | None,
                            **changes: object) -> SupportSettings:
    """Change the settings named (any of `SETTINGS`; the rest keep their value), validated by
    the model's own rules, with the old and new values in the audit record."""
    require(tenant=tenant, actor=actor, permission=MEMBERS_MANAGE,
            refusal="Only the council's admin changes support settings.")
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise TypeError(f"Not a support setting: {sorted(unknown)[0]}")
    found, _ = SupportSettings.objects.select_for_update().get_or_create(tenant=tenant)
    before = {name: getattr(found, name) for name in changes}
    for name, value in changes.items():
        setattr(found, name, bool(value) if name in BOOLEANS else value)
    found.full_clean()
    found.save()
    audit_record(tenant=tenant, actor=actor, action="support.settings_update", obj=found,
                 summary=f"Visit notes {'are' if found.notes_quality_check else 'are not'} "
                         "checked by a senior officer before release; a school able to give "
                         f"support offers {found.school_days_per_year} days a year; chairs of "
                         f"governors {'may' if found.chairs_see_notes else 'may not'} be "
                         "given their school's visit notes; notes naming staff are kept "
                         f"{found.staff_notes_retention_months} months",
                 changes={name: [str(before[name]), str(getattr(found, name))]
                          for name in changes})
    return found


def note_templates_ensure(*, tenant: Tenant) -> list[NoteTemplate]:
    """The tenant's active templates, making the defaults it lacks (call inside a
    transaction: the services that need templates do)."""
    have = set(NoteTemplate.objects.filter(tenant=tenant).values_list("key", flat=True))
    for data in DEFAULT_TEMPLATES:
        if data["key"] not in have:
            template = NoteTemplate(tenant=tenant, **data)
            template.full_clean()
            template.save()
            audit_record(tenant=tenant, actor=None, action="support.template_default",
                         obj=template, summary=f"Added the default note template {template}")
    return list(NoteTemplate.objects.filter(tenant=tenant, is_active=True).order_by("name"))


def template_for_kind(templates: list[NoteTemplate], kind: str) -> NoteTemplate | None:
    return next((t for t in templates if kind in (t.visit_kinds or [])), None)
