from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planner.fhir import FhirExportError
from planner.models import Assignment, Patient
from planner.services.exporting import export_fhir


class Command(BaseCommand):
    help = (
        "Write one plan, or every plan of one patient, with what was recorded, as an HL7 FHIR R4 "
        "Bundle (JSON)."
    )

    def add_arguments(self, parser):
        parser.add_argument("assignment_id", type=int, nargs="?", help="The plan's id.")
        parser.add_argument(
            "--patient", type=int, metavar="ID", help="Every plan of this patient instead."
        )
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="FILE.json, or - for the screen."
        )

    def handle(self, *args, assignment_id, patient, output, **options):
        if (assignment_id is None) == (patient is None):
            raise CommandError("Give either a plan's id or --patient ID (one of the two).")
        person = None
        if patient is not None:
            person = Patient.objects.filter(pk=patient).first()
            if person is None:
                raise CommandError(f"There is no patient {patient}.")
            plans = Assignment.objects.filter(patient=person)
        else:
            if not Assignment.objects.filter(pk=assignment_id).exists():
                raise CommandError(f"There is no assignment {assignment_id}.")
            plans = Assignment.objects.filter(pk=assignment_id)
        to_screen = str(output) == "-"
        if not to_screen and not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        try:
            text = export_fhir(assignments=plans, patient=person, via="command")
        except FhirExportError as exc:
            raise CommandError(f"Nothing was written: {exc}") from exc
        if to_screen:
            self.stdout.write(text)
            return
        output.write_text(text + "\n", encoding="utf-8")
        count = plans.count()
        self.stdout.write(f"Wrote {output} ({count} plan{'s' if count != 1 else ''}, FHIR R4).")
