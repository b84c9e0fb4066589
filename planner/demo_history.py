"""Twelve weeks of believable history for the demo clinic (issue 15), so the worklist, the
adherence columns and the charts show something on first run.

Maria (disuse after bed rest) does most of her sessions, her pain eases and her left thigh
catches up with the right; Arthur (Charcot-Marie-Tooth, neurogenic) does fewer, and this week he
reported a painful session in the pool and a limb that felt heavier the next day, which puts him
on the therapist's worklist. Rosa (weak hips after years of steroid medicine) started her plan
three weeks ago; with no account yet, her sessions are the diary sheets entered at her visits.
Seeded, so every run gives the same history."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from planner.models import Assignment, FunctionTest, LimbMeasurement, Patient, SessionLog

WEEKS = 12


def backdate(patient: Patient, *, weeks: int, today: datetime.date) -> None:
    """Registered ``weeks`` weeks ago, so history before today is history after registering."""
    registered = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(weeks=weeks), datetime.time(9))
    )
    Patient.objects.filter(pk=patient.pk, created_at__gt=registered).update(created_at=registered)


def _due(item, day: datetime.date) -> bool:
    """Whether the row's dosage asks for it on ``day``: every day, or its days spread over the
    week (3 days: Monday, Wednesday, Friday)."""
    per_week = item.days_per_week or 7
    if per_week >= 7:
        return True
    spread = {
        1: [0],
        2: [0, 3],
        3: [0, 2, 4],
        4: [0, 1, 3, 4],
        5: [0, 1, 2, 3, 4],
        6: [0, 1, 2, 3, 4, 5],
    }
    return day.weekday() in spread[per_week]


def logs_for(assignment: Assignment, *, today: datetime.date, keep: float, seed: int) -> None:
    """Sessions from the plan's start to yesterday: done on about ``keep`` of the due days, pain
    easing from about 4 to 1, effort 3 to 5. Nothing when the plan already has logs."""
    if assignment.logs.exists():
        return
    rng = random.Random(seed)  # noqa: S311 -- made-up history, the same on every run
    items = list(assignment.program.items.order_by("position"))
    logs = []
    day = assignment.starts_on
    total = max((today - assignment.starts_on).days, 1)
    while day < today:
        progress = (day - assignment.starts_on).days / total
        for item in items:
            if not _due(item, day) or rng.random() > keep:
                continue
            logs.append(
                SessionLog(
                    assignment=assignment,
                    program_exercise=item,
                    performed_on=day,
                    done=True,
                    sets_done=item.sets,
                    pain=max(0, round(4 - 3 * progress + rng.uniform(-1, 1))),
                    effort=min(10, max(0, round(3 + 2 * progress + rng.uniform(-1, 1)))),
                )
            )
        day += datetime.timedelta(days=1)
    SessionLog.objects.bulk_create(logs)


def girth_for(patient, therapist, *, today, site, start, end, weeks=WEEKS) -> None:
    """A measurement every 3 weeks at ``site``: (left, right) moving from ``start`` to ``end``."""
    if LimbMeasurement.objects.filter(patient=patient).exists():
        return
    visits = list(range(weeks, -1, -3))
    for n, weeks_ago in enumerate(visits):
        share = n / (len(visits) - 1)
        left, right = (
            Decimal(str(round(a + (b - a) * share, 1))) for a, b in zip(start, end, strict=True)
        )
        LimbMeasurement.objects.create(
            patient=patient,
            measured_on=today - datetime.timedelta(weeks=weeks_ago, days=1),
            site=site,
            left_cm=left,
            right_cm=right,
            measured_by=therapist,
        )


def chair_stands_for(patient, therapist, *, today, counts, weeks=WEEKS) -> None:
    """A 30-second chair stand test at even steps over the weeks, with ``counts`` in order."""
    if FunctionTest.objects.filter(patient=patient).exists():
        return
    step = weeks / max(len(counts) - 1, 1)
    for n, count in enumerate(counts):
        FunctionTest.objects.create(
            patient=patient,
            tested_on=today - datetime.timedelta(weeks=weeks - n * step, days=1),
            chair_stands=count,
            measured_by=therapist,
        )


def arthur_this_week(assignment: Assignment, *, today: datetime.date) -> None:
    """A painful pool session three days ago, and a heavier limb the day after it."""
    item = assignment.program.items.order_by("position").first()
    day = today - datetime.timedelta(days=3)
    SessionLog.objects.update_or_create(
        assignment=assignment,
        program_exercise=item,
        performed_on=day,
        defaults={
            "done": True,
            "pain": 7,
            "effort": 6,
            "note": "Knee hurt in the water after the third length.",
            "heavier_next_day": True,
        },
    )
