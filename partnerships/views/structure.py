"""The structure pages: the tenant's levels, the tree of partnerships, one partnership with its
members (and their history) and roles, and the forms that change them through the services.

Officers see (PARTNERSHIPS_VIEW) and change (PARTNERSHIPS_MANAGE). Every refusal of a service
comes back as a `ValidationError` and is shown on the form as a GOV.UK error, with status 400.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.permissions import PARTNERSHIPS_MANAGE, PARTNERSHIPS_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from partnerships import selectors, services
from partnerships.forms.structure import (
    AddSchoolForm,
    AssignRoleForm,
    EndMembershipForm,
    EndRoleForm,
    LevelForm,
    PartnershipForm,
)
from partnerships.models import (
    Partnership,
    PartnershipLevel,
    PartnershipMembership,
    PartnershipRole,
    RoleKind,
)
from partnerships.permissions import can_manage_structure
from partnerships.views.hubs import hub_address

NAV = "partnerships"


def _page(request: HttpRequest, template: str, context: dict, form: Form | None = None
          ) -> HttpResponse:
    context = {"nav_section": NAV, "form": form, **context}
    return render(request, template, context, status=400 if form is not None and form.errors
                  else 200)


def _get_level(level_id: int) -> PartnershipLevel:
    return get_object_or_404(PartnershipLevel.objects.select_related("parent_level"), pk=level_id)


def _get_partnership(partnership_id: int) -> Partnership:
    return get_object_or_404(
        Partnership.objects.select_related("level__parent_level", "parent__level",
                                           "lead_school__establishment"),
        pk=partnership_id,
    )


# --- The tree -----------------------------------------------------------------------------


@dataclass
class Node:
    partnership: Partnership
    children: list["Node"] = field(default_factory=list)

    @property
    def schools_in_children(self) -> int:
        return sum(child.partnership.member_count for child in self.children)


def partnership_tree(partnerships: list[Partnership]) -> list[Node]:
    """Nest the partnerships under their parents, broadest level first, names in order."""
    nodes = {p.pk: Node(p) for p in partnerships}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.partnership.parent_id)
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.partnership.name)
    return sorted(roots, key=lambda n: (-n.partnership.level.rank, n.partnership.name))


@tenant_view(PARTNERSHIPS_VIEW)
def structure(request: HttpRequest) -> HttpResponse:
    levels = list(selectors.partnership_level_list())
    partnerships = list(selectors.partnership_list())
    return _page(request, "partnerships/structure/tree.html", {
        "levels": levels,
        "tree": partnership_tree(partnerships),
        "partnership_count": len(partnerships),
        "can_manage": can_manage_structure(request.membership),
    })


# --- Levels -------------------------------------------------------------------------------


@tenant_view(PARTNERSHIPS_VIEW)
def level_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    levels = list(selectors.partnership_level_list().annotate(
        partnership_count=Count("partnerships", distinct=True)
    ))
    if export:
        return list_download(request, rows=levels, download=LEVELS)
    return _page(request, "partnerships/structure/level_list.html", {
        "levels": levels, "can_manage": can_manage_structure(request.membership),
        "downloads": download_links(request),
    })


# The levels as the page lists them (smallest rank first), with their partnerships counted.
LEVELS = ListDownload("partnership-levels", "Levels of partnership", (
    Column("Level", lambda level: level.name),
    Column("Rank", lambda level: level.rank),
    Column("Sits inside", lambda level: level.parent_level.name if level.parent_level else ""),
    Column("Lead", lambda level: level.lead_title),
    Column("Who may be the lead", lambda level: level.get_lead_eligibility_display()),
    Column("Most leads", lambda level: level.max_leads),
    Column("Most advisers", lambda level: level.max_advisers),
    Column("Partnerships", lambda level: level.partnership_count),
))


def _level_arguments(form: LevelForm) -> dict:
    data = form.cleaned_data
    return {"name": data["name"], "rank": data["rank"], "parent_level": data["parent_level"],
            "lead_title": data["lead_title"], "lead_eligibility": data["lead_eligibility"],
            "max_advisers": data["max_advisers"], "max_leads": data.get("max_leads"),
            "description": data["description"]}


@tenant_view(PARTNERSHIPS_MANAGE)
def level_create(request: HttpRequest) -> HttpResponse:
    form = LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            level = services.partnership_level_create(
                tenant=request.tenant, actor=request.user, **_level_arguments(form)
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added the level {level.name}.")
            return redirect("partnerships:partnership-level-list", request.tenant.slug)
    return _page(request, "partnerships/structure/level_form.html", {"level": None}, form)


@tenant_view(PARTNERSHIPS_MANAGE)
def level_edit(request: HttpRequest, level_id: int) -> HttpResponse:
    level = _get_level(level_id)
    form = LevelForm(request.POST or None, level=level)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_level_update(
                tenant=request.tenant, actor=request.user, level=level, **_level_arguments(form)
            )
        except ValidationError as error:
            level.refresh_from_db()
            show_refusal(form, error)
        else:
            messages.success(request, f"Saved the level {level.name}.")
            return redirect("partnerships:partnership-level-list", request.tenant.slug)
    return _page(request, "partnerships/structure/level_form.html", {"level": level}, form)


# --- Partnerships -------------------------------------------------------------------------


@tenant_view(PARTNERSHIPS_MANAGE)
def partnership_create(request: HttpRequest) -> HttpResponse:
    initial = {key: request.GET[key] for key in ("level", "parent") if request.GET.get(key)}
    form = PartnershipForm(request.POST or None, initial={"partnership_type": "structured",
                                                          "is_geographical": True, **initial})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partnership = services.partnership_create(
                tenant=request.tenant, actor=request.user, level=data["level"],
                name=data["name"], partnership_type=data["partnership_type"],
                parent=data["parent"], is_geographical=data["is_geographical"],
                start_date=data["start_date"], description=data["description"],
                teaching_school_hub=data["teaching_school_hub"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Created {partnership.name}.")
            return redirect("partnerships:partnership-detail", request.tenant.slug, partnership.pk)
    return _page(request, "partnerships/structure/partnership_form.html",
                 {"partnership": None, "no_levels": not form.fields["level"].queryset.exists()},
                 form)


@tenant_view(PARTNERSHIPS_MANAGE)
def partnership_edit(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership(partnership_id)
    form = PartnershipForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.partnership_update(
                tenant=request.tenant, actor=request.user, partnership=partnership,
                name=data["name"], partnership_type=data["partnership_type"],
                parent=data["parent"], is_geographical=data["is_geographical"],
                teaching_school_hub=data["teaching_school_hub"],
                description=data["description"],
            )
        except ValidationError as error:
            partnership.refresh_from_db()
            show_refusal(form, error)
        else:
            messages.success(request, f"Saved {partnership.name}.")
            return redirect("partnerships:partnership-detail", request.tenant.slug, partnership.pk)
    return _page(request, "partnerships/structure/partnership_form.html",
                 {"partnership": partnership}, form)


@tenant_view(PARTNERSHIPS_VIEW)
def partnership_detail(request: TenantRequest, partnership_id: int, export: bool = False
                       ) -> HttpResponse:
    partnership = _get_partnership(partnership_id)
    today = timezone.localdate()
    memberships = list(selectors.partnership_members(partnership=partnership, include_past=True))
    members = [m for m in memberships if m.is_current(today)]
    if export:
        return list_download(request, rows=members, download=MEMBERS)
    roles = list(
        PartnershipRole.objects.filter(partnership=partnership)
        .select_related("person__user", "school__establishment")
        .order_by("kind", "-start_date")
    )
    current = Q(memberships__start_date__lte=today) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gt=today)
    )
    children = list(partnership.children.select_related("level")
                    .annotate(member_count=Count("memberships", filter=current))
                    .order_by("name"))
    return _page(request, "partnerships/structure/partnership_detail.html", {
        "partnership": partnership,
        "level": partnership.level,
        "members": members,
        "downloads": download_links(request),
        "future_members": [m for m in memberships if m.start_date > today],
        "past_members": sorted((m for m in memberships if m.end_date and m.end_date <= today),
                               key=lambda m: m.end_date, reverse=True),
        "roles": [r for r in roles if _in_force(r, today)],
        "past_roles": [r for r in roles if r.end_date and r.end_date <= today],
        "children": children,
        "can_manage": can_manage_structure(request.membership),
        "chair_kind": RoleKind.CHAIR,
        "hub_address": hub_address(request, partnership.pk),
    })


# The current member schools, as the partnership's page lists them.
MEMBERS = ListDownload("partnership-members", "Member schools", (
    Column("School", lambda m: m.school.establishment.name),
    Column("URN", lambda m: m.school.establishment_id),
    Column("Phase", lambda m: m.school.establishment.get_phase_display()),
    Column("Member since", lambda m: m.start_date),
    Column("Days bought", lambda m: m.days_purchased),
))


def _in_force(role: PartnershipRole, on: date) -> bool:
    return role.start_date <= on and (role.end_date is None or role.end_date > on)


# --- Members ------------------------------------------------------------------------------


@tenant_view(PARTNERSHIPS_MANAGE)
def partnership_add_school(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership(partnership_id)
    form = AddSchoolForm(request.POST or None, partnership=partnership,
                         search=request.GET.get("q", ""))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.partnership_add_school(
                tenant=request.tenant, actor=request.user, partnership=partnership,
                school=data["school"], start_date=data["start_date"],
                days_purchased=data["days_purchased"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added {membership.school} to {partnership.name}.")
            return redirect("partnerships:partnership-detail", request.tenant.slug, partnership.pk)
    return _page(request, "partnerships/structure/add_school.html",
                 {"partnership": partnership}, form)


@tenant_view(PARTNERSHIPS_MANAGE)
def membership_end(
    request: HttpRequest, partnership_id: int, partnership_membership_id: int
) -> HttpResponse:
    partnership = _get_partnership(partnership_id)
    membership = get_object_or_404(
        PartnershipMembership.objects.select_related("school__establishment"),
        pk=partnership_membership_id, partnership=partnership,
    )
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_end_membership(
                tenant=request.tenant, actor=request.user, membership=membership,
                end_date=form.cleaned_data["end_date"], reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{membership.school} is no longer a member of "
                                      f"{partnership.name} from {membership.end_date:%-d %B %Y}.")
            return redirect("partnerships:partnership-detail", request.tenant.slug, partnership.pk)
    return _page(request, "partnerships/structure/end_membership.html",
                 {"partnership": partnership, "membership": membership}, form)


# --- Roles --------------------------------------------------------------------------------


@tenant_view(PARTNERSHIPS_MANAGE)
def role_assign(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership(partnership_id)
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in RoleKind.values else {}
    form = AssignRoleForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            role = services.partnership_assign_role(
                tenant=request.tenant, actor=request.user, partnership=partnership,
                kind=data["kind"], person=data["person"], external_name=data["external_name"],
                start_date=data["start_date"], evidence_note=data["evidence_note"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            who = role.person.user if role.person_id else role.external_name
            messages.success(request, f"{who} is now {role.get_kind_display().split(' (')[0]} "
                                      f"of {partnership.name}.")
            return redirect("partnerships:partnership-detail", request.tenant.slug, partnership.pk)
    return _page(request, "partnerships/structure/assign_role.html",
                 {"partnership": partnership}, form)


@tenant_view(PARTNERSHIPS_MANAGE)
def role_end(request: HttpRequest, partnership_id: int, partnership_role_id: int) -> HttpResponse:
    partnership = _get_partnership(partnership_id)
    role = get_object_or_404(
        PartnershipRole.objects.select_related("person__user", "school__establishment"),
        pk=partnership_role_id, partnership=partnership,
    )
    form = EndRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_end_role(tenant=request.tenant, actor=request.user, role=role,
                                          end_date=form.cleaned_data["end_date"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Ended the role: {role}.")
            return redirect("partnerships:partnership-detail", request.tenant.slug, partnership.pk)
    return _page(request, "partnerships/structure/end_role.html",
                 {"partnership": partnership, "role": role}, form)
