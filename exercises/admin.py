from django.contrib import admin

from exercises.models import AtrophyType, Condition, Exercise


@admin.register(AtrophyType)
class AtrophyTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]

    def has_add_permission(self, request):
        # The three types come from the article and a data migration; they are not edited.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "slug", "explanation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "body_region", "assistance", "equipment", "is_active"]
    list_filter = ["category", "atrophy_types", "body_region", "assistance", "is_active"]
    search_fields = ["name", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["atrophy_types", "contraindications", "cautions"]
