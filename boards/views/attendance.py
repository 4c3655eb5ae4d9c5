"""A board's members page: who holds each seat today and, for those who run the board (its
chair, its clerk, officers), each member's attendance over the board's last meetings, with the
members who missed two in a row without apologies flagged."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from boards.selectors.attendance import board_attendance
from boards.selectors.interests import current_holders
from boards.views._common import NAV, board_of
from core.tenancy import TenantRequest, tenant_view


@tenant_view()
@require_GET
def board_members(request: TenantRequest, board_id: int) -> HttpResponse:
    board, access = board_of(request, board_id, read=True)
    # The issue: attendance rates are for the chair and the clerk (and officers), not every
    # member of the board.
    return render(request, "boards/members.html", {
        "board": board, "access": access, "people": current_holders(board=board),
        "attendance": board_attendance(board=board) if access.can_run else None,
        "nav_section": NAV})
