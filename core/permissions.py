"""What each role may do, in one table.

Views and API endpoints ask for a permission, never a role, so a later issue can narrow a role
per tenant without touching them.
"""

from core.models import Role

REGISTER_VIEW = "register.view"
REGISTER_EDIT = "register.edit"
OWN_SCHOOL_VIEW = "own_school.view"
OWN_SCHOOL_EDIT = "own_school.edit"
MEMBERS_MANAGE = "members.manage"
IMPORTS_RUN = "imports.run"
AUDIT_VIEW = "audit.view"
# Finding a colleague by name or e-mail in the header search (admins and officers).
PEOPLE_VIEW = "people.view"
# Partnerships: officers see and manage all of them; a headteacher sees their own hub (a hub
# chair's rights to manage it are checked on the object) and answers pro-formas and surveys.
PARTNERSHIPS_VIEW = "partnerships.view"
PARTNERSHIPS_MANAGE = "partnerships.manage"
OWN_HUB_VIEW = "own_hub.view"
FORMATION_RESPOND = "formation.respond"
# Categorisation: individual categories are confidential to the LA and the school itself.
CATEGORIES_VIEW = "categories.view"
CATEGORIES_DECIDE = "categories.decide"
CATEGORIES_MODERATE = "categories.moderate"
SCHEMES_MANAGE = "schemes.manage"
OWN_CATEGORY_RESPOND = "own_category.respond"
INTELLIGENCE_VIEW = "intelligence.view"
INTELLIGENCE_EDIT = "intelligence.edit"
# Counts across the tenant with no school named: dashboards for boards and elected members.
AGGREGATES_VIEW = "aggregates.view"
# Boards: officers set boards up and run them; a seat gives its holder one board's rights
# (boards.permissions, through core.grants); published minutes reach heads and officers when a
# board's terms say so.
BOARDS_MANAGE = "boards.manage"
BOARDS_PUBLISHED_VIEW = "boards.published_view"
# Funding: the admin sets rates and records the schools forum's votes; officers read every
# school's charge; a headteacher reads their own school's (OWN_SCHOOL_VIEW, funding.permissions);
# board members and viewers see totals with no school named (AGGREGATES_VIEW).
FUNDING_VIEW = "funding.view"
FUNDING_MANAGE = "funding.manage"
# Support: officers plan and record visits and write their notes for any school; a senior
# officer (the admin) checks a note before it is released, where the tenant asks for it; a
# headteacher completes the school's part of their own school's notes and answers them.
VISITS_VIEW = "visits.view"
VISITS_RECORD = "visits.record"
VISIT_NOTES_CHECK = "visits.quality_check"
OWN_VISITS_RESPOND = "own_visits.respond"

_OFFICER = frozenset({
    REGISTER_VIEW, REGISTER_EDIT, PARTNERSHIPS_VIEW, PARTNERSHIPS_MANAGE, CATEGORIES_VIEW,
    CATEGORIES_DECIDE, INTELLIGENCE_VIEW, INTELLIGENCE_EDIT, AGGREGATES_VIEW, BOARDS_MANAGE,
    BOARDS_PUBLISHED_VIEW, FUNDING_VIEW, VISITS_VIEW, VISITS_RECORD, PEOPLE_VIEW,
})

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: _OFFICER | {
        MEMBERS_MANAGE, IMPORTS_RUN, AUDIT_VIEW, CATEGORIES_MODERATE, SCHEMES_MANAGE,
        FUNDING_MANAGE, VISIT_NOTES_CHECK,
    },
    Role.OFFICER: _OFFICER,
    Role.HEADTEACHER: frozenset({
        OWN_SCHOOL_VIEW, OWN_SCHOOL_EDIT, OWN_HUB_VIEW, FORMATION_RESPOND, OWN_CATEGORY_RESPOND,
        BOARDS_PUBLISHED_VIEW, OWN_VISITS_RESPOND,
    }),
    Role.BOARD_MEMBER: frozenset({AGGREGATES_VIEW}),
    Role.VIEWER: frozenset({AGGREGATES_VIEW}),
}

# Roles whose members must use multi-factor sign-in when their tenant requires it.
MFA_REQUIRED_ROLES = frozenset({Role.ADMIN, Role.OFFICER})


def role_has(role: str, permission: str) -> bool:
    """Whether a role's defaults include the permission (before any tenant narrows it): for
    the role table itself. A member's rights are `has` / `permissions_of`."""
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


# What each permission lets a person do, for the page that shows who can do what.
PERMISSION_LABELS = {
    REGISTER_VIEW: "See every school of the register",
    REGISTER_EDIT: "Edit the fields the team keeps about schools",
    OWN_SCHOOL_VIEW: "See their own school",
    OWN_SCHOOL_EDIT: "Edit their own school's contact details",
    MEMBERS_MANAGE: "Invite people, set roles and settings",
    IMPORTS_RUN: "Import GIAS, Ofsted and performance files",
    AUDIT_VIEW: "Read the security log",
    PEOPLE_VIEW: "Find the council's people by name in the search",
    PARTNERSHIPS_VIEW: "See every partnership",
    PARTNERSHIPS_MANAGE: "Create partnerships, add schools, assign roles",
    OWN_HUB_VIEW: "See their own school's hub",
    FORMATION_RESPOND: "Answer pro-formas, proposals and surveys for their school",
    CATEGORIES_VIEW: "See every school's category",
    CATEGORIES_DECIDE: "Confirm or override proposed categories",
    CATEGORIES_MODERATE: "Moderate disagreements",
    SCHEMES_MANAGE: "Change the categorisation scheme",
    OWN_CATEGORY_RESPOND: "Agree or disagree with their school's category",
    INTELLIGENCE_VIEW: "Read local intelligence",
    INTELLIGENCE_EDIT: "Record local intelligence",
    AGGREGATES_VIEW: "See counts across the tenant",
    BOARDS_MANAGE: "Set up boards and run their meetings",
    BOARDS_PUBLISHED_VIEW: "Read boards' published minutes open to the council",
    FUNDING_VIEW: "See every school's de-delegation charge",
    FUNDING_MANAGE: "Set funding rates and record the schools forum's votes",
    VISITS_VIEW: "See every school's visits and visit notes",
    VISITS_RECORD: "Plan and record visits and write visit notes",
    VISIT_NOTES_CHECK: "Check visit notes before they are released to schools",
    OWN_VISITS_RESPOND: "Complete and answer their own school's visit notes",
}


def role_permissions(tenant, role: str) -> frozenset[str]:
    """What a role may do in this tenant: its defaults less what the tenant has narrowed for
    it (never the admin's: a tenant cannot lock itself out)."""
    granted = ROLE_PERMISSIONS.get(role, frozenset())
    if role == Role.ADMIN:
        return granted
    return granted - frozenset((tenant.role_narrowing or {}).get(role, ()))


def permissions_of(membership) -> frozenset[str]:
    """What this member may do across their tenant (`role_permissions` of their tenant and
    role). Rights on one object (a hub they chair) are `core.grants.may`."""
    return role_permissions(membership.tenant, membership.role)


def has(membership, permission: str) -> bool:
    """Whether this member may do `permission` across their tenant."""
    return permission in permissions_of(membership)
