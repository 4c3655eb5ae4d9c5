"""The formation and survey API: pro-formas, proposals (generate, edit, publish, respond,
confirm) and consultation surveys (create, respond, tally). Thin views over the same services,
selectors and object rules as the pages; every view runs inside the tenant's scope, so another
tenant's object is simply not found (404), and one beyond the caller's role is 403.

Schools are named by URN throughout, as on the pages.

Modules: `base` (the role check and the lookups every view shares), `pro_formas`, `proposals`
and `surveys`.
"""
