"""The exercise library: exercises, the atrophy types they suit, and the screening catalogue."""

import string
from functools import reduce
from types import SimpleNamespace

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Length, Replace, StrIndex, Upper
from django.db.models.lookups import Exact, Range
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.revisions import Revisioned
from core.text import NormalizedNames, nfc
from exercises.dosage import DOSAGE_FIELDS, dosage_constraints, dosage_model, dosage_sentence
from exercises.text import ExerciseText, equipment_text, progress_text
from exercises.translations import (
    CONDITION_TEXT_FIELDS,
    EXERCISE_TEXT_FIELDS,
    language_code,
    words_in,
)


class AtrophyKind(models.TextChoices):
    """The three types of muscle atrophy the MedlinePlus article describes."""

    PHYSIOLOGIC = "physiologic", "Physiologic (disuse)"
    PATHOLOGIC = "pathologic", "Pathologic (aging, illness, corticosteroids)"
    NEUROGENIC = "neurogenic", "Neurogenic (nerve injury or disease)"


class Category(models.TextChoices):
    POOL = "pool", "Pool exercise"
    BRACE_SPLINT = "brace_splint", "Brace- or splint-assisted"
    STRENGTH = "strength", "Strengthening"
    RANGE_OF_MOTION = "range_of_motion", "Range of motion"
    FUNCTIONAL = "functional", "Functional"


class Assistance(models.TextChoices):
    ACTIVE = "active", "Active (on your own)"
    ACTIVE_ASSISTED = "active_assisted", "Active-assisted (with help)"
    PASSIVE = "passive", "Passive (moved for you)"


class BodyRegion(models.TextChoices):
    SHOULDER_UPPER_ARM = "shoulder_upper_arm", "Shoulder and upper arm"
    ELBOW_FOREARM = "elbow_forearm", "Elbow and forearm"
    HAND_WRIST = "hand_wrist", "Hand and wrist"
    HIP_THIGH = "hip_thigh", "Hip and thigh"
    KNEE_CALF = "knee_calf", "Knee and calf"
    ANKLE_FOOT = "ankle_foot", "Ankle and foot"
    TRUNK = "trunk", "Trunk"


class Equipment(models.TextChoices):
    NONE = "none", _("No equipment")
    CHAIR = "chair", _("Chair")
    BAND = "band", _("Resistance band")
    WEIGHT = "weight", _("Hand or ankle weight")
    BALL = "ball", _("Ball")
    TOWEL = "towel", _("Towel")
    POOL = "pool", _("Swimming pool")
    POOL_FLOAT = "pool_float", _("Pool float or noodle")
    BRACE = "brace", _("Brace")
    SPLINT = "splint", _("Splint")
    STEP = "step", _("Step")
    TABLE = "table", _("Table or bed")
    STRAP = "strap", _("Strap")
    PUTTY = "putty", _("Therapy putty")


# Equipment that adds load: an exercise using it is resisted work.
RESISTANCE_EQUIPMENT = frozenset({Equipment.BAND, Equipment.WEIGHT, Equipment.PUTTY})


class Load(models.TextChoices):
    """What the muscles work against: what the overwork guard and the rest-day rule are about."""

    NONE = "none", "No load (range of motion, passive, positioning)"
    BODY_WEIGHT = "body_weight", "Body weight"
    RESISTED = "resisted", "Added resistance (band, weight, putty, float)"


class ConditionRegion(models.TextChoices):
    """The part of the body a condition is about; an exercise elsewhere is not screened for it."""

    WHOLE_BODY = "", "Whole body"
    ARM = "arm", "Arm and shoulder"
    LEG = "leg", "Leg and hip"
    TRUNK = "trunk", "Back, chest and belly"


# The exercise regions (BodyRegion values) each condition region covers.
REGION_PARTS = {
    ConditionRegion.ARM: frozenset({"shoulder_upper_arm", "elbow_forearm", "hand_wrist"}),
    ConditionRegion.LEG: frozenset({"hip_thigh", "knee_calf", "ankle_foot"}),
    ConditionRegion.TRUNK: frozenset({"trunk"}),
}


