"""What happened: sessions patients logged and limb measurements."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.revisions import Revisioned
from planner.models.base import Timestamped, Voidable, VoidableQuerySet
from planner.models.patients import Patient
from planner.models.programs import Assignment, ProgramExercise


class SessionLogQuerySet(VoidableQuerySet):
    def _scope(self, user):
        return Q(assignment__patient__therapist=user)

    def for_patient(self, patient):
        """What one patient logged: the only logs a portal view may touch."""
        return self.filter(assignment__patient=patient)


class SessionLog(Voidable, Timestamped):
    """What a patient did for one assigned exercise on one day."""

    # No index of its own: session_log_plan_days_idx and the one-per-day constraint begin with it.
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="logs", db_index=False
    )
    program_exercise = models.ForeignKey(
        ProgramExercise, on_delete=models.PROTECT, related_name="logs"
    )
    performed_on = models.DateField()
    done = models.BooleanField(default=True)
    sets_done = models.PositiveSmallIntegerField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 (no pain) to 10 (worst imaginable)."
    )
    effort = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Borg CR10, 0 (nothing) to 10 (maximal)."
    )
    note = models.TextField(max_length=1000, blank=True)
    # Neurogenic patients are asked the next day whether the limb feels heavier or weaker.
    heavier_next_day = models.BooleanField(null=True, blank=True)

    objects = SessionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-performed_on", "program_exercise__position"]
        indexes = [
            # The session-log list: every log, newest day first then newest row (the admin's
            # ordering, ``SessionLogAdmin.ordering``; ending on the id lets the list read the
            # index in order instead of sorting each day's rows), and its "performed on" filters.
            models.Index(fields=["-performed_on", "-id"], name="session_log_recent_idx"),
            # One plan's logs over a span of days: a therapist's session-log list (reached
            # through their patients' plans), the portal's week and history, a plan's weekly
            # adherence, the worklist's pain and adherence rules.
            models.Index(fields=["assignment", "-performed_on"], name="session_log_plan_days_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "program_exercise", "performed_on"],
                name="session_log_one_per_exercise_per_day",
                violation_error_message="This exercise is already logged for that day.",
            ),
            models.CheckConstraint(
                name="session_log_pain_0_10",
                condition=Q(pain__isnull=True) | Q(pain__range=(0, 10)),
                violation_error_message="Pain must be between 0 and 10.",
            ),
            models.CheckConstraint(
                name="session_log_effort_0_10",
                condition=Q(effort__isnull=True) | Q(effort__range=(0, 10)),
                violation_error_message="Effort must be between 0 and 10.",
            ),
            models.CheckConstraint(
                name="session_log_sets_done_0_10",
                condition=Q(sets_done__isnull=True) | Q(sets_done__range=(0, 10)),
                violation_error_message="Sets done must be between 0 and 10.",
            ),
        ]

    def __str__(self):
        return f"{self.program_exercise.exercise} on {self.performed_on}"


class MeasurementSite(models.TextChoices):
    UPPER_ARM = "upper_arm", "Upper arm (midway between shoulder tip and elbow)"
    FOREARM = "forearm", "Forearm (widest point)"
    THIGH = "thigh", "Thigh (10 cm above the top of the kneecap)"
    CALF = "calf", "Calf (widest point)"


# Girths outside this range are typing mistakes (a child's forearm to an adult's thigh fits).
GIRTH_RANGE_CM = (5, 150)
GIRTH_MESSAGE = f"Enter a girth between {GIRTH_RANGE_CM[0]} and {GIRTH_RANGE_CM[1]} cm."
_GIRTH_VALIDATORS = [
    MinValueValidator(GIRTH_RANGE_CM[0], message=GIRTH_MESSAGE),
    MaxValueValidator(GIRTH_RANGE_CM[1], message=GIRTH_MESSAGE),
]


class LimbMeasurementQuerySet(VoidableQuerySet):
    def _scope(self, user):
        return Q(patient__therapist=user)


class LimbMeasurement(Revisioned, Voidable):
    """Left and right girth at one landmark on one day. The difference is derived, never stored."""

    # No index of its own: limb_measurement_one_per_site_day (patient, measured_on, site) serves it.
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, db_index=False, related_name="measurements"
    )
    measured_on = models.DateField()
    site = models.CharField(max_length=20, choices=MeasurementSite.choices)
    # Where the tape went when it differs from the site's usual landmark (e.g. "15 cm above the
    # top of the kneecap"), so later measurements compare like with like (CLINICAL.md).
    landmark = models.CharField(
        max_length=80,
        blank=True,
        help_text="Leave empty for the usual landmark shown with the site. Use the same each time.",
    )
    left_cm = models.DecimalField(max_digits=4, decimal_places=1, validators=_GIRTH_VALIDATORS)
    right_cm = models.DecimalField(max_digits=4, decimal_places=1, validators=_GIRTH_VALIDATORS)
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="measurements_taken"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LimbMeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["-measured_on", "site"]
        indexes = [
            # The limb-girth list in its order (with the admin's newest-id tie-break): 34 ms of
            # sorting at 20,000 patients became 1.4 ms.
            models.Index(
                fields=["-measured_on", "site", "-id"], name="limb_measurement_recent_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="limb_measurement_left_cm_range",
                condition=Q(left_cm__range=GIRTH_RANGE_CM),
                violation_error_message=GIRTH_MESSAGE,
            ),
            models.CheckConstraint(
                name="limb_measurement_right_cm_range",
                condition=Q(right_cm__range=GIRTH_RANGE_CM),
                violation_error_message=GIRTH_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["patient", "measured_on", "site"],
                name="limb_measurement_one_per_site_day",
                violation_error_message=(
                    "This patient already has a measurement at this site on that day; "
                    "change that one instead."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_site_display()} on {self.measured_on}"

    @property
    def difference_percent(self) -> Decimal:
        """The difference as a percentage of the larger side (0 when both are equal)."""
        larger = max(self.left_cm, self.right_cm)
        return (abs(self.difference_cm) * 100 / larger).quantize(Decimal("0.1"))

    def clean(self):
        super().clean()
        if self.measured_on and self.patient_id:
            problem = self.patient.date_problem(self.measured_on, timezone.localdate())
            if problem:
                raise ValidationError({"measured_on": problem})

    @property
    def difference_cm(self) -> Decimal:
        """Right minus left; negative when the left side is larger."""
        return self.right_cm - self.left_cm
