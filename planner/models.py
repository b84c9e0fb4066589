"""People and plans: patients, programs, assignments, what patients did, and the audit trail.

Every relation a clinical record hangs on is PROTECT: records are archived, never deleted out from
under a patient's history.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from exercises.dosage import dosage_constraints, dosage_sentence, range_validators
from exercises.models import AtrophyKind, AtrophyType, BodyRegion, Condition, Exercise


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both sides"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"


def _staff_scope(queryset, user, condition: Q):
    """Superusers see every row, other staff the rows matching ``condition``, everyone else none.

    Each model's ``for_therapist`` goes through here, and the admin and every view go through
    ``for_therapist``: there is one place per model that decides who sees what."""
    if not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    if not user.is_staff:
        return queryset.none()
    return queryset.filter(condition)


class PatientQuerySet(models.QuerySet):
    def for_therapist(self, user):
        """The patients a therapist treats; every patient for a clinic admin."""
        return _staff_scope(self, user, Q(therapist=user))

    def active(self):
        return self.filter(archived_at__isnull=True)


class Patient(models.Model):
    display_name = models.CharField(max_length=120)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patient",
        help_text="The patient's own sign-in, once they have activated it.",
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patients"
    )
    atrophy_type = models.CharField(max_length=20, choices=AtrophyKind.choices)
    affected_side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    affected_region = models.CharField(max_length=20, choices=BodyRegion.choices, blank=True)
    conditions = models.ManyToManyField(Condition, related_name="patients", blank=True)
    preferred_language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.ENGLISH
    )
    large_print = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def is_archived(self):
        return self.archived_at is not None


class ProgramQuerySet(models.QuerySet):
    def for_therapist(self, user):
        """A therapist's own programs plus templates other therapists have shared."""
        return _staff_scope(self, user, Q(owner=user) | Q(is_template=True, is_shared=True))

    def editable_by(self, user):
        """Programs a therapist may change: their own, and only while no assignment has frozen
        them (a plan handed to a patient is revised by making a new version)."""
        own = self if user.is_superuser else self.filter(owner=user)
        return own.filter(assignments__isnull=True)

    def templates(self):
        return self.filter(is_template=True)


class Program(models.Model):
    """Either a template (optionally shared with other therapists) or one patient's own plan."""

    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programs"
    )
    is_template = models.BooleanField(default=True)
    is_shared = models.BooleanField(default=False, help_text="Other therapists may use it.")
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="programs"
    )
    atrophy_types = models.ManyToManyField(AtrophyType, related_name="programs", blank=True)
    source = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        help_text="The program this one was copied from.",
    )
    # Bumped on every save; a save that started from an older revision is a conflict.
    revision = models.PositiveIntegerField(default=1)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                name="program_template_xor_patient",
                condition=Q(is_template=True, patient__isnull=True)
                | Q(is_template=False, patient__isnull=False),
                violation_error_message=(
                    "A template belongs to no patient; a patient's own program names its patient."
                ),
            ),
            models.CheckConstraint(
                name="program_only_templates_shared",
                condition=Q(is_shared=False) | Q(is_template=True),
                violation_error_message="Only templates can be shared with other therapists.",
            ),
        ]

    def __str__(self):
        return self.title


class ProgramExerciseQuerySet(models.QuerySet):
    def for_therapist(self, user):
        return _staff_scope(
            self,
            user,
            Q(program__owner=user) | Q(program__is_template=True, program__is_shared=True),
        )


class ProgramExercise(models.Model):
    """One exercise in a program, in order, with its full dosage."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="program_items")
    position = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(default=1, validators=range_validators("sets"))
    repetitions = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=range_validators("repetitions")
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=range_validators("hold_seconds")
    )
    rest_seconds = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=range_validators("rest_seconds")
    )
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=range_validators("duration_minutes")
    )
    times_per_day = models.PositiveSmallIntegerField(
        default=1, validators=range_validators("times_per_day")
    )
    days_per_week = models.PositiveSmallIntegerField(
        default=3, validators=range_validators("days_per_week")
    )
    side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    target_effort = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Borg CR10, 0 (nothing) to 10 (maximal).",
        validators=range_validators("target_effort"),
    )
    resistance_note = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True, help_text="Therapist's note to the patient.")

    objects = ProgramExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="program_exercise_unique_position"
            ),
            *dosage_constraints(
                "program_exercise",
                fields=[
                    "sets",
                    "repetitions",
                    "hold_seconds",
                    "rest_seconds",
                    "duration_minutes",
                    "times_per_day",
                    "days_per_week",
                    "target_effort",
                ],
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.exercise}"

    @property
    def dosage_sentence(self) -> str:
        return dosage_sentence(self)


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    SUPERSEDED = "superseded", "Replaced by a newer version"
    CANCELLED = "cancelled", "Cancelled"


class AssignmentQuerySet(models.QuerySet):
    def for_therapist(self, user):
        return _staff_scope(self, user, Q(patient__therapist=user))

    def for_patient(self, patient):
        """A patient's own plans: the only assignments a portal view may touch."""
        return self.filter(patient=patient)

    def current(self, today=None):
        """Active assignments that have started and not yet ended."""
        today = today or timezone.localdate()
        return self.filter(status=AssignmentStatus.ACTIVE, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class Assignment(models.Model):
    """A program handed to a patient. It points at the patient's own frozen copy of the program,
    so later edits to a template do not change what the patient was given."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="assignments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments_made"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    # What screening found when the program was assigned: precautions to print, the overwork
    # guard, and any hard stops the therapist overrode (with the reason below).
    screening = models.JSONField(default=dict, blank=True)
    override_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="assignment_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(name="assignment_version_positive", condition=Q(version__gte=1)),
        ]

    def __str__(self):
        return f"{self.program} for {self.patient} (v{self.version})"


class SessionLogQuerySet(models.QuerySet):
    def for_therapist(self, user):
        return _staff_scope(self, user, Q(assignment__patient__therapist=user))


class SessionLog(models.Model):
    """What a patient did for one assigned exercise on one day."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="logs")
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
    note = models.TextField(blank=True)
    # Neurogenic patients are asked the next day whether the limb feels heavier or weaker.
    heavier_next_day = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-performed_on", "program_exercise__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "program_exercise", "performed_on"],
                name="session_log_one_per_exercise_per_day",
            ),
            models.CheckConstraint(
                name="session_log_pain_0_10",
                condition=Q(pain__isnull=True) | Q(pain__range=(0, 10)),
            ),
            models.CheckConstraint(
                name="session_log_effort_0_10",
                condition=Q(effort__isnull=True) | Q(effort__range=(0, 10)),
            ),
            models.CheckConstraint(
                name="session_log_sets_done_0_10",
                condition=Q(sets_done__isnull=True) | Q(sets_done__range=(0, 10)),
            ),
        ]

    def __str__(self):
        return f"{self.program_exercise.exercise} on {self.performed_on}"


