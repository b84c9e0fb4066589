"""The safety notes printed on every handout, with their sources."""

from django.db import models

from planner.models.base import Language


class NoteScope(models.TextChoices):
    ALL = "all", "Every handout"
    POOL = "pool", "Programs with pool exercises"
    BRACE_SPLINT = "brace_splint", "Programs with brace or splint exercises"
    # The overwork guard: neurogenic atrophy, or a condition with the overwork risk.
    NEUROGENIC = "neurogenic", "Overwork guard (nerve or muscle disease)"
    SPINAL_CORD = "spinal_cord", "Spinal cord injury"


class NoteSource(models.TextChoices):
    ARTICLE = "article", "MedlinePlus article"
    CLINIC = "clinic", "The clinic"


class SafetyNote(models.Model):
    # No index of its own: safety_note_unique_slug_lang (slug, language) serves it.
    slug = models.SlugField(max_length=80, db_index=False)
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    scope = models.CharField(max_length=20, choices=NoteScope.choices, default=NoteScope.ALL)
    source = models.CharField(max_length=20, choices=NoteSource.choices)
    citation = models.CharField(max_length=300, blank=True)
    text = models.TextField(max_length=1000)
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
