from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planner.handout import HandoutError
from planner.models import Assignment
from planner.services import print_handout


class Command(BaseCommand):
    help = "Write the PDF handout of one assignment."

    def add_arguments(self, parser):
        parser.add_argument("assignment_id", type=int)
        parser.add_argument("-o", "--output", type=Path, required=True, help="FILE.pdf")
        parser.add_argument("--large-print", action="store_true", help="Body text at 16 pt.")
        parser.add_argument(
            "--lang",
            default=None,
            help="Language code, e.g. en or es (default: the patient's preferred language).",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Add a last page of progress charts (the last 12 weeks and girth).",
        )

    def handle(self, *args, assignment_id, output, large_print, lang, progress, **options):
        try:
            assignment = Assignment.objects.get(pk=assignment_id)
        except Assignment.DoesNotExist:
            raise CommandError(f"There is no assignment {assignment_id}.") from None
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        try:
            pdf = print_handout(
                assignment=assignment,
                large_print=large_print,
                language=lang,
                via="command",
                progress=progress,
            )
        except HandoutError as exc:
            raise CommandError(str(exc)) from exc
        output.write_bytes(pdf)
        self.stdout.write(f"Wrote {output} ({assignment.patient}, plan v{assignment.version}).")
