"""Programs (templates and patients' own plans), their rows, and assignments.

Assigning freezes what the patient was given: an assignment points at the patient's own copy.
"""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.revisions import Revisioned
from core.text import NormalizedNames
from exercises.dosage import (
    DOSAGE_FIELDS,
    dosage_constraints,
    dosage_model,
    dosage_sentence,
    effort_sentence,
    range_validators,
)
from exercises.models import AtrophyType, BodyRegion, Category, Exercise
from exercises.text import ExerciseText
from exercises.translations import language_code, translated_languages
from planner.models.base import (
    END_BEFORE_START,
    Archivable,
    Side,
    TherapistScopedQuerySet,
    Timestamped,
    Voidable,
    VoidableQuerySet,
)
from planner.models.patients import Patient

# The most exercises one program holds: more than a patient can do at home in a day, and what the
# admin's program page posts in one request (config/settings.py DATA_UPLOAD_MAX_NUMBER_FIELDS).
MAX_PROGRAM_ROWS = 60
TOO_MANY_ROWS = (
    f"A program holds at most {MAX_PROGRAM_ROWS} exercises; this one has %(count)d. "
    "Remove some, or split it into two programs."
)

# How far ahead a plan may end: long enough for any course of rehabilitation, short enough that a
# mistyped year is caught.
PLAN_HORIZON = datetime.timedelta(days=731)
PLAN_TOO_LONG = "A plan can run for at most two years: choose an end date on or before {latest}."


def plan_date_errors(starts_on: datetime.date | None, ends_on: datetime.date | None) -> dict:
    """What is wrong with a plan's end date, by field (empty when nothing is)."""
    if not (starts_on and ends_on):
        return {}
    if ends_on < starts_on:
        return {"ends_on": END_BEFORE_START}
    latest = starts_on + PLAN_HORIZON
    if ends_on > latest:
        return {"ends_on": PLAN_TOO_LONG.format(latest=f"{latest.day} {latest:%B %Y}")}
    return {}


class ProgramQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        """A therapist's own programs plus templates other therapists have shared."""
        return Q(owner=user) | Q(is_template=True, is_shared=True)

    def editable_by(self, user):
        """Programs a therapist may change: their own, and only while no assignment has frozen
        them (a plan handed to a patient is revised by making a new version)."""
        own = self if user.is_superuser else self.filter(owner=user)
        return own.filter(assignments__isnull=True)

    def is_editable_by(self, user, program) -> bool:
        return self.editable_by(user).filter(pk=program.pk).exists()


class Program(NormalizedNames, Revisioned, Archivable, Timestamped):
    """Either a template (optionally shared with other therapists) or one patient's own plan."""

    title = models.CharField(max_length=160)
    description = models.TextField(max_length=2000, blank=True)
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

    objects = ProgramQuerySet.as_manager()
    normalized_fields = ("title",)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [
            # The program list in its order: ProgramAdmin's page read from the index, not a sort
            # of every template and plan.
            models.Index(fields=["title", "id"], name="program_title_idx"),
        ]
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


class ProgramExerciseQuerySet(TherapistScopedQuerySet):
    def _scope(self, user):
        return Q(program__owner=user) | Q(program__is_template=True, program__is_shared=True)


class ProgramExercise(dosage_model("ProgramExerciseDosage")):
    """One exercise in a program, in order, with its full dosage.

    A row of a plan handed to a patient also keeps the exercise's words as they were given
    (``freeze``, at assignment): the portal and the handout read that copy through ``given``, so
    a later library edit reaches the patient only through a new version of the plan."""

    # No index of its own: program_exercise_unique_position (program, position) serves it.
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, db_index=False, related_name="items"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="program_items")
    position = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    target_effort = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Borg CR10, 0 (nothing) to 10 (maximal).",
        validators=range_validators("target_effort"),
    )
    resistance_note = models.CharField(max_length=200, blank=True)
    notes = models.TextField(
        max_length=1000, blank=True, help_text="Therapist's note to the patient."
    )

    # The exercise's words as given to the patient: empty until the plan is assigned. Never
    # edited by hand (a plan handed over is revised by making a new version).
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    name = models.CharField(max_length=120, blank=True, editable=False)
    summary = models.CharField(max_length=200, blank=True, editable=False)
    steps = models.JSONField(default=list, blank=True, editable=False)
    precautions = models.TextField(max_length=1000, blank=True, editable=False)
    equipment_text = models.CharField(max_length=240, blank=True, editable=False)
    device = models.CharField(max_length=120, blank=True, editable=False)
    device_worn_during = models.BooleanField(null=True, blank=True, editable=False)
    wear_schedule = models.CharField(max_length=300, blank=True, editable=False)
    skin_check = models.TextField(max_length=600, blank=True, editable=False)
    image = models.CharField(max_length=100, blank=True, editable=False)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True, editable=False)
    body_region = models.CharField(
        max_length=20, choices=BodyRegion.choices, blank=True, editable=False
    )
    progress = models.TextField(max_length=600, blank=True, editable=False)
    pose = models.JSONField(default=dict, blank=True, editable=False)
    # The same words in the other languages the library had for the exercise when it was given
    # ({"es": {"name": ..., "steps": [...], ...}}: the TRANSLATED_TEXT attributes).
    translations = models.JSONField(default=dict, blank=True, editable=False)

    objects = ProgramExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"],
                name="program_exercise_unique_position",
                violation_error_message="Each position in a program holds one exercise.",
            ),
            *dosage_constraints("program_exercise", fields=[*DOSAGE_FIELDS, "target_effort"]),
            models.CheckConstraint(
                name="program_exercise_frozen_has_name",
                condition=Q(frozen_at__isnull=True) | ~Q(name=""),
                violation_error_message="An exercise given to a patient keeps its name.",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.exercise}"

    @property
    def dosage_sentence(self) -> str:
        return dosage_sentence(self)

    @property
    def effort_sentence(self) -> str:
        """The target effort in words, as the handout and the portal print it ("" if none)."""
        return effort_sentence(self.target_effort)

    @property
    def given(self) -> ExerciseText:
        """The exercise's words for this row in the active language (the patient's, in the
        portal and on the handout): the copy frozen when the plan was assigned, or the library's
        live text for a template or a draft not yet handed over."""
        return self.given_in(language_code())

    def given_in(self, language: str) -> ExerciseText:
        """``given`` in ``language``; English, saying so (``ExerciseText.language``), when the
        exercise had no translation into it when the plan was given."""
        if self.frozen_at is None:
            return self.exercise.text(language)
        text = ExerciseText(
            **{attr: getattr(self, field) for attr, field in FROZEN_TEXT.items()},
            steps=tuple(self.steps),
        )
        translated = (self.translations or {}).get(language) if language != "en" else None
        if not translated:
            return text
        words = {attr: translated[attr] for attr in TRANSLATED_TEXT}
        words["steps"] = tuple(words["steps"])
        return dataclasses.replace(text, **words, language=language)

    def freeze(self, at: datetime.datetime) -> None:
        """Copy the exercise's current words into this row (saved by the caller), in English and
        in each language the library has them in. The English copy's fixed words ("Nothing",
        "Next step: …") are English whatever language the request is in (``text("en")``)."""
        text = self.exercise.text("en")
        for attr, field in FROZEN_TEXT.items():
            setattr(self, field, getattr(text, attr))
        self.steps = list(text.steps)
        self.translations = {}
        for language in translated_languages():
            other = self.exercise.text(language)
            if other.language == language:
                words = {attr: getattr(other, attr) for attr in TRANSLATED_TEXT}
                self.translations[language] = {**words, "steps": list(other.steps)}
        self.frozen_at = at


