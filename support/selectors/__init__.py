"""Support's reads: `visits` (a school's visits and notices), `caseload` (an officer's schools
with visits done and due and days used against the entitlement), `dashboard` (RAG counts)."""
