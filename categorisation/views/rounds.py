"""Categorisation rounds: the list of rounds (open one, with the closed ones and their
summaries), a round's page (what changed since the last round, the unchanged proposals to
confirm in bulk, those needing a choice), bulk confirm, close, and the download of every open
school's proposed and in-force category. Thin: the rules live in `categorisation.rounds`."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from categorisation import rounds, selectors
from categorisation.forms import RoundConfirmForm, RoundOpenForm
from categorisation.models import CategorisationRound
from categorisation.selectors import SchoolCategoryRow
from core.downloads import ListDownload, download_links, file_download, list_download
from core.exports import Column
from core.permissions import CATEGORIES_DECIDE, CATEGORIES_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view


def _round(category_round_id: int) -> CategorisationRound:
    # The scope is active: another tenant's round is not found (404).
    try:
        return selectors.round_detail(round_id=category_round_id)
    except CategorisationRound.DoesNotExist:
        return get_object_or_404(CategorisationRound, pk=0)


def _require_decide(request: TenantRequest) -> None:
    if CATEGORIES_DECIDE not in request.tenant_permissions:
        raise PermissionDenied("Your role does not allow this.")


@tenant_view(CATEGORIES_VIEW)
def round_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    open_round = selectors.open_round(tenant=request.tenant)
    closed_rounds = list(selectors.closed_rounds(tenant=request.tenant))
    if export:
        return list_download(request, download=ROUNDS,
                             rows=[*([open_round] if open_round else []), *closed_rounds])
    form = RoundOpenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        _require_decide(request)
        if form.is_valid():
            try:
                opened = rounds.round_open(tenant=request.tenant, actor=request.user,
                                           name=form.cleaned_data["name"])
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Opened the round {opened.name}.")
                return redirect("categorisation:category-round-detail", request.tenant.slug,
                                opened.pk)
        status = 400
    elif request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    return render(request, "categorisation/rounds/list.html", {
        "form": form, "open_round": open_round, "closed_rounds": closed_rounds,
        "can_decide": CATEGORIES_DECIDE in request.tenant_permissions,
        "nav_section": "categories", "downloads": download_links(request),
    }, status=status)


def _summary(key: str) -> Callable[[CategorisationRound], object]:
    return lambda r: r.summary.get(key, "") if not r.is_open else ""


def _by_category(round: CategorisationRound) -> str:
    if round.is_open:
        return ""
    return "; ".join(f"{code} {label}: {count}"
                     for code, label, count in round.summary.get("by_category") or [])


# The rounds as the page lists them: the open one first, then the closed ones with their
# summaries (an open round has none yet).
ROUNDS = ListDownload("category-rounds", "Categorisation rounds", (
    Column("Round", lambda r: r.name),
    Column("Status", lambda r: "Open" if r.is_open else "Closed"),
    Column("Opened", lambda r: r.opened_at),
    Column("Opened by", lambda r: str(r.opened_by) if r.opened_by else ""),
    Column("Closed", lambda r: r.closed_at),
    Column("Closed by", lambda r: str(r.closed_by) if r.closed_by else ""),
    Column("Confirmed", _summary("confirmed")),
    Column("Overridden or chosen by an officer", _summary("overridden")),
    Column("Still waiting for an officer", _summary("still_open")),
    Column("Needing a choice between categories", _summary("still_undetermined")),
    Column("Open schools", _summary("schools")),
    Column("Without a category", _summary("without_category")),
    Column("Schools by category", _by_category),
))


def _render_round(request: TenantRequest, round: CategorisationRound, *,
                  form: RoundConfirmForm | None = None, status: int = 200) -> HttpResponse:
    review = (selectors.round_review(tenant=request.tenant, round=round) if round.is_open
              else None)
    return render(request, "categorisation/rounds/detail.html", {
        "round": round, "review": review, "form": form or RoundConfirmForm(),
        "summary": round.summary if not round.is_open else None,
        "can_decide": CATEGORIES_DECIDE in request.tenant_permissions,
        "nav_section": "categories",
    }, status=status)


@tenant_view(CATEGORIES_VIEW)
@require_GET
def round_detail(request: TenantRequest, category_round_id: int) -> HttpResponse:
    return _render_round(request, _round(category_round_id))


@tenant_view(CATEGORIES_DECIDE)
@require_POST
def round_confirm(request: TenantRequest, category_round_id: int) -> HttpResponse:
    """Confirm the unchanged proposals (all, or those ticked), synchronously, a batch of
    `rounds.BULK_BATCH` at a time: the message says how many are left and the button confirms
    the next batch."""
    round = _round(category_round_id)
    form = RoundConfirmForm(request.POST)
    if form.is_valid():
        try:
            result = rounds.round_bulk_confirm(tenant=request.tenant, actor=request.user,
                                               round=round, proposal_ids=form.proposal_ids,
                                               limit=rounds.BULK_BATCH)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            count = len(result.confirmed)
            messages.success(request, f"Confirmed {count} unchanged "
                                      f"proposal{'' if count == 1 else 's'}." + (
                                          f" {result.remaining} more are waiting: press the "
                                          "button again to confirm the next batch."
                                          if result.remaining else ""))
            if result.refused:
                messages.error(request, f"{len(result.refused)} not confirmed: "
                               + "; ".join(str(refusal) for refusal in result.refused) + ".")
            if result.needing_choice:
                messages.info(request, f"{len(result.needing_choice)} need an officer's "
                                       "choice between categories: open each from the list "
                                       "below.")
            return redirect("categorisation:category-round-detail", request.tenant.slug,
                            round.pk)
    return _render_round(request, round, form=form, status=400)


@tenant_view(CATEGORIES_DECIDE)
@require_POST
def round_close(request: TenantRequest, category_round_id: int) -> HttpResponse:
    round = _round(category_round_id)
    try:
        closed = rounds.round_close(tenant=request.tenant, actor=request.user, round=round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("categorisation:category-round-detail", request.tenant.slug, round.pk)
    messages.success(request, f"Closed the round {closed.name}.")
    return redirect("categorisation:category-round-list", request.tenant.slug)


# --- The download -------------------------------------------------------------------------


def _column(header: str, read: Callable[[SchoolCategoryRow], object]) -> Column:
    return Column(header, lambda row: read(cast(SchoolCategoryRow, row)))


def _in_force_why(row: SchoolCategoryRow) -> str:
    if row.in_force is None:
        return ""
    return "; ".join(part for part in (row.in_force.reason, *row.in_force.reasons) if part)


EXPORT_COLUMNS = [
    _column("URN", lambda r: r.school.establishment_id),
    _column("School", lambda r: r.school.establishment.name),
    _column("Phase", lambda r: r.school.establishment.get_phase_display()),
    _column("Maintained or academy", lambda r: r.school.establishment.get_governance_display()),
    _column("Category in force", lambda r: r.in_force.words if r.in_force else "No category yet"),
    _column("In force since", lambda r: r.in_force.decided_at.date() if r.in_force else None),
    _column("How it was decided", lambda r: r.in_force.status if r.in_force else ""),
    _column("Why it is in force", _in_force_why),
    _column("Proposed category",
           lambda r: r.proposal.proposed if r.proposal else "No proposal waiting"),
    _column("Proposed on", lambda r: r.proposal.created_at.date() if r.proposal else None),
    _column("Why proposed", lambda r: "; ".join(r.proposal.reasons) if r.proposal else ""),
]


@tenant_view(CATEGORIES_VIEW)
@require_GET
def category_export(request: TenantRequest) -> HttpResponse:
    """Every open school's category in force and proposed category, with the reasons, as
    CSV or Excel (core.exports). Categories are confidential: the download is logged."""
    return file_download(request, rows=selectors.category_export_rows(tenant=request.tenant),
                         columns=EXPORT_COLUMNS, name="categorisation", title="Categories",
                         filename=f"{request.tenant.slug}-categories",
                         summary="Downloaded the categories of {count} schools ({format})")
