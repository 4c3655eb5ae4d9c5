from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from core import people, search, security, services, support
from core.downloads import ListDownload, download_links, list_download
from core.exports import Column
from core.forms import (
    InvitationForm,
    SchoolCalendarForm,
    SupportAccessForm,
    TenantCreateForm,
    TenantSettingsForm,
)
from core.grants import grants_of_many
from core.home import tiles_for
from core.models import AuditEvent, Invitation, Membership, Role, SupportAccess
from core.notifications import waiting_count, waiting_for
from core.pagination import paginate
from core.permissions import (
    AUDIT_VIEW,
    MEMBERS_MANAGE,
    PERMISSION_LABELS,
    ROLE_PERMISSIONS,
    permissions_of,
)
from core.refusals import show_refusal
from core.selectors import memberships_of_user, tenants_for_operator
from core.selectors import school_calendar as school_calendar_of
from core.tenancy import operator_required, tenant_view
from core.years import AcademicYear


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of_user(user=request.user)
    if len(memberships) == 1 and not request.user.is_platform_operator:
        return redirect("core:tenant-home", memberships[0].tenant.slug)
    return render(request, "core/home.html", {"memberships": memberships})


@tenant_view()
def tenant_home(request: HttpRequest) -> HttpResponse:
    """The landing page: the tiles each app shows this person (core.home)."""
    return render(request, "core/tenant_home.html",
                  {"nav_section": "home", "tiles": tiles_for(request)})


@tenant_view()
def search_results(request: HttpRequest) -> HttpResponse:
    """The header search: what each app finds for this person, grouped by kind. Text with
    nothing searchable in it finds nothing; it is never an error."""
    text = search.clean_query(request.GET.get("q"))
    groups = search.search_all(request, text) if text else []
    return render(request, "core/search.html", {
        "query": text, "groups": groups, "searched": "q" in request.GET,
        "found": sum(len(results) for _, results in groups), "limit": search.LIMIT})


@tenant_view()
@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    """Everything waiting for this person's action, from every app's source, asked afresh (the
    header's count may be up to `core.waiting.COUNT_TTL` old)."""
    return render(request, "core/waiting.html",
                  {"nav_section": "home", "items": waiting_for(request.membership)})


@tenant_view()
@require_GET
def waiting_count_fragment(request: HttpRequest) -> HttpResponse:
    """The header's "Waiting for you (3)", asked for after the page has loaded (htmx), so no
    page pays for every app's sources and a page's queries never depend on what waits; the
    count itself is cached per person per tenant (core.waiting). Without JavaScript the
    header's link reads "Waiting for you" and the list page has the items."""
    count = waiting_count(request.membership)
    return HttpResponse(format_html('<span data-testid="waiting-count">Waiting for you ({})'
                                    "</span>", count))


@tenant_view(MEMBERS_MANAGE)
def member_list(request: HttpRequest, export: bool = False) -> HttpResponse:
    everyone = (Membership.objects.filter(is_active=True).select_related("user")
                .order_by("role", "user__email", "pk"))
    if export:
        return list_download(request, rows=people.with_details(everyone, kind="members"),
                             download=PEOPLE)
    # A page of 50 (a 1,000-school council has over a thousand members); the download keeps
    # every one.
    page, query_string = paginate(request, everyone)
    members = people.with_details(page.object_list, kind="members")
    form = InvitationForm(request.POST or None, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                tenant=request.tenant, actor=request.user, email=form.cleaned_data["email"],
                role=form.cleaned_data["role"], title=form.cleaned_data["title"],
                **form.detail_values(),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("core:member-list", request.tenant.slug)
    context = {
        "nav_section": "people",
        "form": form,
        "members": members, "downloads": download_links(request),
        "page": page, "query_string": query_string,
        "removed": Membership.objects.filter(
            is_active=False, ended_at__gte=services.membership_restorable_since())
            .select_related("user", "ended_by").order_by("-ended_at"),
        "invitations": people.with_details(
            Invitation.objects.filter(accepted_at=None, revoked_at=None)
            .order_by("-created_at"), kind="invitations"),
        "settings_form": TenantSettingsForm(
            initial={"require_mfa_for_officers": request.tenant.require_mfa_for_officers,
                     "chairs_of_governors_see_category":
                         request.tenant.chairs_of_governors_see_category}
        ),
    }
    return render(request, "core/member_list.html", context, status=400 if form.errors else 200)


def _post_then_back(request: HttpRequest, action: Callable[[], object], success: str,
                    back: str = "core:member-list") -> HttpResponse:
    """A POSTed service call from a list page: a refusal becomes an error message, success a
    confirmation; either way back to the list (a GET only goes back)."""
    if request.method == "POST":
        try:
            action()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
    return redirect(back, request.tenant.slug)


@tenant_view(MEMBERS_MANAGE)
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    """A page asking to confirm (GET); the removal itself is a POST from it, so a stray click
    on the People page never takes anyone's access."""
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id,
                                   is_active=True)
    if request.method != "POST":
        if membership.user_id == request.user.id:
            messages.error(request, "You cannot remove your own access.")
            return redirect("core:member-list", request.tenant.slug)
        return render(request, "core/member_remove.html",
                      {"nav_section": "people", "member": membership})
    return _post_then_back(
        request, lambda: services.membership_deactivate(membership=membership,
                                                        actor=request.user),
        f"{membership.user.email} no longer has access. You can restore it from this page "
        "for 14 days.")


