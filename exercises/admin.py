import json

from django.contrib import admin, messages
from django.db.models import F
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.revisions import EditConflictAdmin
from core.text import NormalizedTextAdmin
from core.widgets import LongFilteredSelectMultiple
from exercises.drawing import drawing_svg, validate_pose
from exercises.forms import ConditionAdminForm, ExerciseAdminForm
from exercises.models import AtrophyType, Condition, Exercise


class ExplainProtectedDeletes:
    """When clinical records protect an object, say so, rather than Django's "your account
    lacks permission to delete..." which it reports first whenever a protected row's own admin
    allows no deletes (audit rows, program rows)."""

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed = set()
        return to_delete, model_count, perms_needed, protected


@admin.register(AtrophyType)
class AtrophyTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]

    def has_add_permission(self, request):
        # The three types come from the article and a data migration; they are not edited.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Condition)
class ConditionAdmin(EditConflictAdmin, NormalizedTextAdmin, admin.ModelAdmin):
    form = ConditionAdminForm
    list_display = [
        "name",
        "group",
        "region",
        "overwork_risk",
        "eccentric_risk",
        "icd10_code",
        "snomed_code",
        "is_active",
    ]
    list_filter = ["group", "region", "overwork_risk", "is_active"]
    search_fields = ["name", "slug", "explanation", "icd10_code", "snomed_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Exercise)
class ExerciseAdmin(
    EditConflictAdmin, NormalizedTextAdmin, ExplainProtectedDeletes, admin.ModelAdmin
):
    form = ExerciseAdminForm
    list_display = ["name", "category", "body_region", "assistance", "equipment", "is_active"]
    list_filter = ["atrophy_types", "category", "load", "body_region", "assistance", "is_active"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["contraindications", "cautions", "harder_versions"]
    readonly_fields = ["image_preview", "drawing_preview", "created_at", "updated_at"]
    actions = ["archive", "restore"]

    class Media:
        css = {"all": ["css/admin-tools.css"]}  # the picture and drawing previews' size
        js = ["js/drawing-preview.js", "js/admin-a11y.js"]

    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "steps", "is_active"]}),
        ("Kind", {"fields": ["category", "assistance", "body_region", "load", "atrophy_types"]}),
        ("Equipment", {"fields": ["equipment", "equipment_note", "image", "image_preview"]}),
        (
            "Usual dosage",
            {
                "fields": [
                    ("default_sets", "default_repetitions", "default_hold_seconds"),
                    ("default_rest_seconds", "default_duration_minutes"),
                    ("default_times_per_day", "default_days_per_week"),
                ]
            },
        ),
        ("Safety", {"fields": ["precautions", "contraindications", "cautions"]}),
        (
            "Easier and harder",
            {
                "fields": ["harder_versions", "progress_rule"],
                "description": "The easier versions are the exercises that name this one as "
                "harder.",
            },
        ),
        (
            "Brace or splint",
            {
                "fields": ["device", "device_worn_during", "wear_schedule", "skin_check"],
                "description": "For brace- and splint-assisted exercises.",
            },
        ),
        (
            "Drawing",
            {
                "fields": ["pose", "drawing_preview"],
                "description": "The drawing is made from this description (see the library "
                "file's notes and exercises/drawing/pose.py): the view, the base, the start and "
                "end positions as joint angles, the props and the moving part. The preview "
                "follows your typing; a picture uploaded above takes its place.",
            },
        ),
        ("Provenance", {"fields": ["source", "created_at", "updated_at"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.filter_horizontal:
            # The library's conditions and exercises, two boxes each: written in one pass.
            kwargs["widget"] = LongFilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            # Choosing an exercise for a program offers only the active library.
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates

    def get_urls(self):
        preview = path(
            "drawing-preview/",
            self.admin_site.admin_view(self.drawing_preview_view),
            name="exercises_exercise_drawing_preview",
        )
        return [preview, *super().get_urls()]

    def drawing_preview_view(self, request):
        """The drawing for the description being typed, for the live preview (POST, JSON)."""
        if request.method != "POST" or not self.has_view_or_change_permission(request):
            return JsonResponse({"error": "Not allowed."}, status=403)
        try:
            pose = json.loads(request.POST.get("pose") or "{}")
        except json.JSONDecodeError as exc:
            return JsonResponse(
                {"error": f"This is not valid JSON ({exc.msg}, line {exc.lineno})."}
            )
        problem = validate_pose(pose) if isinstance(pose, dict) and pose else ""
        if not isinstance(pose, dict) or not pose or problem:
            return JsonResponse({"error": problem or "Describe the pose to see a drawing."})
        name = request.POST.get("name") or "this exercise"
        return JsonResponse({"html": _previews(pose, name)})

    @admin.display(description="Drawing (right side, and mirrored for the left)")
    def drawing_preview(self, obj):
        url = reverse("admin:exercises_exercise_drawing_preview")
        inner = _previews(obj.pose, obj.name) if obj and obj.pose else "No drawing yet."
        return format_html(
            '<div id="drawing-preview" class="drawing-preview" data-url="{}" aria-live="polite">'
            "{}</div>",
            url,
            inner,
        )

    @admin.display(description="Current picture")
    def image_preview(self, obj):
        if not obj.image:
            return "No picture"
        return format_html('<img src="{}" alt="" class="image-preview">', obj.image.url)

    @admin.action(description="Archive selected exercises (hide them from the library)")
    def archive(self, request, queryset):
        # The revision moves on: a page still open with "active" ticked cannot undo this.
        count = queryset.filter(is_active=True).update(is_active=False, revision=F("revision") + 1)
        self.message_user(
            request, f"Archived {count} exercise(s). Programs that use them keep them."
        )

    @admin.action(description="Restore selected exercises to the library")
    def restore(self, request, queryset):
        count = queryset.filter(is_active=False).update(is_active=True, revision=F("revision") + 1)
        self.message_user(request, f"Restored {count} exercise(s).", messages.SUCCESS)


def _previews(pose: dict, name: str) -> str:
    """The drawing for the right side and for the left, side by side."""
    return format_html(
        '<div class="drawing-previews">{}{}</div>',
        mark_safe(drawing_svg(pose, name, "right")),  # noqa: S308 - built from numbers
        mark_safe(drawing_svg(pose, name, "left")),  # noqa: S308
    )
