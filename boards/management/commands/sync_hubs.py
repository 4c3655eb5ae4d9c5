"""Bring every tenant's hubs in step with their partnerships: a hub for each partnership, a seat
per member school held by its headteacher, the chair seat held by the hub chair.

    python manage.py sync_hubs

Run once after the migration that moved the hubs onto the boards engine (`boards` 0012); from
then on partnerships' hooks keep the hubs in step. Safe to run again: it changes only what is
out of step.
"""

from django.core.management.base import BaseCommand

from boards.services.hubs import sync_hubs
from core.models import Tenant


class Command(BaseCommand):
    help = "Make every partnership's hub and bring its seats in step with the partnership."

    def handle(self, *args, **options) -> None:
        for tenant in Tenant.objects.order_by("pk"):
            boards = sync_hubs(tenant=tenant)
            self.stdout.write(f"{tenant.slug}: {len(boards)} hubs in step")
