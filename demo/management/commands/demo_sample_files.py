"""Write the demo council's sample import files to demo/files/ (`demo.sample_files`)."""

from django.core.management.base import BaseCommand

from demo.sample_files import FILES_DIR, sample_files


class Command(BaseCommand):
    help = ("Write Northshire's sample GIAS, Ofsted and key stage 2 files (made up, in the real "
            "formats) to demo/files/, for the import pages' \"Try it with the demo council's "
            "sample file\" links. Run it after changing the demo's generators, and commit them.")

    def handle(self, *args, **options) -> None:
        FILES_DIR.mkdir(exist_ok=True)
        for name, content in sample_files().items():
            (FILES_DIR / name).write_bytes(content)
            self.stdout.write(f"Wrote demo/files/{name} ({len(content):,} bytes)")
