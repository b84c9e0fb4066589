"""The therapist's worklist, "Needs attention" (issue 15): their own active patients with a reason
to look, most urgent first. Each rule names the data it was raised on (its *evidence*: the newest
log, measurement or test behind it); an item marked seen stays hidden until newer data raises it
again with other evidence.

The rules, most urgent first:
- pain 7 or more out of 10 in the last 7 days (with the patient's note);
- a neurogenic patient said the limb felt heavier or weaker the day after, in the last 7 days;
- a thigh girth difference over 3 cm, or any site's difference grown by 1 cm or more since its
  first measurement at the same landmark (CLINICAL.md: the article's "see your provider");
- a 30-second chair stand count lower than the one before;
- adherence under 50 % over the last 14 days;
- no log for 7 days while a plan has been running for at least 7.

A fixed number of queries, whatever the number of patients and logs."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q
from django.urls import reverse

from exercises.models import AtrophyKind
from planner.models import (
    Assignment,
    AssignmentStatus,
    FunctionTest,
    LimbMeasurement,
    MeasurementSite,
    Patient,
    SessionLog,
    WorklistSeen,
)
from planner.selectors.adherence import adherence_by_patient

PAIN_ALERT = 7  # out of 10
RECENT_DAYS = 7
ADHERENCE_DAYS = 14
ADHERENCE_FLOOR = 0.5
THIGH_DIFFERENCE_CM = Decimal("3")
GROWTH_CM = Decimal("1")


class Rule:
    PAIN = "pain"
    HEAVIER = "heavier"
    GIRTH = "girth"
    CHAIR_STAND = "chair_stand"
    ADHERENCE = "adherence"
    NO_LOG = "no_log"


URGENCY = [Rule.PAIN, Rule.HEAVIER, Rule.GIRTH, Rule.CHAIR_STAND, Rule.ADHERENCE, Rule.NO_LOG]
RULE_LABELS = {
    Rule.PAIN: "Pain 7 or more",
    Rule.HEAVIER: "Heavier or weaker the next day",
    Rule.GIRTH: "Limb size difference",
    Rule.CHAIR_STAND: "Fewer chair stands",
    Rule.ADHERENCE: "Adherence under 50 %",
    Rule.NO_LOG: "No log for 7 days",
}


@dataclass(frozen=True)
class WorkItem:
    patient: Patient
    rule: str
    reason: str
    on: datetime.date | None  # when the data behind it happened
    url: str
    evidence: str

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule]

    @property
    def urgency(self) -> int:
        return URGENCY.index(self.rule)


def worklist(user, *, today: datetime.date) -> list[WorkItem]:
    """The open items for ``user``'s own active patients, most urgent first, newest first
    within a rule."""
    patients = {p.pk: p for p in Patient.objects.filter(therapist=user).active()}
    items = all_items(patients, today=today)
    seen = set(
        WorklistSeen.objects.filter(patient__in=list(patients)).values_list(
            "patient_id", "rule", "evidence"
        )
    )
    items = [i for i in items if (i.patient.pk, i.rule, i.evidence) not in seen]
    items.sort(key=lambda i: (i.urgency, -(i.on or datetime.date.min).toordinal(), i.patient.pk))
    return items


def items_by_patient(patients, *, today: datetime.date) -> dict[int, list[WorkItem]]:
    """Open items for each of these patients (the patient list's "Alerts" column: the page's
    rows, already read with ``with_adherence(today=today, days=ADHERENCE_DAYS)``). Their
    ``adherence_rate`` is ``adherence_by_patient``'s rate, so it is not worked out again: that
    took a third of the alerts' time."""
    patients = {p.pk: p for p in patients}
    rates = {pk: p.adherence_rate for pk, p in patients.items()}
    seen = set(
        WorklistSeen.objects.filter(patient__in=list(patients)).values_list(
            "patient_id", "rule", "evidence"
        )
    )
    found: dict[int, list[WorkItem]] = {}
    for item in all_items(patients, today=today, rates=rates):
        if (item.patient.pk, item.rule, item.evidence) not in seen:
            found.setdefault(item.patient.pk, []).append(item)
    return found


def all_items(
    patients: dict[int, Patient],
    *,
    today: datetime.date,
    rates: dict[int, float | None] | None = None,
) -> list[WorkItem]:
    """Every rule's items for ``patients``; ``rates`` their adherence over ADHERENCE_DAYS when
    already known."""
    if not patients:
        return []
    ids = list(patients)
    if rates is None:
        found = adherence_by_patient(ids, today=today, days=ADHERENCE_DAYS)
        rates = {pk: adherence.rate for pk, adherence in found.items()}
    return [
        *_pain(patients, ids, today),
        *_heavier(patients, ids, today),
        *_girth(patients, ids),
        *_chair_stands(patients, ids),
        *_adherence_and_silence(patients, ids, today, rates),
    ]


def _patient_url(patient_id: int, anchor: str = "") -> str:
    return reverse("admin:planner_patient_change", args=[patient_id]) + anchor


def _pain(patients, ids, today):
    logs = (
        SessionLog.objects.in_force()
        .filter(
            assignment__patient__in=ids,
            performed_on__gte=today - datetime.timedelta(days=RECENT_DAYS - 1),
            performed_on__lte=today,
            pain__gte=PAIN_ALERT,
        )
        .select_related("assignment", "program_exercise__exercise")
        .order_by("assignment__patient_id", "-performed_on", "-pk")
    )
    newest: dict[int, SessionLog] = {}
    for log in logs:
        newest.setdefault(log.assignment.patient_id, log)
    for patient_id, log in newest.items():
        name = log.program_exercise.name or log.program_exercise.exercise.name
        note = f" — “{log.note}”" if log.note else ""
        yield WorkItem(
            patient=patients[patient_id],
            rule=Rule.PAIN,
            reason=f"Pain {log.pain}/10 after {name} on {log.performed_on:%-d %b}{note}",
            on=log.performed_on,
            url=reverse("admin:planner_sessionlog_change", args=[log.pk]),
            evidence=f"log:{log.pk}",
        )


