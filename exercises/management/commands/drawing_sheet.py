from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.drawing.sheet import sheet_html, sheet_pdf
from exercises.models import Exercise


class Command(BaseCommand):
    help = (
        "Write every active exercise's drawing, for the right side and mirrored for the left, to a "
        "contact sheet: a PDF at print size or an HTML page to open at phone size."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, required=True, help=".pdf or .html")
        parser.add_argument("--force", action="store_true", help="Replace an existing file.")

    def handle(self, *args, output: Path, force: bool, **options):
        suffix = output.suffix.lower()
        if suffix not in {".pdf", ".html"}:
            raise CommandError(f"{output} is neither a .pdf nor an .html file.")
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        if output.exists() and not force:
            raise CommandError(f"{output} exists; add --force to replace it.")
        exercises = list(Exercise.objects.active().order_by("category", "name"))
        if suffix == ".pdf":
            output.write_bytes(sheet_pdf(exercises))
        else:
            output.write_text(sheet_html(exercises), encoding="utf-8")
        drawn = sum(1 for e in exercises if e.pose)
        self.stdout.write(f"Wrote {len(exercises)} exercises ({drawn} with a drawing) to {output}.")
