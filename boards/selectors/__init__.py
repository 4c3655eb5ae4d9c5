"""Reads of the boards domain. Each runs inside the active tenant scope and makes a fixed
number of queries, however many seats, meetings, items or votes a board has.

Modules: `boards` (the boards a person may see, a board's page), `meetings` (a meeting on the
day: seats, who holds them, RSVPs, attendance, quorum; the meeting page) and `published` (the
one published view every public output goes through).
"""
