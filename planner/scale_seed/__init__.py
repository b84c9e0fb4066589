"""A clinic group's worth of believable data, written fast, for measuring pages at scale (issue 17;
``manage.py seed_scale``).

Therapists in the Therapists group, each with a caseload; patients (most with a portal account)
who started their plans at different times over the last ``weeks`` weeks; a plan for each, copied
from a few shared templates made of the library's exercises for their type of atrophy, its rows
frozen as ``assign_program`` freezes them; sessions on the days each row is due, with each
patient's own adherence and pain that mostly eases; girths every three weeks and chair stands
every four for about half of them; and the audit events all that would have written.

Rows are written with ``bulk_create`` in batches, never through ``assign_program`` (screening
and one transaction per plan would take hours at 20,000 patients). Screening is run once per
template and stored on every plan copied from it: seeded patients have no screening conditions,
so what screening finds depends on the template and the atrophy type only. Seeded, so the same
arguments give the same data (except the account names, which carry a tag for the run).
"""

import datetime
import random
from collections import Counter
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from exercises.library import load_library
from exercises.models import Exercise
from planner.models import Patient
from planner.scale_seed.caseload import Caseload
from planner.scale_seed.history import History
from planner.scale_seed.rows import Run

CASELOAD = 40  # patients per therapist when --therapists is not given


class SeedRefused(Exception):
    """The database is not one to fill: production, or it holds patients already."""


def check_may_seed(*, production: bool, append: bool) -> None:
    if production:
        raise SeedRefused("seed_scale makes up patients; it never runs in production.")
    if Patient.objects.exists() and not append:
        raise SeedRefused(
            "This database already holds patients. Use an empty database, or pass --append "
            "to add more."
        )


def seed_scale(
    *,
    patients: int,
    weeks: int,
    therapists: int | None = None,
    seed: int = 1,
    append: bool = False,
    production: bool = False,
    today: datetime.date | None = None,
    say: Callable[[str], None] = lambda line: None,
) -> Counter:
    """Fill the database (see the module's docstring); the number of rows made, by kind.
    All or nothing: one transaction."""
    check_may_seed(production=production, append=append)
    if patients < 1 or weeks < 1 or (therapists is not None and therapists < 1):
        raise SeedRefused("Patients, weeks and therapists are counted from 1.")
    run = Run(
        patients=patients,
        weeks=weeks,
        therapists=therapists or max(1, patients // CASELOAD),
        today=today or timezone.localdate(),
        rng=random.Random(seed),  # noqa: S311 -- made-up data, the same on every run
        say=say,
    )
    with transaction.atomic():
        if not Exercise.objects.active().exists():
            load_library()
        History(run).write(Caseload(run).plans())
    # Fresh statistics: until autovacuum gets to it, PostgreSQL's planner believes the tables are
    # as small as before the load and picks plans that read every row (measured: the portal
    # history took 1.1 s instead of 0.6 ms on 1.5 million logs).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return run.counts
