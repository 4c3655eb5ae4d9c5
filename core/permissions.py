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

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {REGISTER_VIEW, REGISTER_EDIT, MEMBERS_MANAGE, IMPORTS_RUN, AUDIT_VIEW}
    ),
    Role.OFFICER: frozenset({REGISTER_VIEW, REGISTER_EDIT}),
    Role.HEADTEACHER: frozenset({OWN_SCHOOL_VIEW, OWN_SCHOOL_EDIT}),
    Role.BOARD_MEMBER: frozenset(),
    Role.VIEWER: frozenset(),
}

# Roles whose members must use multi-factor sign-in when their tenant requires it.
MFA_REQUIRED_ROLES = frozenset({Role.ADMIN, Role.OFFICER})


def role_has(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
