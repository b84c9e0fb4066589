"""The seven editable clinical records, as the edit-conflict tests open them in the admin: how to
make one a therapist may change, and one field two people each change differently."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from exercises.models import Condition, Exercise
from planner.models import Assignment, FunctionTest, LimbMeasurement, Patient, Program
from tests.factories import (
    make_condition,
    make_exercise,
    make_patient,
    make_plan,
    make_template,
    make_user,
)

TODAY = timezone.localdate()


@dataclass(frozen=True)
class Editable:
    model: type
    make: object  # therapist -> a record the therapist may change
    field: str
    theirs: str
    mine: str

    def __str__(self):
        return self.model._meta.model_name

    def change_url(self, obj) -> str:
        opts = self.model._meta
        return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"

    @property
    def form_id(self) -> str:
        return f"{self.model._meta.model_name}_form"

    def stored(self, obj) -> str:
        obj.refresh_from_db()
        return str(getattr(obj, self.field))


def _measurement(therapist):
    patient = make_patient(therapist)
    return LimbMeasurement.objects.create(
        patient=patient,
        measured_on=TODAY,
        site="thigh",
        left_cm=Decimal("41.5"),
        right_cm=Decimal("44.0"),
        measured_by=therapist,
    )


def _function_test(therapist):
    return FunctionTest.objects.create(
        patient=make_patient(therapist), tested_on=TODAY, chair_stands=9, measured_by=therapist
    )


def _plan(therapist):
    return make_plan(make_patient(therapist, user=make_user()))


def _days(n: int) -> str:
    return (TODAY + datetime.timedelta(days=n)).isoformat()


EDITABLE = [
    Editable(Patient, make_patient, "display_name", "Maria Lopez-Ruiz", "Maria L. Ruiz"),
    Editable(
        Program,
        lambda t: make_template(t, exercises=[make_exercise()]),
        "title",
        "Knee start, week 2",
        "Knee start (gentler)",
    ),
    Editable(Exercise, lambda t: make_exercise(), "summary", "Stand up slowly.", "Rise with care."),
    Editable(Condition, lambda t: make_condition(), "explanation", "Their wording.", "My wording."),
    Editable(Assignment, _plan, "ends_on", _days(30), _days(60)),
    Editable(LimbMeasurement, _measurement, "note", "Measured seated.", "Measured standing."),
    Editable(FunctionTest, _function_test, "note", "Used a cane.", "No aid."),
]
