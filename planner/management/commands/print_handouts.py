import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import django
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from planner.handout import HandoutError, build_handout, check_language, load_handouts_by_pk
from planner.selectors.handouts import assignments_to_print
from planner.services.printing import record_printed

# Handouts a worker reads together: a few queries for the lot (``load_handouts_by_pk``), and
# small enough that both workers stay busy to the end and the progress bar moves.
CHUNK = 25


def _write_chunk(job) -> int:
    """Read one chunk of handouts and write their PDFs. Runs in a worker process (or, with one
    worker, in this one), which opens its own database connection."""
    pks, paths, progress, today, language = job
    for data, path in zip(
        load_handouts_by_pk(pks, language=language, progress=progress, today=today),
        paths,
        strict=True,
    ):
        path.write_bytes(build_handout(data, large_print=data.large_print, printed_on=today))
    return len(paths)


def _chunk_size(count: int, workers: int) -> int:
    """At most ``CHUNK``, and at least four chunks per worker when there are enough handouts."""
    return max(1, min(CHUNK, math.ceil(count / (4 * workers))))


def _forget_inherited_connections() -> None:
    """Drop, without closing, every database connection a forked worker inherited: the parent
    still owns them, and two processes talking over one socket read each other's answers (on
    PostgreSQL: a JSON column read back as a boolean, or a worker waiting forever). Closing them
    would end the parent's session instead. The worker opens its own on its first query."""
    for connection in connections.all(initialized_only=True):
        del connections[connection.alias]


def _pool(workers: int) -> ProcessPoolExecutor:
    # Forked workers start at once with Django set up. Every connection is closed before the fork,
    # and the workers still forget what they inherited: which connection a thread sees can depend
    # on state the fork does not carry over (Django keeps a thread's connections apart per asyncio
    # loop when one is running, and a child never has its parent's running loop), so a connection
    # the parent could not see, and so did not close, can be the one a worker finds.
    if "fork" in multiprocessing.get_all_start_methods():
        connections.close_all()
        return ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_forget_inherited_connections,
        )
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=django.setup)


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
        parser.add_argument(
            "--lang",
            default=None,
            help="Print every handout in this language, e.g. en or es (default: each in its "
            "patient's preferred language).",
        )

    def handle(self, *args, output, therapist, workers, progress, lang, **options):
        today = timezone.localdate()
        try:
            language = check_language(lang) if lang else None
        except HandoutError as exc:
            raise CommandError(str(exc)) from exc
        staff = get_user_model().objects.filter(is_staff=True)
        if therapist and not staff.filter(username=therapist).exists():
            raise CommandError(f"There is no therapist with the username {therapist!r}.")
        output.mkdir(parents=True, exist_ok=True)
        assignments = assignments_to_print(therapist_username=therapist, today=today)
        if not assignments:
            self.stdout.write("No active assignments: nothing to print.")
            return

        # Here only which assignments and their file names are read; each worker reads its
        # chunk's handouts in a few queries and lays them out.
        paths = [
            output / f"{slugify(a.patient.display_name) or 'patient'}-{a.pk}-v{a.version}.pdf"
            for a in assignments
        ]
        size = _chunk_size(len(assignments), workers)
        jobs = [
            (
                [a.pk for a in assignments[i : i + size]],
                paths[i : i + size],
                progress,
                today,
                language,
            )
            for i in range(0, len(assignments), size)
        ]
        if workers > 1:
            with _pool(workers) as pool:
                done = pool.map(_write_chunk, jobs)  # every chunk is handed out here
                self._follow(done, len(paths))
        else:
            self._follow(map(_write_chunk, jobs), len(paths))

        # Recorded once every file is written, one event per handout, as one transaction.
        extra = {"progress": True} if progress else {}
        with transaction.atomic():
            for assignment in assignments:
                record_printed(
                    assignment=assignment, via="print_handouts", folder=str(output), **extra
                )
        noun = "handout" if len(paths) == 1 else "handouts"
        self.stdout.write(f"Wrote {len(paths)} {noun} to {output}.")

    def _follow(self, counts, total: int) -> None:
        with tqdm(total=total, unit="handout", file=self.stderr, desc="Printing") as bar:
            for count in counts:
                bar.update(count)
