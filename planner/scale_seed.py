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
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import ensure_therapist_group
from exercises.dosage import usual_dosage
from exercises.library import load_library
from exercises.models import AtrophyKind, AtrophyType, BodyRegion, Exercise
from planner.demo_history import _due as due_on
from planner.models import (
    Assignment,
    AuditAction,
    AuditEvent,
    FunctionTest,
    LimbMeasurement,
    Patient,
    Program,
    ProgramExercise,
    SessionLog,
    Side,
)
from planner.models.programs import FROZEN_FIELDS, ROW_FIELDS
from planner.screening import screen_program

BATCH = 1000
CASELOAD = 40  # patients per therapist when --therapists is not given
TEMPLATES_PER_TYPE = 4
ACCOUNT_SHARE = 0.7  # patients who have activated their portal account
MEASURED_SHARE = 0.5  # patients whose girth and chair stands are taken at visits
# Adherence profiles: the share of due sessions done, and how many patients keep to it.
ADHERENCE = ([0.95, 0.85, 0.7, 0.5, 0.25], [2, 4, 3, 2, 1])
FIRST_NAMES = ["Maria", "Arthur", "Rosa", "James", "Linda", "Wei", "Aisha", "Pedro", "Olga"]
LAST_NAMES = ["Lopez", "Bennett", "Diaz", "Smith", "Chen", "Okafor", "Silva", "Novak", "Khan"]
# Where the tape goes for a patient's affected region.
GIRTH_SITE = {
    BodyRegion.SHOULDER_UPPER_ARM: "upper_arm",
    BodyRegion.ELBOW_FOREARM: "forearm",
    BodyRegion.HAND_WRIST: "forearm",
    BodyRegion.KNEE_CALF: "calf",
    BodyRegion.ANKLE_FOOT: "calf",
}
GIRTH_SIZE_CM = {"upper_arm": 29.0, "forearm": 25.0, "thigh": 46.0, "calf": 35.0}
PAINFUL_NOTES = ["Sharp pain, stopped early.", "Knee hurt after the stairs.", "Sore all evening."]
DAY = datetime.timedelta(days=1)


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


