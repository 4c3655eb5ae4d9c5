"""Forms of the partnerships pages, one module per area, each imported by its pages:
`structure` (levels, partnerships, members, roles), `formation` (pro-formas and proposals),
`surveys` (consultation surveys). A hub's pages are boards' (a hub is a board)."""
