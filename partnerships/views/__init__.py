"""Pages of the partnerships app, one module per area so several can grow side by side:
`structure` (levels, the tree, a partnership and its members and roles), `coverage` (who is in
no partnership, and the map), `hubs` (hub self-management), `formation` (a package: the
overview, pro-formas and proposals) and `surveys` (consultation surveys)."""
