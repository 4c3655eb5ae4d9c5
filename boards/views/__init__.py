"""Board pages, split by sub-domain: `boards` (list, terms, seats), `meetings` (meetings, RSVPs,
attendance, agenda), `decisions` (motions and votes) and `minutes` (the editor, circulating,
publishing, and the published page that needs no sign-in when the terms say public).

Who may do what is `boards.permissions.board_for_member` (403 for a board of one's own tenant
beyond one's rights; another tenant's board is out of scope, so 404); the services check the
same rule again."""
