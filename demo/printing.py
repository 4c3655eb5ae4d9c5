"""What `seed_demo` prints: where to sign in with which login, and links to try as each role
(each link answers for the login named above it: tests/test_demo_data.py)."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings

from core.models import Role


class DemoSpec(Protocol):
    """What is printed of a demo council (`seed_demo.DemoSpec`)."""

    slug: str

    def people(self) -> list[tuple[str, str, str, str]]: ...


def things_to_try(*, head_urn: int, head_hub_id: int | None, survey_id: int | None,
                  waiting: int, share: float, spec: DemoSpec,
                  board_id: int | None = None, published_meeting_id: int | None = None) -> str:
    base = f"{settings.SITE_URL.rstrip('/')}/t/{spec.slug}/"
    groups = [
        ("As the officer (officer@)", [
            ("Categories dashboard", "categorisation/"),
            (f"Proposals waiting ({waiting})", "categorisation/proposals/"),
            ("Partnerships: regions and hubs", "partnerships/"),
            (f"Coverage map ({share:.0%} of open schools in a hub)", "partnerships/coverage/"),
            ("Consultation survey results",
             f"partnerships/surveys/{survey_id}/" if survey_id else "partnerships/surveys/"),
            ("Local intelligence", "categorisation/intelligence/"),
            ("Your caseload: visits done and due, days used", "support/"),
            ("Visit notes: red, amber and green", "support/dashboard/"),
        ]),
        ("As the tenant admin (admin@)", [
            ("A school's disagreement to moderate", "categorisation/moderation/"),
            ("Brokering for the head's school: suggestions, exclusions, a costed deployment",
             f"support/schools/{head_urn}/brokering/"),
            ("Import the GIAS register", "imports/"),
            ("Import Ofsted or performance files", "categorisation/imports/"),
        ]),
        ("As the headteacher (head@)", [
            ("Your hub (you chair it)",
             f"boards/{head_hub_id}/" if head_hub_id else "partnerships/my-hub/"),
            ("Your school's category: agree or disagree",
             f"categorisation/schools/{head_urn}/"),
            ("Your school's visits: a note you marked inaccurate, one to answer",
             f"support/schools/{head_urn}/"),
        ]),
    ]
    if board_id is not None:
        board_items = [("The School Improvement Board (you chair it)", f"boards/{board_id}/")]
        if published_meeting_id is not None:
            board_items.append((
                "Published minutes, no sign-in (exempt item redacted)",
                f"boards/{board_id}/meetings/{published_meeting_id}/minutes/published/"))
            board_items.append((
                "Board pack as PDF, exempt item and papers included",
                f"boards/{board_id}/meetings/{published_meeting_id}/pack.pdf"))
            board_items.append((
                "Published pack as PDF, no sign-in",
                f"boards/{board_id}/meetings/{published_meeting_id}/pack/published.pdf"))
        board_items.append(("Register of interests", f"boards/{board_id}/interests/"))
        groups.append(("As the board's independent chair (board@)", board_items))
    width = max(len(label) for _, items in groups for label, _ in items)
    lines = ["", "Things to try"]
    for title, items in groups:
        lines += ["", f"  {title}"]
        lines += [f"    {label:<{width}}  {base}{path}" for label, path in items]
    return "\n".join(lines) + "\n"


def login_table(*, spec: DemoSpec, password: str, headteacher_school: str = "") -> str:
    url = settings.SITE_URL.rstrip("/") + "/"
    rows = []
    for role, email, _name, title in spec.people():
        label = "Platform operator" if role == "operator" else Role(role).label
        if role == Role.HEADTEACHER and headteacher_school:
            title = f"{title}, {headteacher_school}"
        rows.append((label, email, title))
    width_role = max(len(r[0]) for r in rows + [("Role", "", "")])
    width_email = max(len(r[1]) for r in rows)
    lines = [
        "",
        f"Open {url} and sign in (password for every demo login: {password})",
        f"The demo tenant's pages are under {url}t/{spec.slug}/",
        "",
        f"  {'Role':<{width_role}}  {'E-mail':<{width_email}}  As",
        f"  {'-' * width_role}  {'-' * width_email}  {'-' * 20}",
    ]
    lines += [f"  {r[0]:<{width_role}}  {r[1]:<{width_email}}  {r[2]}" for r in rows]
    return "\n".join(lines) + "\n"
