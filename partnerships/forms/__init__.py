"""Forms of the partnerships pages, one module per area, each imported by its pages:
`structure` (levels, partnerships, members, roles), `formation` (pro-formas and proposals),
`surveys` (consultation surveys) and `hubs` (hub self-management)."""
