"""The people and plans of a scale seed: therapists with their caseloads, patients (most with a
portal account) registered over the weeks, shared templates per type of atrophy, and a plan
copied from one for each patient, its rows frozen as ``assign_program`` freezes them."""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.roles import ensure_therapist_group
from exercises.dosage import usual_dosage
from exercises.models import AtrophyKind, AtrophyType, BodyRegion, Exercise
from planner.demo_history import _due as due_on
from planner.models import (
    Assignment,
    AuditAction,
    Patient,
    Program,
    ProgramExercise,
    Side,
)
from planner.models.programs import FROZEN_FIELDS, ROW_FIELDS
from planner.scale_seed.rows import DAY, Run, at, batches, bulk
from planner.screening import screen_program

TEMPLATES_PER_TYPE = 4
ACCOUNT_SHARE = 0.7  # patients who have activated their portal account
FIRST_NAMES = ["Maria", "Arthur", "Rosa", "James", "Linda", "Wei", "Aisha", "Pedro", "Olga"]
LAST_NAMES = ["Lopez", "Bennett", "Diaz", "Smith", "Chen", "Okafor", "Silva", "Novak", "Khan"]


class Caseload:
    def __init__(self, run: Run):
        self.run, self.rng, self.today, self.weeks = run, run.rng, run.today, run.weeks
        self.say, self.counts, self.tag = run.say, run.counts, run.tag

    def plans(self) -> list[Assignment]:
        """Everyone and their plans, written; the plans with their patient and rows at hand."""
        self.therapists = self._therapists()
        self.patients = self._patients()
        self.templates = self._templates()
        return self._plans()

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
        return bulk(user_model, users)

    def _therapists(self) -> list:
        therapists = self._users("t", self.run.therapists, is_staff=True)
        group = ensure_therapist_group()
        through = get_user_model().groups.through
        bulk(through, [through(user_id=t.pk, group_id=group.pk) for t in therapists])
        self.counts["therapists"] = len(therapists)
        self.say(f"{len(therapists)} therapists")
        return therapists

    def _patients(self) -> list[Patient]:
        rng = self.rng
        with_account = [rng.random() < ACCOUNT_SHARE for _ in range(self.run.patients)]
        accounts = iter(self._users("p", sum(with_account)))
        kinds = [AtrophyKind.PHYSIOLOGIC, AtrophyKind.PATHOLOGIC, AtrophyKind.NEUROGENIC]
        patients = []
        for n in range(self.run.patients):
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
        bulk(Patient, patients)
        # created_at is set to now on insert; registered days ago, one update per day.
        by_day = defaultdict(list)
        for patient in patients:
            by_day[patient.seed_registered_on].append(patient.pk)
        for day, pks in by_day.items():
            for batch in batches(pks):
                Patient.objects.filter(pk__in=batch).update(created_at=at(day, 9))
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
        bulk(Program, programs)
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
                    frozen_at=at(patient.starts_on, 10),
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
        bulk(ProgramExercise, items)
        bulk(tags, tag_rows)
        bulk(Assignment, assignments)
        for assignment, (_, rows, _) in zip(assignments, recipes, strict=True):
            for item, row in zip(assignment.program.rows, rows, strict=True):
                item.weekdays = row.weekdays
            self.run.event(
                assignment.assigned_by,
                AuditAction.ASSIGNED,
                assignment.patient,
                assignment,
                at(assignment.starts_on, 10),
                version=1,
            )
        self.counts["plans"] = len(assignments)
        self.counts["plan rows"] = len(items)
        self.say(f"{len(assignments)} plans of {len(items)} exercises")
        return assignments
