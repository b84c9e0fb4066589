from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.library import LIBRARY_PATH, LibraryError, load_library


class Command(BaseCommand):
    help = "Create or update the exercise library and screening catalogue from the data file."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=LIBRARY_PATH, help="YAML data file.")

    def handle(self, *args, file, **options):
        try:
            conditions, exercises = load_library(file)
        except LibraryError as exc:
            raise CommandError(f"Nothing was changed. {exc}") from exc
        self.stdout.write(conditions.summary("Conditions"))
        self.stdout.write(exercises.summary("Exercises"))
