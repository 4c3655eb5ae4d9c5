"""Isolation rows for support's directory, the visit notes given to a chair of governors, notes
retention and the correction of escalation steps (issue 13's remaining items). Kept apart from
`tests/isolation/support.py` so each area adds its rows without editing another's.

The filler grant gives tenant A's viewer the head's school's notes (the tenant does not allow
it, so it gives nothing); the filler visit of `support.py` has a released note; the filler
step is of the escalation `support.py` opens (its fillers run first, by module name)."""

from datetime import date

from django_scopes import scopes_disabled

from core.models import Membership, Role
from support.models import Escalation, EscalationStep, NotesGrant
from tests.isolation import FORBIDDEN, statuses

OFFICERS_READ = statuses((200, 405), (200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN)
OFFICERS_FORM = statuses((200, 400), (200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)
API_OFFICER_POST = statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN)

EXPECTED = {
    # The directory: officers and admins only (capacity is confidential).
    "support:directory": OFFICERS_READ,
    "support:directory-export": OFFICERS_READ,
    # A leader's own entry (GET only): the officer persona is designated (the partnerships
    # fillers' system leader); nobody else is.
    "support:directory-own": statuses((403, 405), (200, 405), (403, 405), (403, 405),
                                      (403, 405)),
    # A school's released notes: officers, its headteacher, a grant's holder (GET only).
    "support:school-notes": statuses((200, 405), (200, 405), (200, 405), FORBIDDEN,
                                     FORBIDDEN),
    # Giving and ending a grant: officers and admins; an empty POST is an invalid form.
    "support:notes-grants": OFFICERS_FORM,
    "support:notes-grant-end": statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN,
                                        FORBIDDEN),
    # Whether a note names staff: officers; an empty POST says it does not (saved).
    "support:note-names-staff": statuses((200, 302), (200, 302), FORBIDDEN, FORBIDDEN,
                                         FORBIDDEN),
    # Correcting an escalation step: officers and admins; an empty POST is an invalid form.
    "support:escalation-step-correct": OFFICERS_FORM,
    # The API of the same: officers and admins; an empty body is refused (400).
    "support_api:api-escalation-step-correct": API_OFFICER_POST,
    "support_api:api-directory-leaders": statuses((200, 400), (200, 400), FORBIDDEN,
                                                  FORBIDDEN, FORBIDDEN),
    "support_api:api-directory-schools": OFFICERS_READ,
    # One leader's entry (the officer persona's): officers and admins, and the leader; nobody
    # else reads it and only officers change it (PUT).
    "support_api:api-directory-leader": statuses((200, 405), (200, 405), FORBIDDEN,
                                                 FORBIDDEN, FORBIDDEN),
    "support_api:api-directory-leader-end": API_OFFICER_POST,
    # The caller's own entry: the officer persona is the one designated.
    "support_api:api-directory-mine": statuses((403, 405), (200, 405), FORBIDDEN, FORBIDDEN,
                                               FORBIDDEN),
    "support_api:api-school-notes-grants": statuses((200, 400), (200, 400), FORBIDDEN,
                                                    FORBIDDEN, FORBIDDEN),
    "support_api:api-notes-grant-end": API_OFFICER_POST,
}


def fillers(tenant_a, personas) -> dict:
    school = personas["a"]["school"]
    with scopes_disabled():
        viewer = Membership.objects.get(tenant=tenant_a, user=personas["a"][Role.VIEWER])
        grant = NotesGrant.objects.create(tenant=tenant_a, school=school, holder=viewer,
                                          starts_on=date(2025, 9, 1), ends_on=date(2099, 1, 1))
        # A step of the escalation `support.py`'s fillers open for the same school.
        escalation = Escalation.objects.get(tenant=tenant_a, school=school)
        step = EscalationStep.objects.create(tenant=tenant_a, escalation=escalation,
                                             kind="evidence", taken_on=date(2025, 10, 20),
                                             note="Third meeting missed.")
        # The directory's leader: the officer persona, designated by the partnerships fillers.
        leader = Membership.objects.get(tenant=tenant_a, user=personas["a"][Role.OFFICER])
    return {"notes_grant_id": grant.pk, "escalation_step_id": step.pk, "person_id": leader.pk}
