"""Writes of the boards domain, by sub-domain: `boards` (a board's terms, seats and who holds
them), `meetings` (meetings, RSVPs, attendance, agenda items), `decisions` (motions, votes,
outcomes) and `minutes` (drafting, circulating, approval by a decision, publishing).

Every service takes the tenant and the acting user, checks the board rule itself
(`boards.permissions.ensure_access`), validates, writes one audit row in the same transaction
and returns the changed object. Nothing is deleted: holdings are end-dated, meetings
cancelled, approved minutes locked.
"""