# ExerciseText attribute -> the row's field holding its frozen copy (steps are kept as a list).
FROZEN_TEXT = {
    "name": "name",
    "summary": "summary",
    "precautions": "precautions",
    "equipment": "equipment_text",
    "device": "device",
    "device_worn_during": "device_worn_during",
    "wear_schedule": "wear_schedule",
    "skin_check": "skin_check",
    "image_name": "image",
    "category": "category",
    "body_region": "body_region",
    "progress": "progress",
    "pose": "pose",
}
# The ExerciseText attributes a translation changes (the rest are the same in every language).
TRANSLATED_TEXT = (
    "name",
    "summary",
    "steps",
    "precautions",
    "equipment",
    "device",
    "wear_schedule",
    "skin_check",
    "progress",
)
# Every field ``freeze`` writes.
FROZEN_FIELDS = ["frozen_at", "steps", "translations", *FROZEN_TEXT.values()]

# What a therapist sets on a row besides its program: what a copy copies, what a diff compares.
# The frozen words are not among them: a copy (a template, a draft of the next version) reads
# the library until it is handed over and frozen again.
ROW_FIELDS = [
    f.name
    for f in ProgramExercise._meta.concrete_fields
    if f.name not in {"id", "program", *FROZEN_FIELDS}
]


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    SUPERSEDED = "superseded", "Replaced by a newer version"
    CANCELLED = "cancelled", "Cancelled"


class AssignmentQuerySet(VoidableQuerySet):
    def _scope(self, user):
        return Q(patient__therapist=user)

    def for_patient(self, patient):
        """A patient's own plans: the only assignments a portal view may touch."""
        return self.filter(patient=patient)

    def current(self, today=None):
        """Active assignments that have started and not yet ended."""
        today = today or timezone.localdate()
        return (
            self.in_force()
            .filter(status=AssignmentStatus.ACTIVE, starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        )


class Assignment(Revisioned, Voidable, Timestamped):
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
    # The day the plan stopped counting towards adherence (paused, completed, cancelled or
    # replaced by a newer version); empty while it is active (planner/services/assignments.py).
    stopped_on = models.DateField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    # What screening found when the program was assigned: precautions to print, the overwork
    # guard, and any hard stops the therapist overrode, with the reason (for the record) and the
    # instruction for the patient (printed on the handout instead of the stop).
    screening = models.JSONField(default=dict, blank=True)
    override_reason = models.TextField(max_length=2000, blank=True)
    # A TextField's max_length binds only forms; the validator makes full_clean check it too.
    override_instruction = models.TextField(
        max_length=600, blank=True, validators=[MaxLengthValidator(600)]
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            # The plan list in its order and its "starts on" filter: AssignmentAdmin's page read
            # from the index (a 45 ms sort of 20,000 joined plans became about 2 ms).
            models.Index(fields=["-starts_on", "-id"], name="assignment_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="assignment_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                violation_error_message=END_BEFORE_START,
            ),
            models.CheckConstraint(
                name="assignment_version_positive",
                condition=Q(version__gte=1),
                violation_error_message="A plan's versions are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"{self.program} for {self.patient} (v{self.version})"

    def clean(self):
        # The end-date constraint again, plus the horizon: the admin's change form shows
        # ``starts_on`` read-only, so Django would skip the constraint and the database refuse.
        super().clean()
        errors = plan_date_errors(self.starts_on, self.ends_on)
        if errors:
            raise ValidationError(errors)