def _heavier(patients, ids, today):
    neurogenic = [i for i in ids if patients[i].atrophy_type == AtrophyKind.NEUROGENIC]
    if not neurogenic:
        return
    rows = (
        SessionLog.objects.in_force()
        .filter(
            assignment__patient__in=neurogenic,
            heavier_next_day=True,
            performed_on__gte=today - datetime.timedelta(days=RECENT_DAYS),
        )
        .values("assignment__patient_id")
        .annotate(last=Max("performed_on"), newest=Max("pk"))
    )
    for row in rows:
        patient_id = row["assignment__patient_id"]
        yield WorkItem(
            patient=patients[patient_id],
            rule=Rule.HEAVIER,
            reason=(
                f"Said the limb felt heavier or weaker the day after exercising on "
                f"{row['last']:%-d %b}: consider lowering the load."
            ),
            on=row["last"],
            url=_patient_url(patient_id),
            evidence=f"log:{row['newest']}",
        )


def _girth(patients, ids):
    by_series: dict[tuple, list[LimbMeasurement]] = {}
    for m in (
        LimbMeasurement.objects.in_force()
        .filter(patient__in=ids)
        .order_by("patient_id", "site", "landmark", "measured_on", "pk")
    ):
        by_series.setdefault((m.patient_id, m.site, m.landmark), []).append(m)
    newest_reason: dict[int, tuple] = {}
    for (patient_id, site, _landmark), series in by_series.items():
        first, last = series[0], series[-1]
        gap = abs(last.difference_cm)
        grown = gap - abs(first.difference_cm)
        site_name = MeasurementSite(site).label.split(" (")[0].lower()
        if site == MeasurementSite.THIGH and gap > THIGH_DIFFERENCE_CM:
            reason = f"Thigh sides differ by {gap} cm on {last.measured_on:%-d %b} (over 3 cm)."
        elif len(series) > 1 and grown >= GROWTH_CM:
            reason = (
                f"The {site_name} difference grew from {abs(first.difference_cm)} to {gap} cm "
                f"since {first.measured_on:%-d %b %Y}."
            )
        else:
            continue
        current = newest_reason.get(patient_id)
        if current is None or last.measured_on > current[0].measured_on:
            newest_reason[patient_id] = (last, reason)
    for patient_id, (last, reason) in newest_reason.items():
        yield WorkItem(
            patient=patients[patient_id],
            rule=Rule.GIRTH,
            reason=reason + " Consider referring to their provider.",
            on=last.measured_on,
            url=_patient_url(patient_id),
            evidence=f"girth:{last.pk}",
        )


def _chair_stands(patients, ids):
    series: dict[int, list[FunctionTest]] = {}
    for test in (
        FunctionTest.objects.in_force()
        .filter(patient__in=ids, chair_stands__isnull=False)
        .order_by("patient_id", "tested_on", "pk")
    ):
        series.setdefault(test.patient_id, []).append(test)
    for patient_id, tests in series.items():
        if len(tests) < 2 or tests[-1].chair_stands >= tests[-2].chair_stands:
            continue
        before, last = tests[-2], tests[-1]
        yield WorkItem(
            patient=patients[patient_id],
            rule=Rule.CHAIR_STAND,
            reason=(
                f"30-second chair stands fell from {before.chair_stands} "
                f"({before.tested_on:%-d %b}) to {last.chair_stands} ({last.tested_on:%-d %b})."
            ),
            on=last.tested_on,
            url=_patient_url(patient_id),
            evidence=f"test:{last.pk}",
        )


def _adherence_and_silence(patients, ids, today, rates):
    running_since = today - datetime.timedelta(days=RECENT_DAYS)
    running = set(
        Assignment.objects.in_force()
        .filter(patient__in=ids, status=AssignmentStatus.ACTIVE, starts_on__lte=running_since)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("patient_id", flat=True)
    )
    last_logs = {
        row["assignment__patient_id"]: row
        for row in SessionLog.objects.in_force()
        .filter(assignment__patient__in=ids)
        .values("assignment__patient_id")
        .annotate(last=Max("performed_on"), newest=Max("pk"))
    }
    for patient_id in ids:
        last = last_logs.get(patient_id)
        evidence = f"log:{last['newest']}" if last else "log:none"
        rate = rates.get(patient_id)
        if rate is not None and rate < ADHERENCE_FLOOR and patient_id in running:
            yield WorkItem(
                patient=patients[patient_id],
                rule=Rule.ADHERENCE,
                reason=f"Did {round(rate * 100)} % of their sessions in the last 14 days.",
                on=last["last"] if last else None,
                url=_patient_url(patient_id),
                evidence=evidence,
            )
        if patient_id in running and (last is None or last["last"] <= running_since):
            since = f"since {last['last']:%-d %b}" if last else "since the plan started"
            yield WorkItem(
                patient=patients[patient_id],
                rule=Rule.NO_LOG,
                reason=f"No log {since}.",
                on=last["last"] if last else None,
                url=_patient_url(patient_id),
                evidence=evidence,
            )
