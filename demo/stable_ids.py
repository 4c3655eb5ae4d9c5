"""The same ids on every run of `seed_demo`, so a link saved from the first run (a hub, a
survey, a board meeting) still works after `make run` recreates the demo council.

Why fixed ids and not slugs in the URLs: every app addresses its rows by id, and the seed goes
through the services, which create rows in a deterministic order. So each demo council numbers
its rows itself, from a block of its own: while the seed runs, every project model's automatic
primary key takes its default from a counter starting at `LA code x 1,000,000` (Northshire,
LA code 999: 999000001, 999000002, ...). Two demo councils never share an LA code, so never an
id; real data numbers from 1 and does not come near (a table would need 100 million rows before
the lowest LA code in use, 201, is reached).

- Nothing else changes: the rows still go through the services (and their audit rows), and
  `bulk_create` takes the ids too (Django asks the primary key's default for them).
- The counter starts after the highest id already in the block (normally none: the wipe
  removed them), so a row some wipe missed can never make the seed fail, only shift that one
  table's ids.
- PostgreSQL's sequences are untouched (explicit ids do not advance them). SQLite gives a new
  row one more than the highest id of its table ever, so its counter is moved past the block's
  end: rows made afterwards in the app land above the block, not in it, and the next run finds
  the block empty.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, models
from django.db.models import Max
from django.db.models.fields import NOT_PROVIDED
from django_scopes import scopes_disabled

BLOCK = 1_000_000
# The project's own apps: rows of Django's and allauth's models keep their usual ids.
PROJECT_APPS = ("core", "accounts", "schools", "partnerships", "categorisation", "funding",
                "support", "boards")


def id_block(la_code: str) -> tuple[int, int]:
    """(first, last) id of the demo council of `la_code`."""
    first = int(la_code) * BLOCK + 1
    return first, first + BLOCK - 2


class _Counter:
    def __init__(self, model: type[models.Model], first: int, last: int) -> None:
        self.model, self.first, self.last = model, first, last
        self.next: int | None = None
        self.used = False

    def __call__(self) -> int:
        if self.next is None:
            with scopes_disabled():
                top = (self.model._base_manager.filter(pk__gte=self.first, pk__lte=self.last)
                       .aggregate(top=Max("pk"))["top"])
            self.next = (top or self.first - 1) + 1
        value = self.next
        if value > self.last:
            raise RuntimeError(f"The demo's block of ids for {self.model.__name__} is full.")
        self.next += 1
        self.used = True
        return value


def _auto_pk_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in PROJECT_APPS
            and isinstance(model._meta.pk, models.AutoField)]


@contextmanager
def stable_ids(la_code: str) -> Iterator[None]:
    """Inside: new rows of the project's models take the next id of the council's block."""
    first, last = id_block(la_code)
    counters = []
    for model in _auto_pk_models():
        field = model._meta.pk
        counter = _Counter(model, first, last)
        counters.append(counter)
        field.default = counter
        field.__dict__.pop("_get_default", None)  # a cached_property read from `default`
    try:
        yield
    finally:
        for counter in counters:
            field = counter.model._meta.pk
            field.default = NOT_PROVIDED
            field.__dict__.pop("_get_default", None)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for counter in counters:
                    if counter.used:
                        cursor.execute("UPDATE sqlite_sequence SET seq = %s "
                                       "WHERE name = %s AND seq < %s",
                                       [last, counter.model._meta.db_table, last])