@tenant_view(MEMBERS_MANAGE)
def member_restore(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    return _post_then_back(
        request, lambda: services.membership_restore(membership=membership, actor=request.user),
        f"{membership.user.email} has access again, as {membership.get_role_display().lower()}.")


@tenant_view(MEMBERS_MANAGE)
def invitation_withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id)
    return _post_then_back(
        request, lambda: services.invitation_withdraw(invitation=invitation, actor=request.user),
        f"The invitation of {invitation.email} is withdrawn: its link no longer works.")


SECURITY_LOG_LENGTH = 200


@tenant_view(MEMBERS_MANAGE)
def support_access(request: HttpRequest) -> HttpResponse:
    """Give the platform operator time-limited, read-only access while they help, and end it."""
    form = SupportAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = support.support_access_grant(
                tenant=request.tenant, actor=request.membership,
                operator_email=data["operator_email"], role=data["role"],
                duration=support.DURATIONS[data["duration"]][0], reason=data["reason"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{grant.granted_to.email} can see {request.tenant.name} "
                                      f"until {grant.expires_at:%-d %B %Y %H:%M}.")
            return redirect("core:support-access", request.tenant.slug)
    return render(request, "core/support_access.html", {
        "nav_section": "people", "form": form, "now": timezone.now(),
        "grants": support.support_grants(tenant=request.tenant),
    }, status=400 if form.errors else 200)


@tenant_view(MEMBERS_MANAGE)
def support_access_revoke(request: HttpRequest, support_access_id: int) -> HttpResponse:
    grant = get_object_or_404(SupportAccess, pk=support_access_id)
    if request.method == "POST":
        support.support_access_revoke(grant=grant, actor=request.membership)
        messages.success(request, f"{grant.granted_to.email}'s support access has ended.")
    return redirect("core:support-access", request.tenant.slug)


@tenant_view(AUDIT_VIEW)
def security_log(request: HttpRequest, export: bool = False) -> HttpResponse:
    """Sign-ins and failed attempts, tokens made and revoked, people and roles, invitations
    and settings: the latest first, for the tenant admin."""
    condition = Q()
    for prefix in security.SECURITY_ACTIONS:
        condition |= Q(action__startswith=prefix)
    for suffix in security.SECURITY_ACTION_SUFFIXES:
        condition |= Q(action__endswith=suffix)
    events = list(AuditEvent.objects.filter(condition).select_related("actor")
                  .order_by("-created_at", "-pk")[:SECURITY_LOG_LENGTH])
    if export:
        return list_download(request, rows=events, download=SECURITY_EVENTS)
    # The people whose access may be ended, 50 a page (a large council has over a thousand).
    page, query_string = paginate(request, Membership.objects.filter(is_active=True)
                                  .select_related("user").order_by("user__email", "pk"))
    return render(request, "core/security_log.html", {
        "nav_section": "people", "events": events, "members": page.object_list,
        "page": page, "query_string": query_string,
        "length": SECURITY_LOG_LENGTH, "downloads": download_links(request),
    })


# The people page's members and the security log's events, as CSV or XLSX.
PEOPLE = ListDownload("people", "People", (
    Column("Name", lambda m: m.user.full_name),
    Column("Email", lambda m: m.user.email),
    Column("Role", lambda m: m.get_role_display()),
    Column("Title", lambda m: m.title),
    Column("School", lambda m: m.details),
    Column("Member since", lambda m: m.created_at),
))
SECURITY_EVENTS = ListDownload("security-log", "Security log", (
    Column("When", lambda e: e.created_at),
    Column("Who", lambda e: e.actor.email if e.actor else ""),
    Column("What", lambda e: e.summary),
    Column("Action", lambda e: e.action),
))


@tenant_view(MEMBERS_MANAGE)
def member_access_revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id)
    if request.method != "POST":
        return redirect("core:security-log", request.tenant.slug)
    ended = security.member_access_revoke(tenant=request.tenant, membership=membership,
                                          actor=request.user)
    messages.success(request, f"{membership.user.email}: {ended['tokens']} API token(s) "
                              f"revoked and {ended['sessions']} session(s) ended.")
    return redirect("core:security-log", request.tenant.slug)