def _batches(rows: list, size: int = BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _bulk(model, rows: list) -> list:
    """``rows`` saved in batches, with their primary keys set."""
    for batch in _batches(rows):
        model.objects.bulk_create(batch)
    return rows


def _copy_rows(model, rows: list[dict]) -> list[dict]:
    """``rows`` (field values by column) inserted: by COPY on PostgreSQL, for the million
    sessions (several times faster than building a model instance each), else in batches. A
    column not given takes its field's default; ``created_at`` and ``updated_at`` are now."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(created_at=now, updated_at=now)
    if connection.vendor != "postgresql":
        return _bulk(model, [model(**{**defaults, **row}) for row in rows])
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
    return rows


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ScaleSeed:
    def __init__(self, *, patients, weeks, therapists, seed, today, say):
        self.n_patients, self.weeks = patients, weeks
        self.n_therapists = therapists or max(1, patients // CASELOAD)
        self.rng = random.Random(seed)  # noqa: S311 -- made-up data, the same on every run
        self.today = today
        self.say = say
        self.tag = uuid.uuid4().hex[:6]
        self.counts: Counter = Counter()
        self.events: list[AuditEvent] = []

    def run(self) -> Counter:
        if not Exercise.objects.active().exists():
            load_library()
        self.therapists = self._therapists()
        self.patients = self._patients()
        self.templates = self._templates()
        plans = self._plans()
        self._history(plans)
        return self.counts

    # --- people ---------------------------------------------------------------------------------

    def _users(self, prefix: str, count: int, **fields) -> list:
        user_model = get_user_model()
        users = [
            user_model(
                username=f"scale-{self.tag}-{prefix}{n}",
                first_name=self.rng.choice(FIRST_NAMES),
                last_name=self.rng.choice(LAST_NAMES),
                # No one signs in with these: the benchmark uses force_login.
                password=make_password(None),
                **fields,
            )
            for n in range(1, count + 1)
        ]
        return _bulk(user_model, users)

    def _therapists(self) -> list:
        therapists = self._users("t", self.n_therapists, is_staff=True)
        group = ensure_therapist_group()
        through = get_user_model().groups.through
        _bulk(through, [through(user_id=t.pk, group_id=group.pk) for t in therapists])
        self.counts["therapists"] = len(therapists)
        self.say(f"{len(therapists)} therapists")
        return therapists

    def _patients(self) -> list[Patient]:
        rng = self.rng
        with_account = [rng.random() < ACCOUNT_SHARE for _ in range(self.n_patients)]
        accounts = iter(self._users("p", sum(with_account)))
        kinds = [AtrophyKind.PHYSIOLOGIC, AtrophyKind.PATHOLOGIC, AtrophyKind.NEUROGENIC]
        patients = []
        for n in range(self.n_patients):
            # Patients joined over the weeks: the earliest plans started ``weeks`` weeks ago.
            starts_on = self.today - DAY * rng.randint(1, 7 * self.weeks)
            patient = Patient(
                display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n + 1}",
                therapist=self.therapists[n % len(self.therapists)],
                user=next(accounts) if with_account[n] else None,
                atrophy_type=rng.choices(kinds, weights=[5, 4, 2])[0],
                affected_side=rng.choice([Side.LEFT, Side.RIGHT, Side.BOTH]),
                affected_region=rng.choice(BodyRegion.values),
                large_print=rng.random() < 0.2,
            )
            patient.starts_on = starts_on
            patient.seed_registered_on = starts_on - DAY * rng.randint(0, 6)
            patients.append(patient)
        _bulk(Patient, patients)
        # created_at is set to now on insert; registered days ago, one update per day.
        by_day = defaultdict(list)
        for patient in patients:
            by_day[patient.seed_registered_on].append(patient.pk)
        for day, pks in by_day.items():
            for batch in _batches(pks):
                Patient.objects.filter(pk__in=batch).update(created_at=_at(day, 9))
        self.counts["patients"] = len(patients)
        self.counts["patient accounts"] = sum(with_account)
        self.say(f"{len(patients)} patients")
        return patients

    # --- plans ----------------------------------------------------------------------------------

    def _templates(self) -> dict[str, list[tuple[Program, list[ProgramExercise], dict]]]:
        """Shared templates for each atrophy type, each with what screening finds in it for a
        patient of that type."""
        exercises = list(
            Exercise.objects.active().prefetch_related("atrophy_types", "harder_versions")
        )
        first_of_kind = {}
        for patient in self.patients:
            first_of_kind.setdefault(patient.atrophy_type, patient)
        type_ids = dict(AtrophyType.objects.values_list("code", "pk"))
        now = timezone.now()
        templates = defaultdict(list)
        for kind, patient in first_of_kind.items():
            suited = [e for e in exercises if kind in {t.code for t in e.atrophy_types.all()}]
            suited = suited or exercises
            for n in range(1, TEMPLATES_PER_TYPE + 1):
                template = Program.objects.create(
                    title=f"{AtrophyKind(kind).label.split(' (')[0]} home program {n}",
                    owner=self.therapists[0],
                    is_template=True,
                    is_shared=True,
                )
                template.type_id = type_ids[kind]
                template.atrophy_types.set([template.type_id])
                chosen = self.rng.sample(suited, min(len(suited), self.rng.randint(3, 5)))
                rows = ProgramExercise.objects.bulk_create(
                    ProgramExercise(program=template, exercise=e, position=p, **usual_dosage(e))
                    for p, e in enumerate(chosen, start=1)
                )
                screening = screen_program(program=template, patient=patient).as_json()
                monday = self.today - DAY * self.today.weekday()
                for row in rows:
                    row.freeze(now)
                    # The weekdays the row is due (Monday is 0), by the demo history's rule.
                    row.weekdays = {d for d in range(7) if due_on(row, monday + DAY * d)}
                templates[kind].append((template, rows, screening))
        return templates

    def _plans(self) -> list[Assignment]:
        rng = self.rng
        programs, recipes = [], []
        for patient in self.patients:
            template, rows, screening = rng.choice(self.templates[patient.atrophy_type])
            programs.append(
                Program(
                    title=template.title,
                    owner=patient.therapist,
                    is_template=False,
                    patient=patient,
                    source=template,
                )
            )
            recipes.append((template, rows, screening))
        _bulk(Program, programs)
        tags = Program.atrophy_types.through
        items, tag_rows, assignments = [], [], []
        plan_weeks = datetime.timedelta(weeks=self.weeks + 6)
        for patient, program, (template, rows, screening) in zip(
            self.patients, programs, recipes, strict=True
        ):
            tag_rows.append(tags(program_id=program.pk, atrophytype_id=template.type_id))
            program.rows = [
                ProgramExercise(
                    program=program,
                    **{f: getattr(row, f) for f in ROW_FIELDS},
                    **{f: getattr(row, f) for f in FROZEN_FIELDS if f != "frozen_at"},
                    frozen_at=_at(patient.starts_on, 10),
                )
                for row in rows
            ]
            items += program.rows
            assignments.append(
                Assignment(
                    patient=patient,
                    program=program,
                    assigned_by=patient.therapist,
                    starts_on=patient.starts_on,
                    ends_on=patient.starts_on + plan_weeks if self.weeks <= 90 else None,
                    screening=screening,
                )
            )
        _bulk(ProgramExercise, items)
        _bulk(tags, tag_rows)
        _bulk(Assignment, assignments)
        for assignment, (_, rows, _) in zip(assignments, recipes, strict=True):
            for item, row in zip(assignment.program.rows, rows, strict=True):
                item.weekdays = row.weekdays
            self._event(
                assignment.assigned_by,
                AuditAction.ASSIGNED,
                assignment.patient,
                assignment,
                _at(assignment.starts_on, 10),
                version=1,
            )
        self.counts["plans"] = len(assignments)
        self.counts["plan rows"] = len(items)
        self.say(f"{len(assignments)} plans of {len(items)} exercises")
        return assignments

    # --- what happened --------------------------------------------------------------------------

    def _history(self, plans: list[Assignment]) -> None:
        """Sessions, girths, chair stands and the audit events they bring, plan by plan, written
        as the batches fill (a million sessions need not all be held at once)."""
        pending = {SessionLog: [], LimbMeasurement: [], FunctionTest: [], AuditEvent: self.events}
        yesterday = self.today - DAY
        for n, plan in enumerate(plans, start=1):
            pending[SessionLog] += self._sessions(plan, yesterday)
            if self.rng.random() < MEASURED_SHARE:
                pending[LimbMeasurement] += self._girths(plan, yesterday)
                pending[FunctionTest] += self._chair_stands(plan, yesterday)
            if len(pending[SessionLog]) >= 10 * BATCH or n == len(plans):
                for model, rows in pending.items():
                    write = _copy_rows if model is SessionLog else _bulk
                    self.counts[model._meta.verbose_name_plural] += len(write(model, rows))
                    rows.clear()
        self.say(f"{self.counts['session logs']} session logs")

    def _sessions(self, plan: Assignment, last_day: datetime.date) -> list[dict]:
        """The plan's sessions from its first day to ``last_day``, as field values: done on about
        the patient's share of due days, pain easing from where it started, now and then a
        painful day."""
        rng = self.rng
        keep = rng.choices(*ADHERENCE)[0]
        first_pain = rng.randint(1, 6)
        neurogenic = plan.patient.atrophy_type == AtrophyKind.NEUROGENIC
        length = max((last_day - plan.starts_on).days, 1)
        logs, weeks_logged = [], set()
        day = plan.starts_on
        while day <= last_day:
            progress = (day - plan.starts_on).days / length
            for item in plan.program.rows:
                if day.weekday() not in item.weekdays or rng.random() > keep:
                    continue
                done = rng.random() > 0.05
                painful = rng.random() < 0.004
                pain = rng.randint(7, 9) if painful else first_pain * (1 - 0.7 * progress)
                logs.append(
                    {
                        "assignment_id": plan.pk,
                        "program_exercise_id": item.pk,
                        "performed_on": day,
                        "done": done,
                        "sets_done": item.sets if done else 0,
                        "pain": min(10, max(0, round(pain + rng.uniform(-1, 1)))),
                        "effort": min(10, max(0, round(3 + 2 * progress + rng.uniform(-1, 1)))),
                        "note": rng.choice(PAINFUL_NOTES) if painful else "",
                        "heavier_next_day": (rng.random() < 0.05) if neurogenic and done else None,
                    }
                )
                weeks_logged.add(day - DAY * day.weekday())
            day += DAY
        if plan.patient.user_id:
            # The patient opens the portal's history about once a week they logged.
            for monday in sorted(weeks_logged):
                seen = min(monday + DAY * rng.randint(0, 6), last_day)
                if seen >= plan.starts_on:
                    self._event(
                        plan.patient.user,
                        AuditAction.VIEWED,
                        plan.patient,
                        plan.patient,
                        _at(seen, 19),
                        page="history",
                    )
        return logs

    def _visits(self, plan: Assignment, last_day: datetime.date, every_weeks: int):
        """The plan's first day and every ``every_weeks`` weeks after it up to ``last_day``."""
        day = plan.starts_on
        while day <= last_day:
            yield day
            day += datetime.timedelta(weeks=every_weeks)

    def _girths(self, plan: Assignment, last_day: datetime.date) -> list[LimbMeasurement]:
        """Both sides at one site every 3 weeks; the affected side smaller, catching up."""
        patient, rng = plan.patient, self.rng
        site = GIRTH_SITE.get(patient.affected_region, "thigh")
        size = GIRTH_SIZE_CM[site] + rng.uniform(-4, 4)
        gap = rng.uniform(1.0, 3.0)
        rows = []
        for n, day in enumerate(self._visits(plan, last_day, 3)):
            smaller = size - gap * max(0, 1 - 0.1 * n)
            left, right = (smaller, size) if patient.affected_side == Side.LEFT else (size, smaller)
            rows.append(
                LimbMeasurement(
                    patient=patient,
                    measured_on=day,
                    site=site,
                    left_cm=Decimal(f"{left:.1f}"),
                    right_cm=Decimal(f"{right:.1f}"),
                    measured_by=patient.therapist,
                )
            )
            self._event(patient.therapist, AuditAction.VIEWED, patient, patient, _at(day, 11))
        return rows

    def _chair_stands(self, plan: Assignment, last_day: datetime.date) -> list[FunctionTest]:
        start = self.rng.randint(4, 10)
        return [
            FunctionTest(
                patient=plan.patient,
                tested_on=day,
                chair_stands=min(60, start + n + self.rng.randint(0, 1)),
                measured_by=plan.patient.therapist,
            )
            for n, day in enumerate(self._visits(plan, last_day, 4))
        ]

    def _event(self, actor, action, patient: Patient, obj, at: datetime.datetime, **detail):
        self.events.append(
            AuditEvent(
                created_at=at,
                actor=actor,
                patient=patient,
                therapist_id=patient.therapist_id,
                action=action,
                object_type=obj._meta.label,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                detail=detail,
            )
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
    seeder = ScaleSeed(
        patients=patients,
        weeks=weeks,
        therapists=therapists,
        seed=seed,
        today=today or timezone.localdate(),
        say=say,
    )
    with transaction.atomic():
        counts = seeder.run()
    # Fresh statistics: until autovacuum gets to it, PostgreSQL's planner believes the tables are
    # as small as before the load and picks plans that read every row (measured: the portal
    # history took 1.1 s instead of 0.6 ms on 1.5 million logs).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
