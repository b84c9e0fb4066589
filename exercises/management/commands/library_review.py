from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.review import write_review_csv
from exercises.review_pdf import library_review_pdf

FORMATS = (".csv", ".pdf")


class Command(BaseCommand):
    help = (
        "Write the exercise library and the screening catalogue as a sheet (CSV or PDF, by the "
        "file's suffix) for a clinical lead to review and sign off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="File to write: .csv or .pdf."
        )
        parser.add_argument("--force", action="store_true", help="Replace an existing file.")

    def handle(self, *args, output: Path, force: bool, **options):
        suffix = output.suffix.lower()
        if suffix not in FORMATS:
            raise CommandError(
                f"{output} is neither a .csv nor a .pdf file: the review sheet is written as "
                "CSV (.csv) or PDF (.pdf)."
            )
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        if output.exists() and not force:
            raise CommandError(f"{output} exists; add --force to replace it.")
        if suffix == ".pdf":
            # Laid out in full before the file is opened: a replaced sheet is never left half
            # written.
            sheet = library_review_pdf()
            output.write_bytes(sheet.content)
            self.stdout.write(
                f"Wrote {sheet.exercises} exercises and {sheet.conditions} conditions on "
                f"{sheet.pages} pages to {output}."
            )
            return
        # utf-8-sig: spreadsheet programs then read accents and other scripts correctly.
        with output.open("w", encoding="utf-8-sig", newline="") as stream:
            count = write_review_csv(stream)
        self.stdout.write(f"Wrote {count} rows (exercises, then conditions) to {output}.")
