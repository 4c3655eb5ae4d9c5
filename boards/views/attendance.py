"""A board's members page: who holds each seat today and, for those who run the board (its
chair, its clerk, officers), each member's attendance over the board's last meetings, with the
members who missed two in a row without apologies flagged."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from boards.selectors.attendance import board_attendance
from boards.selectors.interests import current_holders, current_holdings
from boards.views._common import NAV, board_of
from boards.views.downloads import MEMBERS
from core.downloads import list_download, page_or_download
from core.tenancy import TenantRequest, tenant_view


@tenant_view()
@require_GET
def board_members(request: TenantRequest, board_id: int, export: bool = False) -> HttpResponse:
    board, access = board_of(request, board_id, read=True)
    holdings = current_holdings(board=board)
    people = current_holders(board=board, holdings=holdings)
    if export:
        return list_download(request, rows=people, download=MEMBERS)
    # The issue: attendance rates are for the chair and the clerk (and officers), not every
    # member of the board.
    return page_or_download(request, "boards/members.html", {
        "board": board, "access": access, "people": people,
        "attendance": board_attendance(board=board, current=holdings)
        if access.can_run else None,
        "nav_section": NAV}, rows=people, download=MEMBERS)
