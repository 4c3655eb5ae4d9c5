"""Reads of funding, each starting from the tenant scope: `years` (years and lines) and
`charges` (who de-delegation applies to, and each school's charge)."""