class AtrophyType(models.Model):
    """One row per AtrophyKind, so exercises and programs can carry several types and be filtered
    by them on SQLite and PostgreSQL alike. Rows are created by a data migration."""

    code = models.CharField(max_length=20, choices=AtrophyKind.choices, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.get_code_display()


class ConditionGroup(models.TextChoices):
    AQUATIC = "aquatic", "Pool screening"
    BRACE_SKIN = "brace_skin", "Brace, splint and skin"
    NEUROGENIC = "neurogenic", "Neurogenic (overwork risk)"
    SPINAL_CORD = "spinal_cord", "Spinal cord injury"
    PATHOLOGIC = "pathologic", "Pathologic"
    GENERAL = "general", "General"


# ``\Z``, not ``$``: ``$`` also matches before a final newline, which a YAML block scalar can add.
validate_icd10_cm = RegexValidator(
    r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?\Z",
    "An ICD-10-CM code is a capital letter, a digit and a digit or capital letter, then "
    "optionally a dot and 1 to 4 more digits or capital letters, e.g. I95.1.",
    code="icd10_cm",
)
validate_snomed_ct = RegexValidator(
    r"^[1-9][0-9]{5,17}\Z",
    "A SNOMED CT concept id is 6 to 18 digits, not starting with 0, e.g. 28651003.",
    code="snomed_ct",
)


def _only_digits(field: str):
    """``field`` with every digit removed: empty exactly when it holds nothing but digits. The
    database checks codes with this and ``StrIndex`` because a regular expression in a check
    constraint is not portable: SQLite's REGEXP is a Python function Django installs on its own
    connections, so another client (or a restore) could not evaluate it."""
    return reduce(lambda text, digit: Replace(text, Value(digit)), string.digits, F(field))


class Condition(NormalizedNames, Revisioned):
    """A screening item a patient may have. Whether it rules an exercise out or calls for care is
    said by the exercise (``contraindications`` / ``cautions``), not by the condition."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    group = models.CharField(max_length=20, choices=ConditionGroup.choices)
    explanation = models.TextField(max_length=600, help_text="Short, patient-facing explanation.")
    region = models.CharField(
        max_length=10,
        choices=ConditionRegion.choices,
        blank=True,
        default=ConditionRegion.WHOLE_BODY,
        help_text="Screen only exercises of this part of the body (blank: every exercise).",
    )
    overwork_risk = models.BooleanField(
        default=False,
        help_text="Exercise to exhaustion may leave lasting weakness: the overwork guard covers "
        "every loaded exercise for a patient with this condition.",
    )
    eccentric_risk = models.BooleanField(
        default=False,
        help_text="Muscle disease: warn against heavy slow lowering to fatigue on loaded "
        "exercises.",
    )
    # Standard codes an HL7 FHIR export sends with the condition, given only where the code
    # means what the condition means; empty when none does (the export sends the name as text).
    icd10_code = models.CharField(
        "ICD-10-CM code",
        max_length=8,
        blank=True,
        validators=[validate_icd10_cm],
        help_text="The ICD-10-CM code that means this condition, e.g. I95.1; blank when no code "
        "says it (a screening qualifier such as “uncontrolled” or “recent”). A coder should "
        "review it.",
    )
    snomed_code = models.CharField(
        "SNOMED CT code",
        max_length=18,
        blank=True,
        validators=[validate_snomed_ct],
        help_text="The SNOMED CT concept id that means this condition, e.g. 28651003; blank when "
        "none does. A coder should review it.",
    )
    is_active = models.BooleanField(default=True)
    # The name and explanation in other languages ({"es": {"name": ..., "explanation": ...}}),
    # from the library file (exercises/translations.py).
    translations = models.JSONField(default=dict, blank=True, editable=False)

    normalized_fields = ("name",)

    class Meta:
        ordering = ["group", "name"]
        constraints = [
            models.CheckConstraint(
                name="condition_region_known",
                condition=Q(region__in=ConditionRegion.values),
                violation_error_message="Choose arm, leg, trunk or the whole body.",
            ),
            # The codes' shape as far as plain SQL can say it (see ``_only_digits``): capitals,
            # no spaces, 3 characters or a dot fourth; the field validators check the rest (which
            # characters are letters or digits). No SUBSTR(code, 1, 1): Django's SQLite
            # introspection, which later migrations use on this table, cannot read it back.
            models.CheckConstraint(
                name="condition_icd10_code_shape",
                condition=Q(icd10_code="")
                | Q(
                    Exact(Upper("icd10_code"), F("icd10_code")),
                    ~Q(icd10_code__contains=" "),
                    Q(Exact(Length("icd10_code"), 3), Exact(StrIndex("icd10_code", Value(".")), 0))
                    | Q(
                        Range(Length("icd10_code"), (5, 8)),
                        Exact(StrIndex("icd10_code", Value(".")), 4),
                    ),
                ),
                violation_error_message="Give an ICD-10-CM code such as I95.1, or leave it blank.",
            ),
            models.CheckConstraint(
                name="condition_snomed_code_digits",
                condition=Q(snomed_code="")
                | Q(
                    Range(Length("snomed_code"), (6, 18)),
                    Exact(_only_digits("snomed_code"), ""),
                    ~Q(snomed_code__startswith="0"),
                ),
                violation_error_message="Give a SNOMED CT concept id (6 to 18 digits, not "
                "starting with 0), or leave it blank.",
            ),
        ]

    def __str__(self):
        return self.name

    def words(self, language: str | None = None) -> dict:
        """The name and explanation in ``language`` (default: the active one), English when the
        condition has no translation into it."""
        return words_in(self, CONDITION_TEXT_FIELDS, language_code(language))[0]

    def concerns(self, body_region: str) -> bool:
        """Whether screening for this condition applies to an exercise of ``body_region``."""
        return not self.region or body_region in REGION_PARTS[ConditionRegion(self.region)]


class ExerciseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text: str):
        """Every word must appear in the name, the summary or the steps (compared in NFC, as
        names and summaries are stored)."""
        qs = self
        for word in nfc(text).split():
            qs = qs.filter(
                Q(name__icontains=word) | Q(summary__icontains=word) | Q(steps__icontains=word)
            )
        return qs

    def matching(
        self, *, q="", atrophy_type="", category="", body_region="", equipment="", assistance=""
    ):
        """The library browser's filters; an empty value means "any"."""
        qs = self.search(q) if q else self
        if atrophy_type:
            qs = qs.filter(atrophy_types__code=atrophy_type)
        exact = {
            "category": category,
            "body_region": body_region,
            "equipment": equipment,
            "assistance": assistance,
        }
        return qs.filter(**{field: value for field, value in exact.items() if value})

    def for_listing(self):
        return self.prefetch_related("atrophy_types")

    def for_detail(self):
        # The harder versions: each language's rule for moving on names them.
        return self.prefetch_related(
            "atrophy_types", "contraindications", "cautions", "harder_versions"
        )


# The usual dosage, copied into a program row when the exercise is added to a program.
ExerciseDefaultDosage = dosage_model("ExerciseDefaultDosage", field_prefix="default_")


class Exercise(NormalizedNames, Revisioned, ExerciseDefaultDosage):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    summary = models.CharField(max_length=200)
    steps = models.JSONField(default=list, help_text="Numbered steps, one string each.")
    category = models.CharField(max_length=20, choices=Category.choices)
    assistance = models.CharField(max_length=20, choices=Assistance.choices)
    body_region = models.CharField(max_length=20, choices=BodyRegion.choices)
    equipment = models.CharField(max_length=20, choices=Equipment.choices, default=Equipment.NONE)
    equipment_note = models.CharField(max_length=200, blank=True)
    load = models.CharField(max_length=20, choices=Load.choices, default=Load.NONE)
    atrophy_types = models.ManyToManyField(AtrophyType, related_name="exercises", blank=True)

    precautions = models.TextField(max_length=1000, blank=True)
    contraindications = models.ManyToManyField(
        Condition, related_name="ruled_out_exercises", blank=True, help_text="Hard stops."
    )
    cautions = models.ManyToManyField(
        Condition, related_name="caution_exercises", blank=True, help_text="Allowed with care."
    )

    # Brace- and splint-assisted exercises only.
    device = models.CharField(max_length=120, blank=True)
    device_worn_during = models.BooleanField(null=True, blank=True)
    wear_schedule = models.CharField(max_length=300, blank=True)
    skin_check = models.TextField(max_length=600, blank=True)

    # The next steps up; the steps down are ``easier_versions``.
    harder_versions = models.ManyToManyField(
        "self", symmetrical=False, related_name="easier_versions", blank=True
    )
    progress_rule = models.TextField(
        max_length=400,
        blank=True,
        help_text="When the patient may move on, in their words (the handout names the next step).",
    )

    # The drawing's description (exercises.drawing.pose): the start and end positions of a
    # figure, the props and the moving part. Empty: no drawing (an uploaded picture may stand in).
    pose = models.JSONField(default=dict, blank=True)
    image = models.ImageField(upload_to="exercises/", blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the facts come from.")
    is_active = models.BooleanField(default=True, help_text="Archived exercises are hidden.")
    # The words in other languages ({"es": {"name": ..., "steps": [...], ...}}), from the library
    # file, where each entry's "es" block sits beside its English (exercises/translations.py).
    translations = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()
    normalized_fields = ("name", "summary")

    class Meta:
        ordering = ["name"]
        constraints = [
            *dosage_constraints("exercise_default", "default_"),
            models.CheckConstraint(
                name="exercise_load_known",
                condition=Q(load__in=Load.values),
                violation_error_message="Choose the exercise's load.",
            ),
        ]
        indexes = [
            # The library browser filters active exercises by category and region.
            models.Index(
                fields=["is_active", "category", "body_region"], name="exercise_browse_idx"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def default_dosage_sentence(self) -> str:
        defaults = {name: getattr(self, f"default_{name}") for name in DOSAGE_FIELDS}
        return dosage_sentence(SimpleNamespace(**defaults, side="", load=self.load))

    def text(self, language: str | None = None) -> ExerciseText:
        """The exercise's words as the library has them now, in ``language`` (default: the
        active one): what a plan freezes at assignment, and what templates and drafts show."""
        words, language = words_in(self, EXERCISE_TEXT_FIELDS, language_code(language))
        with translation.override(language):
            label = self.get_equipment_display() if self.equipment != Equipment.NONE else ""
            return ExerciseText(
                name=words["name"],
                summary=words["summary"],
                steps=tuple(words["steps"]),
                precautions=words["precautions"],
                equipment=equipment_text(label, words["equipment_note"]),
                device=words["device"],
                device_worn_during=self.device_worn_during,
                wear_schedule=words["wear_schedule"],
                skin_check=words["skin_check"],
                image_name=self.image.name if self.image else "",
                category=self.category,
                body_region=self.body_region,
                # Read through ``harder_versions.all()`` so a caller's prefetch serves it.
                pose=self.pose or {},
                progress=progress_text(
                    words["progress_rule"],
                    sorted(e.words_in(language)["name"] for e in self.harder_versions.all()),
                ),
                language=language,
            )

    def words_in(self, language: str) -> dict:
        """The translated texts in ``language`` (English where there is no translation)."""
        return words_in(self, EXERCISE_TEXT_FIELDS, language)[0]

    @property
    def is_brace_splint(self) -> bool:
        return self.category == Category.BRACE_SPLINT

    @property
    def is_loaded(self) -> bool:
        """Strengthening against body weight or added resistance: what the overwork guard and
        the day off between sessions are about."""
        return self.load != Load.NONE
