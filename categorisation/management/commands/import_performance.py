"""Import a national performance file (school performance tables or an EES download): every
school's indicators.

    manage.py import_performance england_ks2final.csv [--year 2023] [--release final] [--dry-run]

The national layer's only writer for performance indicators. `--year` (the start of the
academic year, 2023 for 2023-24) and `--release` override what the file's name or content
says. Categories of the schools whose indicators changed are recomputed in every tenant.
"""

from categorisation.importing import national_performance_import
from categorisation.management.commands._national import NationalImportCommand


class Command(NationalImportCommand):
    help = "Import a national performance file (every school's indicators)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", type=int,
                            help="start of the academic year, e.g. 2023 for 2023-24")
        parser.add_argument("--release", choices=["provisional", "revised", "final"],
                            help="which release of the year's results")

    def handle(self, *args, file: str, dry_run: bool = False, year: int | None = None,
               release: str | None = None, **options) -> None:
        data = self.read(file)
        self.report(national_performance_import(data=data, name=file.rsplit("/", 1)[-1],
                                                year=year, release=release, dry_run=dry_run))
