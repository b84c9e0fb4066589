import json

from django import forms

from exercises import rules
from exercises.dosage import DOSAGE_FIELDS
from exercises.drawing import validate_pose
from exercises.images import reencode_exercise_image
from exercises.models import (
    Assistance,
    AtrophyKind,
    BodyRegion,
    Category,
    Condition,
    Equipment,
    Exercise,
)
from exercises.translations import CONDITION_TEXT_FIELDS, EXERCISE_TEXT_FIELDS


class PoseField(forms.JSONField):
    """The drawing's description, shown indented so it reads (and edits) line by line."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, indent=2, ensure_ascii=False)


class DropsStaleTranslations:
    """A ModelForm mixin: changing a text the library translates drops the row's translations, so
    a patient who reads another language gets the new English (their card says it is English)
    rather than words written for the old one. ``load_library`` brings them back from the file."""

    translated_fields: tuple[str, ...] = ()

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk and set(self.translated_fields) & set(self.changed_data):
            self.instance.translations = {}


class ConditionAdminForm(DropsStaleTranslations, forms.ModelForm):
    translated_fields = CONDITION_TEXT_FIELDS

    class Meta:
        model = Condition
        fields = [
            "slug",
            "name",
            "group",
            "explanation",
            "region",
            "overwork_risk",
            "eccentric_risk",
            "icd10_code",
            "snomed_code",
            "is_active",
        ]


class ExerciseAdminForm(DropsStaleTranslations, forms.ModelForm):
    translated_fields = EXERCISE_TEXT_FIELDS

    # Therapists write steps one per line; the model keeps them as a list.
    steps = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            f"One step per line, {rules.MIN_STEPS} to {rules.MAX_STEPS} lines, each starting with "
            f"the action and at most {rules.MAX_STEP_LENGTH} characters long."
        ),
    )
    # A plain file field: our own check (exercises.images) gives the size limit first and clearer
    # messages than Django's ImageField, which would decode a 50 MB upload before refusing it.
    image = forms.FileField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="Optional. JPEG, PNG or WebP, at most 5 MB and 4,000 pixels a side.",
    )

    pose = PoseField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField"}),
        help_text="JSON: view, base, moving, start, end, and optionally props, water, rest, "
        "seat, focus, arrow.",
    )

    class Meta:
        model = Exercise
        fields = [
            "name",
            "slug",
            "summary",
            "steps",
            "is_active",
            "category",
            "assistance",
            "body_region",
            "atrophy_types",
            "equipment",
            "equipment_note",
            "load",
            "image",
            *(f"default_{name}" for name in DOSAGE_FIELDS),
            "precautions",
            "contraindications",
            "cautions",
            "device",
            "device_worn_during",
            "wear_schedule",
            "skin_check",
            "harder_versions",
            "progress_rule",
            "pose",
            "source",
        ]
        widgets = {"atrophy_types": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and isinstance(self.instance.steps, list):
            self.initial["steps"] = "\n".join(self.instance.steps)

    def clean_pose(self):
        pose = self.cleaned_data.get("pose") or {}
        problem = validate_pose(pose) if pose else ""
        if problem:
            raise forms.ValidationError(f"The drawing cannot be made: {problem}", code="pose")
        return pose

    def clean_image(self):
        image = self.cleaned_data.get("image")
        # Only a new upload carries ``content_type``; an unchanged stored image is left alone.
        if image and hasattr(image, "content_type"):
            return reencode_exercise_image(image)
        return image

    def clean(self):
        cleaned = super().clean()
        if rules.device_missing(category=cleaned.get("category"), device=cleaned.get("device")):
            self.add_error("device", rules.DEVICE_REQUIRED)
        load = rules.load_problem(
            category=cleaned.get("category"),
            equipment=cleaned.get("equipment"),
            load=cleaned.get("load"),
        )
        if load:
            self.add_error("load", load)
        harder = cleaned.get("harder_versions")
        if harder and not (cleaned.get("progress_rule") or "").strip():
            self.add_error("progress_rule", rules.PROGRESS_RULE_NEEDED)
        if harder and self.instance.pk and any(e.pk == self.instance.pk for e in harder):
            self.add_error("harder_versions", "An exercise cannot be its own harder version.")
        types = {t.code for t in cleaned.get("atrophy_types") or []}
        for version in harder or []:
            missing = types - {t.code for t in version.atrophy_types.all()}
            if missing:
                self.add_error(
                    "harder_versions",
                    f"“{version}” is not tagged for {', '.join(sorted(missing))}: a harder "
                    "version must suit every atrophy type this exercise suits.",
                )
        return cleaned

    def clean_steps(self):
        lines = [line.strip() for line in self.cleaned_data["steps"].splitlines()]
        steps = [line for line in lines if line]
        if not rules.step_count_allowed(steps):
            raise forms.ValidationError(
                "An exercise needs %(low)d to %(high)d steps, one per line; this has %(count)d.",
                params={"low": rules.MIN_STEPS, "high": rules.MAX_STEPS, "count": len(steps)},
            )
        too_long = rules.overlong_steps(steps)
        if too_long:
            raise forms.ValidationError(
                "Each step can have at most %(limit)d characters; shorten step %(steps)s.",
                params={"limit": rules.MAX_STEP_LENGTH, "steps": ", ".join(map(str, too_long))},
            )
        in_steps = rules.dosage_in_steps(steps)
        if in_steps:
            raise forms.ValidationError(
                rules.DOSAGE_IN_STEP, params={"steps": rules.quote_steps(steps, in_steps)}
            )
        return steps


def _with_any(label, choices):
    return [("", f"Any {label}"), *choices]


class LibraryFilterForm(forms.Form):
    """The library browser's filters. Every field is optional; bad values are simply ignored."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    atrophy_type = forms.ChoiceField(
        label="Atrophy type", required=False, choices=_with_any("type", AtrophyKind.choices)
    )
    category = forms.ChoiceField(
        label="Kind of exercise", required=False, choices=_with_any("kind", Category.choices)
    )
    body_region = forms.ChoiceField(
        label="Body region", required=False, choices=_with_any("region", BodyRegion.choices)
    )
    equipment = forms.ChoiceField(
        label="Equipment", required=False, choices=_with_any("equipment", Equipment.choices)
    )
    assistance = forms.ChoiceField(
        label="Assistance", required=False, choices=_with_any("assistance", Assistance.choices)
    )