class MeasurementSite(models.TextChoices):
    UPPER_ARM = "upper_arm", "Upper arm (midway between shoulder tip and elbow)"
    FOREARM = "forearm", "Forearm (widest point)"
    THIGH = "thigh", "Thigh (10 cm above the top of the kneecap)"
    CALF = "calf", "Calf (widest point)"


class LimbMeasurementQuerySet(models.QuerySet):
    def for_therapist(self, user):
        return _staff_scope(self, user, Q(patient__therapist=user))


class LimbMeasurement(models.Model):
    """Left and right girth at one landmark on one day. The difference is derived, never stored."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField()
    site = models.CharField(max_length=20, choices=MeasurementSite.choices)
    left_cm = models.DecimalField(max_digits=4, decimal_places=1)
    right_cm = models.DecimalField(max_digits=4, decimal_places=1)
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="measurements_taken"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LimbMeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["-measured_on", "site"]
        constraints = [
            models.CheckConstraint(
                name="limb_measurement_left_cm_range", condition=Q(left_cm__range=(5, 150))
            ),
            models.CheckConstraint(
                name="limb_measurement_right_cm_range", condition=Q(right_cm__range=(5, 150))
            ),
            models.UniqueConstraint(
                fields=["patient", "measured_on", "site"], name="limb_measurement_one_per_site_day"
            ),
        ]

    def __str__(self):
        return f"{self.get_site_display()} on {self.measured_on}"

    @property
    def difference_cm(self) -> Decimal:
        """Right minus left; negative when the left side is larger."""
        return self.right_cm - self.left_cm


class NoteScope(models.TextChoices):
    ALL = "all", "Every handout"
    POOL = "pool", "Programs with pool exercises"
    BRACE_SPLINT = "brace_splint", "Programs with brace or splint exercises"
    NEUROGENIC = "neurogenic", "Neurogenic atrophy"
    SPINAL_CORD = "spinal_cord", "Spinal cord injury"


class NoteSource(models.TextChoices):
    ARTICLE = "article", "MedlinePlus article"
    CLINIC = "clinic", "The clinic"


class SafetyNote(models.Model):
    slug = models.SlugField(max_length=80)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    scope = models.CharField(max_length=20, choices=NoteScope.choices, default=NoteScope.ALL)
    source = models.CharField(max_length=20, choices=NoteSource.choices)
    citation = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["language", "position", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "language"], name="safety_note_unique_slug_lang"
            )
        ]

    def __str__(self):
        return self.slug


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    PRINTED = "printed", "Printed a handout"
    ASSIGNED = "assigned", "Assigned a program"
    OVERRIDDEN = "overridden", "Overrode a screening hard stop"
    CHANGED = "changed", "Changed"
    ARCHIVED = "archived", "Archived"


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", "Success"
    REFUSED = "refused", "Refused"


class AuditEventQuerySet(models.QuerySet):
    def for_therapist(self, user):
        """Events about a therapist's patients, and everything the therapist did."""
        return _staff_scope(self, user, Q(patient__therapist=user) | Q(actor=user))


class AuditEvent(models.Model):
    """Who viewed, printed, assigned or changed which patient record, and when. Append-only."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    outcome = models.CharField(
        max_length=10, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A patient's history page: their events, newest first.
            models.Index(fields=["patient", "-created_at"], name="audit_patient_recent_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr} ({self.created_at:%Y-%m-%d %H:%M})"


class InviteQuerySet(models.QuerySet):
    def for_therapist(self, user):
        return _staff_scope(self, user, Q(patient__therapist=user))

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invite(models.Model):
    """A one-time code a patient uses to create their own sign-in.

    The code itself is not stored: it is derived from ``nonce`` with the site's secret key (so the
    admin and the handout can show it again) and found again through ``digest``, a hash of it."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="invites")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invites_created"
    )
    nonce = models.CharField(max_length=32, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="invite_expires_after_creation", condition=Q(expires_at__gt=F("created_at"))
            ),
        ]

    def __str__(self):
        return f"Invite for {self.patient} ({self.created_at:%Y-%m-%d})"


class ActivationFailure(models.Model):
    """A wrong code tried at /accounts/activate/; counted per address to slow down guessing."""

    ip_address = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # "How many failures from this address in the last 15 minutes?"
            models.Index(fields=["ip_address", "created_at"], name="activation_failure_recent_idx")
        ]

    def __str__(self):
        return f"{self.ip_address} at {self.created_at:%Y-%m-%d %H:%M}"
