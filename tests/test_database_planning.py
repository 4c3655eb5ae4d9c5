"""PostgreSQL plans the app's queries for a register in memory or on SSD (config/settings.py):
with the default cost of a random page read, a council's schools' establishments are read by
scanning every establishment in the country once planner statistics exist."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_cost_a_random_page_read_as_memory_does():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
