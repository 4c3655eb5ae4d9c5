"""The scheme editor (tenant admins): a scheme's rules as a form, a preview of where every school
would land, and saving the edit as a new version with the reason for it.

The draft travels in the form (`categorisation.schemes.editor`): each button names an action
that changes it and shows it again, so the page works without JavaScript. "Preview" runs the
edited rules over the register without writing (`selectors.scheme_preview`); "Save" creates the
next version through `services.scheme_version_create`, which refuses an edit leaving a school
without a category and names the schools."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from categorisation import services
from categorisation.models import CategorisationScheme
from categorisation.schemes import catalogue, editor
from categorisation.schemes.editor.state import GROUP_TYPES, PARAMETERS, Draft
from categorisation.schemes.wording import OPS, fact_label
from categorisation.selectors.scheme_preview import scheme_preview
from categorisation.templatetags.scheme_editor import Options
from core.permissions import SCHEMES_MANAGE
from core.tenancy import TenantRequest, tenant_view

GROUP_WORDS = {"all": "All of these", "any": "Any of these", "not": "Not this"}


def _fact_groups(draft: Draft) -> list[tuple[str, list[tuple[str, str]]]]:
    """The facts a condition may test, by kind, plus any the draft names that no kind lists
    (so a scheme's own facts are never lost from the form)."""
    groups: dict[str, list[tuple[str, str]]] = {group: [] for group in catalogue.GROUPS}
    for kind in catalogue.KINDS.values():
        groups[kind.group].append((kind.name, fact_label(kind.name)))
    for name in catalogue.officer_facts():
        groups[catalogue.OFFICER].append((name, fact_label(name)))
    listed = {name for facts in groups.values() for name, _ in facts}
    for step in draft.derive:
        if step.fact and step.fact not in listed:
            groups[catalogue.DERIVED].append((step.fact, step.label or step.fact))
            listed.add(step.fact)
    for name in sorted(_named(draft) - listed):
        group = catalogue.OFFICER if name.startswith("officer.") else catalogue.DERIVED
        groups[group].append((name, fact_label(name)))
    return [(group, facts) for group, facts in groups.items() if facts]


def _named(draft: Draft) -> set[str]:
    found: set[str] = set()

    def walk(node) -> None:
        if node.fact:
            found.add(node.fact)
        for child in node.children:
            walk(child)

    for rule in draft.rules:
        walk(rule.when)
    for step in draft.derive:
        for derive_rule in step.rules:
            walk(derive_rule.when)
    return found


def _hints(draft: Draft) -> dict[str, str]:
    derived = {step.fact: catalogue.TEXT for step in draft.derive}
    return {name: catalogue.kind_of(name, derived).hint for name in _named(draft)}


def _scheme(category_scheme_id: int) -> CategorisationScheme:
    return get_object_or_404(CategorisationScheme.objects.prefetch_related("categories"),
                             pk=category_scheme_id)


def _draft_of(scheme: CategorisationScheme) -> Draft:
    return editor.draft_from_definition(scheme.definition, [
        {"code": c.code, "label": c.label, "description": c.description, "colour": c.colour,
         "attributes": c.attributes} for c in scheme.categories.all()])


@tenant_view(SCHEMES_MANAGE)
def scheme_rules(request: TenantRequest, category_scheme_id: int) -> HttpResponse:
    """GET: the scheme's rules as a form. POST: an action on the draft, a preview or a save."""
    scheme = _scheme(category_scheme_id)
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if request.method == "GET":
        return _page(request, scheme, _draft_of(scheme))
    draft = editor.draft_from_post(request.POST)
    action = request.POST.get("action", "refresh")
    change_note = request.POST.get("change_note", "").strip()
    if action not in ("preview", "save"):
        return _page(request, scheme, editor.apply(draft, action), change_note=change_note)
    built = editor.build(draft)
    if action == "save" and not change_note:
        draft.errors.append(("change_note", "Say what changed, and why"))
    elif len(change_note) > 300:
        draft.errors.append(("change_note", "Say what changed in 300 characters or fewer"))
    if draft.errors:
        return _page(request, scheme, draft, change_note=change_note, status=400)
    active = CategorisationScheme.objects.filter(
        tenant=request.tenant, is_active=True).prefetch_related("categories").first()
    if action == "preview":
        preview = scheme_preview(tenant=request.tenant, current=active or scheme,
                                 definition=built.definition, categories=built.categories)
        return _page(request, scheme, draft, change_note=change_note, preview=preview)
    try:
        new = services.scheme_version_create(
            tenant=request.tenant, actor=request.user, scheme=scheme,
            definition=built.definition, categories=built.categories, change_note=change_note)
    except services.SchemeRefused as refused:
        return _page(request, scheme, draft, change_note=change_note, status=400,
                     problems=refused.problems)
    except ValidationError as error:
        draft.errors += [("rules", message) for message in error.messages]
        return _page(request, scheme, draft, change_note=change_note, status=400)
    messages.success(request, f"Saved version {new.version}. Every school's category is being "
                              "worked out again.")
    return redirect("categorisation:scheme-detail", request.tenant.slug, new.pk)


def _page(request: TenantRequest, scheme: CategorisationScheme, draft: Draft, *,
          change_note: str = "", status: int = 200, preview=None,
          problems: list[str] | None = None) -> HttpResponse:
    return render(request, "categorisation/schemes/rules.html", {
        "scheme": scheme, "draft": draft, "change_note": change_note, "preview": preview,
        "problems": problems or [], "hints": _hints(draft),
        # Built once: every condition of the form has these selects.
        "fact_options": Options(_fact_groups(draft), grouped=True),
        "op_options": Options(OPS.items()),
        "group_type_options": Options((kind, GROUP_WORDS[kind]) for kind in GROUP_TYPES),
        "category_choices": [(c.code, f"{c.code} {c.label}") for c in draft.categories],
        "param_labels": {name: label for name, (label, _) in PARAMETERS.items()},
        "param_names": ",".join(name for name, _ in draft.parameters),
        "nav_section": "categories",
    }, status=status)
