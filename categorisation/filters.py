"""The proposals queue's filters (django-filter), as the page offers them."""

from typing import Any

import django_filters

from categorisation import selectors
from categorisation.models import CategorisationScheme, CategoryProposal
from core.models import Membership, Tenant
from schools.models import Phase


class ProposalFilter(django_filters.FilterSet):
    """Narrows the tenant's open proposals by scheme, phase and link adviser. The choices are
    the tenant's own active schemes and officers: another tenant's id is an invalid choice."""

    scheme = django_filters.ModelChoiceFilter(queryset=CategorisationScheme.objects.none(),
                                              empty_label="Any scheme")
    phase = django_filters.ChoiceFilter(field_name="school__establishment__phase",
                                        choices=Phase.choices, empty_label="Any phase")
    adviser = django_filters.ModelChoiceFilter(field_name="school__link_adviser",
                                               queryset=Membership.objects.none(),
                                               empty_label="Any adviser", label="Link adviser")

    class Meta:
        model = CategoryProposal
        fields: list[str] = []

    def __init__(self, data: Any = None, *, tenant: Tenant, **kwargs: Any) -> None:
        kwargs.pop("request", None)
        kwargs["queryset"] = selectors.proposals_waiting(tenant=tenant)
        super().__init__(data, **kwargs)
        self.filters["scheme"].queryset = CategorisationScheme.objects.filter(
            tenant=tenant, is_active=True).order_by("key")
        self.filters["adviser"].queryset = selectors.advisers(tenant=tenant)

    @property
    def form(self):
        form = super().form
        # A person, not "Membership object (7)".
        form.fields["adviser"].label_from_instance = lambda member: str(member.user)
        return form

    @property
    def is_narrowed(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.form.cleaned_data.values())
