"""Formation pages (seed 003, Barnet): pro-formas, the proposal generator, editing, publishing
for consultation, responses, and the decision that creates the partnerships.

Officers (PARTNERSHIPS_MANAGE) run all of it; a headteacher (FORMATION_RESPOND) fills their
school's pro-forma and answers the consultation for their school. The rules are the services';
a refusal comes back as a ValidationError whose messages the page shows as GOV.UK errors.

Modules: `overview` (the officer's formation page, a headteacher's), `pro_formas` and
`proposals` (generating, the proposal page and its edits, the consultation, the decision).
"""
