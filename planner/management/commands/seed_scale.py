import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from planner.scale_seed import SeedRefused, seed_scale


class Command(BaseCommand):
    help = (
        "Fill an empty database with a clinic group's worth of made-up therapists, patients, "
        "plans and twelve weeks (--weeks) of history, fast, for measuring pages at scale. "
        "Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, required=True)
        parser.add_argument("--weeks", type=int, default=12, help="How far back plans start.")
        parser.add_argument("--therapists", type=int, help="Default: one for every 40 patients.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument(
            "--append", action="store_true", help="Add to a database that holds patients already."
        )

    def handle(self, *args, patients, weeks, therapists, seed, append, **options):
        started = time.perf_counter()
        try:
            counts = seed_scale(
                patients=patients,
                weeks=weeks,
                therapists=therapists,
                seed=seed,
                append=append,
                production=settings.PRODUCTION,
                say=lambda line: self.stdout.write(
                    f"{time.perf_counter() - started:7.1f} s  {line}"
                ),
            )
        except SeedRefused as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        for name, count in counts.items():
            self.stdout.write(f"{name:>20}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
