"""Formation rules the pages and the API need beyond `partnerships.services.proposals`.

A school's pro-forma is what the proposal is built from, so it closes once a proposal that
places the school has been published: what the school responds to in the consultation must be
what it asked for. Until then the school (or an officer for it) may change it as often as it
likes.
"""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.models import Tenant
from partnerships.models import FormationProposal, ProForma, ProposedMember, Survey
from partnerships.services.proposals import pro_forma_submit
from schools.models import School

CLOSED_STATUSES = (FormationProposal.Status.PUBLISHED, FormationProposal.Status.CONFIRMED)


def pro_forma_closed_by(*, school: School) -> FormationProposal | None:
    """The published or confirmed proposal that places `school`, if any (which closes its
    pro-forma). One query."""
    member = (
        ProposedMember.objects.filter(school=school, proposal__status__in=CLOSED_STATUSES)
        .select_related("proposal").order_by("-proposal__created_at").first()
    )
    return member.proposal if member else None


@transaction.atomic
def pro_forma_update(
    *, tenant: Tenant, actor: User | None, school: School,
    informal_partners: Sequence[School] = (), preferred_partners: Sequence[School] = (),
    preferred_type: str = "", accepts_secondary_lead: bool = False, comments: str = "",
) -> ProForma:
    """Submit or change a school's pro-forma, refused once a proposal placing the school has
    been published (see the module docstring)."""
    closed_by = pro_forma_closed_by(school=school)
    if closed_by is not None:
        raise ValidationError(
            f"The pro-forma for {school} is closed: {closed_by.name} was "
            f"{closed_by.get_status_display().lower()} with the school in it. Respond to the "
            "proposal instead."
        )
    return pro_forma_submit(
        tenant=tenant, actor=actor, school=school, informal_partners=informal_partners,
        preferred_partners=preferred_partners, preferred_type=preferred_type,
        accepts_secondary_lead=accepts_secondary_lead, comments=comments,
    )


def survey_is_open(survey: Survey) -> bool:
    """Open from `opens_on` to `closes_on` inclusive; either may be left unset."""
    today = timezone.localdate()
    return ((survey.opens_on is None or survey.opens_on <= today)
            and (survey.closes_on is None or today <= survey.closes_on))


def respondent_key_for(user: User) -> str:
    """A headteacher's answers are keyed to their account, so answering again replaces them."""
    return f"user:{user.pk}"
