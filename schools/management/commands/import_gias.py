"""Import GIAS files from the command line.

    manage.py import_gias --file edubasealldata.csv                 # national: establishments
    manage.py import_gias --file ... --links links.csv              # and the links file
    manage.py import_gias --file ... --tenant wiltshire             # Wiltshire's register only
    manage.py import_gias --file ... --dry-run                      # preview only
    manage.py import_gias --links links.csv --full                  # the whole links extract:
                                                                    # links it lacks have ended

Without --tenant the import is national: every row is written to the shared establishments
table (taking over any council's provisional school of the same URN) and no tenant's register
changes. With --tenant it does what that council's upload does: its LA's schools join its
register, URNs the national register lacks become its provisional schools, and nothing national
is written (a links file writes nothing). It calls the same services as the upload page.
"""

import sys
import time
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.models import Tenant
from schools import gias, importing


class Command(BaseCommand):
    help = "Import a GIAS establishments CSV (and optionally the links CSV)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", help="GIAS establishments CSV")
        parser.add_argument("--links", help="GIAS links CSV")
        parser.add_argument("--tenant", help="tenant slug: only add its LAs' schools to its "
                                             "register, as its upload would (nothing national "
                                             "is written)")
        parser.add_argument("--full", action="store_true",
                            help="the links file is GIAS's whole extract: national links it no "
                                 "longer carries are ended (refused if it covers few LAs)")
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would change and write nothing")

    def handle(self, *args, file=None, links=None, tenant=None, dry_run=False, full=False,
               **options):
        if not file and not links:
            raise CommandError("Give --file (establishments) and/or --links.")
        if full and (tenant or not links):
            raise CommandError("--full is for the national links file (--links, no --tenant).")
        tenant_obj = None
        if tenant:
            tenant_obj = Tenant.objects.filter(slug=tenant).first()
            if tenant_obj is None:
                raise CommandError(f"No tenant with the slug “{tenant}”.")
        failed = False
        if file and tenant_obj is None and not dry_run:
            failed |= self._import_national(Path(file))
        elif file:
            # Staged on PostgreSQL: rows reach the database while the file is still read.
            def read(data, **kwargs):
                return importing.establishments_read(data, stage=not dry_run, **kwargs)

            failed |= self._run(Path(file), read,
                                importing.establishments_analyse, importing.establishments_apply,
                                tenant_obj, dry_run)
        if links:
            failed |= self._run(Path(links), gias.parse_links,
                                partial(importing.links_analyse, full=full),
                                partial(importing.links_apply, full=full), tenant_obj, dry_run)
        if failed:
            raise CommandError("Nothing was imported from a file with errors.")

    def _progress(self, label: str):
        def report(done: int, total: int) -> None:
            if sys.stdout.isatty():
                self.stdout.write(f"\r{label}: {done:,} of {total:,} rows", ending="")
                self.stdout.flush()
        return report

    def _run(self, path: Path, parse, analyse, apply, tenant, dry_run) -> bool:
        """Returns True when the file was refused."""
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        started = time.perf_counter()
        self.stdout.write(f"Reading {path.name}")
        try:
            parsed = parse(path.read_bytes(), max_bytes=settings.GIAS_UPLOAD_MAX_BYTES,
                           progress=self._progress("Read"))
        except gias.FileRejected as rejected:
            self.stderr.write(self.style.ERROR(str(rejected.error)))
            return True
        try:
            summary, errors = analyse(parsed, tenant=tenant)
        except importing.NotAFullFile as refused:
            self.stderr.write(self.style.ERROR(str(refused)))
            return True
        if sys.stdout.isatty():
            self.stdout.write("")
        self._print_counts("Check", summary["counts"], parsed.total_rows)
        for example in summary.get("examples", {}).get("outside", [])[:10]:
            why = f"LA {example['la_code']}" if "la_code" in example else example["reason"]
            self.stdout.write(f"  left out: row {example['row']}, URN {example['urn']}, "
                              f"{why} ({example['name']})")
        if errors:
            self._print_errors(errors)
            return True
        if dry_run:
            self.stdout.write("Dry run: nothing written.")
            return False
        result = apply(parsed, tenant=tenant, progress=self._progress("Written"))
        if sys.stdout.isatty():
            self.stdout.write("")
        self._print_counts("Applied", result["counts"], parsed.total_rows)
        self.stdout.write(self.style.SUCCESS(
            f"Done in {time.perf_counter() - started:.1f} s."))
        return False

    def _import_national(self, path: Path) -> bool:
        """A national establishments file, read and written in one pass (the writing of one
        part of the file while the next is read: `importing.establishments_import`). Returns
        True when the file was refused."""
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        started = time.perf_counter()
        self.stdout.write(f"Reading and writing {path.name}")
        try:
            summary = importing.establishments_import(
                path.read_bytes(), max_bytes=settings.GIAS_UPLOAD_MAX_BYTES,
                progress=self._progress("Read"))
        except gias.FileRejected as rejected:
            self.stderr.write(self.style.ERROR(str(rejected.error)))
            return True
        except importing.ImportRefused as refused:
            self._print_errors(refused.errors)
            return True
        if sys.stdout.isatty():
            self.stdout.write("")
        self._print_counts("Applied", summary["counts"], summary["total_rows"])
        self.stdout.write(self.style.SUCCESS(f"Done in {time.perf_counter() - started:.1f} s."))
        return False

    def _print_errors(self, errors: list) -> None:
        for error in errors[:50]:
            self.stderr.write(self.style.ERROR(str(error)))
        if len(errors) > 50:
            self.stderr.write(self.style.ERROR(f"… and {len(errors) - 50} more errors"))

    def _print_counts(self, title: str, counts: dict, total: int) -> None:
        shown = ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in counts.items())
        self.stdout.write(f"{title}: {total:,} rows: {shown}")
