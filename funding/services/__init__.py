"""Writes of funding: `dedelegation` (years, lines and their rates, the forum's votes, academies'
buy-backs) and `allocations` (formulas and their versions, runs with their snapshots,
confirming). Every service is atomic, takes the tenant and the acting user, checks the actor may
set funding, validates the row in full and writes its audit event."""