@tenant_view(MEMBERS_MANAGE)
def tenant_settings(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("core:member-list", request.tenant.slug)
    form = TenantSettingsForm(request.POST)
    form.is_valid()
    services.tenant_settings_update(
        tenant=request.tenant, actor=request.user,
        require_mfa_for_officers=form.cleaned_data.get("require_mfa_for_officers", False),
        chairs_of_governors_see_category=form.cleaned_data.get(
            "chairs_of_governors_see_category", False),
    )
    messages.success(request, "Sign-in settings saved.")
    return redirect("core:member-list", request.tenant.slug)


@tenant_view(MEMBERS_MANAGE)
def school_calendar(request: HttpRequest) -> HttpResponse:
    """The tenant's half-term dates, this academic year and the next: visits are planned and
    digests sent by them. A year not set shows (and starts from) England's default pattern."""
    this_year = AcademicYear.of(timezone.localdate())
    years = [this_year, this_year.shifted(1)]
    try:
        year = AcademicYear(int(request.GET.get("year", this_year.start_year)))
    except ValueError:
        year = this_year
    if year not in years:
        year = this_year
    calendar = school_calendar_of(tenant=request.tenant, year=year)
    form = SchoolCalendarForm(request.POST or None, calendar=calendar)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_calendar_set(tenant=request.tenant, actor=request.user, year=year,
                                         half_terms=form.half_terms())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Saved the half-term dates of {year.label}.")
            return redirect(f"{reverse('core:school-calendar', args=[request.tenant.slug])}"
                            f"?year={year.start_year}")
    return render(request, "core/school_calendar.html", {
        "nav_section": "people", "form": form, "year": year, "years": years,
        "calendar": calendar,
    }, status=400 if form.errors else 200)


@tenant_view(MEMBERS_MANAGE)
def access(request: HttpRequest) -> HttpResponse:
    """What each role may do here (narrowed by the tenant, never widened), and who can do what
    and why: each member's rights from their role and the grants of what they hold."""
    if request.method == "POST":
        role = request.POST.get("role", "")
        try:
            services.role_narrowing_set(tenant=request.tenant, actor=request.user, role=role,
                                        kept=request.POST.getlist("permissions"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("core:access", request.tenant.slug)
        messages.success(request, f"Saved the rights of the {Role(role).label.lower()} role.")
        return redirect("core:access", request.tenant.slug)
    narrowed = request.tenant.role_narrowing or {}
    roles = [{
        "role": role, "label": label, "editable": role != Role.ADMIN,
        "permissions": [(permission, PERMISSION_LABELS.get(permission, permission),
                         permission not in narrowed.get(role, []))
                        for permission in sorted(ROLE_PERMISSIONS.get(role, ()))],
    } for role, label in Role.choices]
    # A page of 50 members, and only their grants: a 1,000-school council has over a thousand.
    page, query_string = paginate(request, Membership.objects.filter(is_active=True)
                                  .select_related("user", "tenant")
                                  .order_by("role", "user__email", "pk"))
    members = list(page.object_list)
    held = grants_of_many(members)
    people = [{"member": member,
               "permissions": [PERMISSION_LABELS.get(p, p)
                               for p in sorted(permissions_of(member))],
               "grants": held[member.pk]} for member in members]
    return render(request, "core/access.html", {
        "nav_section": "people", "roles": roles, "people": people, "page": page,
        "query_string": query_string})


@operator_required
def platform_tenant_list(request: HttpRequest) -> HttpResponse:
    return render(request, "platform/tenant_list.html", {
        "rows": tenants_for_operator(),
        "support_grants": support.support_grants_for_operator(user=request.user)})


@operator_required
def platform_tenant_create(request: HttpRequest) -> HttpResponse:
    form = TenantCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tenant, invitation = services.tenant_create(
                actor=request.user, name=form.cleaned_data["name"], slug=form.cleaned_data["slug"],
                kind=form.cleaned_data["kind"], la_codes=form.cleaned_data["la_codes"],
                admin_email=form.cleaned_data["admin_email"],
                shared_reason=form.cleaned_data["shared_reason"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(
                request, f"Created {tenant.name} and sent an invitation to {invitation.email}."
            )
            return redirect("platform:platform-tenant-list")
    return render(request, "platform/tenant_create.html", {"form": form},
                  status=400 if form.errors else 200)
