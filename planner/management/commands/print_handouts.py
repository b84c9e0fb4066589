import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import django
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from planner.handout import build_handout, load_handout
from planner.selectors.handouts import assignments_to_print
from planner.services.printing import record_printed


def _build(job):
    # Runs in a worker process: layout only, from plain data, no database.
    data, printed_on = job
    return build_handout(data, large_print=data.large_print, printed_on=printed_on)


class Command(BaseCommand):
    help = "Write the PDF handout of every active assignment into a folder, using every core."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, required=True, help="DIR for the PDFs")
        parser.add_argument("--therapist", help="Only this therapist's patients (username).")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(2, os.cpu_count() or 1),
            help="Worker processes (default: 2, or fewer cores).",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Add a last page of progress charts to each handout.",
        )

    def handle(self, *args, output, therapist, workers, progress, **options):
        today = timezone.localdate()
        staff = get_user_model().objects.filter(is_staff=True)
        if therapist and not staff.filter(username=therapist).exists():
            raise CommandError(f"There is no therapist with the username {therapist!r}.")
        output.mkdir(parents=True, exist_ok=True)
        assignments = assignments_to_print(therapist_username=therapist, today=today)
        if not assignments:
            self.stdout.write("No active assignments: nothing to print.")
            return

        # All reading happens here; the workers only lay out pages. They are spawned, not
        # forked, so no database connection is ever shared with them.
        jobs = [(load_handout(a, progress=progress, today=today), today) for a in assignments]
        paths = [
            output / f"{slugify(a.patient.display_name) or 'patient'}-{a.pk}-v{a.version}.pdf"
            for a in assignments
        ]
        progress = tqdm(total=len(jobs), unit="handout", file=self.stderr, desc="Printing")
        if workers > 1:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=django.setup
            ) as pool:
                for path, pdf in zip(paths, pool.map(_build, jobs), strict=True):
                    path.write_bytes(pdf)
                    progress.update()
        else:
            for path, job in zip(paths, jobs, strict=True):
                path.write_bytes(_build(job))
                progress.update()
        progress.close()
        for assignment in assignments:
            extra = {"progress": True} if progress else {}
            record_printed(assignment=assignment, via="print_handouts", folder=str(output), **extra)
        noun = "handout" if len(paths) == 1 else "handouts"
        self.stdout.write(f"Wrote {len(paths)} {noun} to {output}.")
