"""Function tests: the quick strength tests a therapist repeats to see whether a patient is getting
stronger (CLINICAL.md; issue 15)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.revisions import Revisioned
from planner.models.base import Voidable, VoidableQuerySet
from planner.models.patients import Patient

# What a person can score; anything outside is a typing mistake.
CHAIR_STANDS_RANGE = (0, 60)  # full stands in 30 seconds
GRIP_RANGE_KG = (0, 120)
TUG_RANGE_S = (1, 300)  # timed up and go, seconds

CHAIR_STANDS_MESSAGE = "Enter the number of full stands in 30 seconds, 0 to 60."
GRIP_MESSAGE = "Enter a grip strength between 0 and 120 kg."
TUG_MESSAGE = "Enter a timed up and go between 1 and 300 seconds."
NO_RESULT_MESSAGE = "Enter at least one result: chair stands, grip strength or timed up and go."


def _range(bounds, message):
    return [MinValueValidator(bounds[0], message=message), MaxValueValidator(bounds[1], message)]


class FunctionTestQuerySet(VoidableQuerySet):
    def _scope(self, user):
        return Q(patient__therapist=user)


class FunctionTest(Revisioned, Voidable):
    """One day's quick tests for one patient: any of the 30-second chair stand, grip strength of
    each hand and the timed up and go, with a note."""

    # No index of its own: function_test_one_per_day (patient, tested_on) serves it.
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, db_index=False, related_name="function_tests"
    )
    tested_on = models.DateField()
    chair_stands = models.PositiveSmallIntegerField(
        "30-second chair stand (full stands)",
        null=True,
        blank=True,
        validators=_range(CHAIR_STANDS_RANGE, CHAIR_STANDS_MESSAGE),
    )
    grip_left_kg = models.DecimalField(
        "Grip strength, left hand (kg)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_range(GRIP_RANGE_KG, GRIP_MESSAGE),
    )
    grip_right_kg = models.DecimalField(
        "Grip strength, right hand (kg)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_range(GRIP_RANGE_KG, GRIP_MESSAGE),
    )
    timed_up_and_go_s = models.DecimalField(
        "Timed up and go (seconds)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_range(TUG_RANGE_S, TUG_MESSAGE),
    )
    note = models.CharField(max_length=200, blank=True)
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="function_tests_taken"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FunctionTestQuerySet.as_manager()

    class Meta:
        ordering = ["-tested_on", "-pk"]
        indexes = [
            # The function-test list in its order and its "tested on" filter: 30 ms of sorting at
            # 20,000 patients became 0.7 ms.
            models.Index(fields=["-tested_on", "-id"], name="function_test_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="function_test_has_a_result",
                condition=Q(chair_stands__isnull=False)
                | Q(grip_left_kg__isnull=False)
                | Q(grip_right_kg__isnull=False)
                | Q(timed_up_and_go_s__isnull=False),
                violation_error_message=NO_RESULT_MESSAGE,
            ),
            models.CheckConstraint(
                name="function_test_chair_stands_range",
                condition=Q(chair_stands__isnull=True) | Q(chair_stands__range=CHAIR_STANDS_RANGE),
                violation_error_message=CHAIR_STANDS_MESSAGE,
            ),
            models.CheckConstraint(
                name="function_test_grip_left_range",
                condition=Q(grip_left_kg__isnull=True) | Q(grip_left_kg__range=GRIP_RANGE_KG),
                violation_error_message=GRIP_MESSAGE,
            ),
            models.CheckConstraint(
                name="function_test_grip_right_range",
                condition=Q(grip_right_kg__isnull=True) | Q(grip_right_kg__range=GRIP_RANGE_KG),
                violation_error_message=GRIP_MESSAGE,
            ),
            models.CheckConstraint(
                name="function_test_tug_range",
                condition=Q(timed_up_and_go_s__isnull=True)
                | Q(timed_up_and_go_s__range=TUG_RANGE_S),
                violation_error_message=TUG_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["patient", "tested_on"],
                name="function_test_one_per_day",
                violation_error_message=(
                    "This patient already has function tests on that day; change that one instead."
                ),
            ),
        ]

    def __str__(self):
        return f"Function tests on {self.tested_on}"
