"""What happened under the seeded plans: sessions on the days each row is due, with each
patient's own adherence and pain that mostly eases; girths every three weeks and chair stands
every four for about half of them; and the audit events all that would have written."""

import datetime
from decimal import Decimal

from exercises.models import AtrophyKind, BodyRegion
from planner.models import (
    Assignment,
    AuditAction,
    AuditEvent,
    FunctionTest,
    LimbMeasurement,
    SessionLog,
    Side,
)
from planner.scale_seed.rows import BATCH, DAY, Run, at, bulk, copy_rows

MEASURED_SHARE = 0.5  # patients whose girth and chair stands are taken at visits
# Adherence profiles: the share of due sessions done, and how many patients keep to it.
ADHERENCE = ([0.95, 0.85, 0.7, 0.5, 0.25], [2, 4, 3, 2, 1])
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


class History:
    def __init__(self, run: Run):
        self.run, self.rng, self.today = run, run.rng, run.today
        self.say, self.counts, self.events = run.say, run.counts, run.events

    def write(self, plans: list[Assignment]) -> None:
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
                    write = copy_rows if model is SessionLog else bulk
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
                    self.run.event(
                        plan.patient.user,
                        AuditAction.VIEWED,
                        plan.patient,
                        plan.patient,
                        at(seen, 19),
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
            self.run.event(patient.therapist, AuditAction.VIEWED, patient, patient, at(day, 11))
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
