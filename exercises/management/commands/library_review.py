from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.review import write_review_csv


class Command(BaseCommand):
    help = (
        "Write the exercise library and the screening catalogue as a CSV sheet for a clinical "
        "lead to review and sign off."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write.")
        parser.add_argument("--force", action="store_true", help="Replace an existing file.")

    def handle(self, *args, output: Path, force: bool, **options):
        if output.suffix.lower() != ".csv":
            raise CommandError(f"{output} is not a .csv file: the review sheet is written as CSV.")
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        if output.exists() and not force:
            raise CommandError(f"{output} exists; add --force to replace it.")
        # utf-8-sig: spreadsheet programs then read accents and other scripts correctly.
        with output.open("w", encoding="utf-8-sig", newline="") as stream:
            count = write_review_csv(stream)
        self.stdout.write(f"Wrote {count} rows (exercises, then conditions) to {output}.")
