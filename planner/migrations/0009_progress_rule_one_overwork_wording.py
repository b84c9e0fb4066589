"""Issue 12: a plan's rows keep the rule for moving on as given, and the overwork rule is worded
once.

The overwork safety note said "rest at least 2 days (48 hours)" while exercise cards said "rest at
least 1 day" beside "3 days a week". It now says what the screening guard and the dosage sentence
say: at least 48 hours, a full day off, between sessions that work the same muscles hard (Monday,
Wednesday, Friday). It also covers muscle disease, as the guard now does. As in 0008, the note is
rewritten only while it still has the text seeded before, so a clinic's own wording stays.
"""

from django.db import migrations, models

SLUG = "neurogenic-overwork"
OLD = (
    "Muscles made weak by nerve problems tire fast. Pushing them too hard can leave you "
    "weaker for a long time. Rest at least 2 days (48 hours) before you work the same "
    "muscles with a weight or band again. Stop if the muscle feels heavy or burns, or if you "
    "feel much more tired than usual. If the arm or leg feels heavier or weaker the next "
    "day, do not do more. Tell your therapist."
)
NEW = (
    "Muscles made weak by nerve or muscle disease tire fast. Pushing them too hard can leave "
    "you weaker for a long time. Leave at least 48 hours, a full day off, before you work the "
    "same muscles hard again. For example, do them on Monday, Wednesday and Friday. Stop if "
    "the muscle feels heavy or burns, or if you feel much more tired than usual. If the arm or "
    "leg feels heavier or weaker the next day, do not do more. Tell your therapist."
)


def _rewrite(apps, old: str, new: str) -> None:
    SafetyNote = apps.get_model("planner", "SafetyNote")
    SafetyNote.objects.filter(slug=SLUG, language="en", text=old).update(text=new)


def one_wording(apps, schema_editor):
    _rewrite(apps, OLD, NEW)


def earlier_wording(apps, schema_editor):
    _rewrite(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("planner", "0008_plain_language_safety_notes")]

    operations = [
        migrations.AddField(
            model_name="programexercise",
            name="progress",
            field=models.TextField(blank=True, editable=False, max_length=600),
        ),
        migrations.AlterField(
            model_name="safetynote",
            name="scope",
            field=models.CharField(
                choices=[
                    ("all", "Every handout"),
                    ("pool", "Programs with pool exercises"),
                    ("brace_splint", "Programs with brace or splint exercises"),
                    ("neurogenic", "Overwork guard (nerve or muscle disease)"),
                    ("spinal_cord", "Spinal cord injury"),
                ],
                default="all",
                max_length=20,
            ),
        ),
        migrations.RunPython(one_wording, earlier_wording),
    ]
