"""Support's writes, one module per area: `visits` (plan, re-plan, move, cancel, record, add),
`notes` (start, the school's part, the officer's, submit, check, respond), `settings` (the
tenant's choices and the default note templates)."""
