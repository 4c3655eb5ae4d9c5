"""Funding's pages: `years` (the years, a year's schedule for the schools forum, a school's own
charges) and `lines` (a line, its rates, votes and buy-backs)."""
