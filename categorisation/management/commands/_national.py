"""What the national import commands share: reading the file and printing the outcome."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from categorisation.importing import NationalImport

SHOWN_ERRORS = 50


class NationalImportCommand(BaseCommand):
    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the whole national file (CSV)")
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would change and write nothing")

    def read(self, file: str) -> bytes:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        return path.read_bytes()

    def report(self, outcome: NationalImport) -> None:
        result = outcome.result
        if result.errors:
            for error in result.errors[:SHOWN_ERRORS]:
                self.stderr.write(self.style.ERROR(str(error)))
            if len(result.errors) > SHOWN_ERRORS:
                self.stderr.write(self.style.ERROR(
                    f"… and {len(result.errors) - SHOWN_ERRORS} more errors"))
            raise CommandError("Nothing was imported from a file with errors.")
        if outcome.older:
            self.stdout.write(self.style.WARNING(outcome.older))
        self.stdout.write(
            f"{'Check' if outcome.dry_run else 'Applied'}: {result.rows:,} rows: "
            f"{result.created:,} new, {result.updated:,} changed, {result.unchanged:,} unchanged; "
            f"{len(result.affected_urns):,} schools to recompute")
        if outcome.dry_run:
            self.stdout.write("Dry run: nothing written.")
        elif outcome.recompute_arrival is not None:
            self.stdout.write(self.style.SUCCESS(
                f"Recompute scheduled (data arrival {outcome.recompute_arrival}) in every "
                "tenant holding those schools."))
