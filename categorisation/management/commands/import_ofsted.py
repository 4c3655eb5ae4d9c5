"""Import Ofsted's national management-information file: every inspection, every school.

    manage.py import_ofsted management_information_state_funded_schools.csv [--dry-run]

The national layer's only writer for inspections (a council's upload writes its own schools
only). Categories of the schools whose inspections changed are recomputed in every tenant.
"""

from categorisation.importing import national_ofsted_import
from categorisation.management.commands._national import NationalImportCommand


class Command(NationalImportCommand):
    help = "Import Ofsted's national management-information file (every row)."

    def handle(self, *args, file: str, dry_run: bool = False, **options) -> None:
        data = self.read(file)
        self.report(national_ofsted_import(data=data, source=file.rsplit("/", 1)[-1],
                                           dry_run=dry_run))
