"""Issue 12: what an exercise works against (``load``), its easier and harder versions with the
rule for moving on, and conditions keyed to a body region and to the overwork rules.

The data step gives existing rows what the old rules implied, so screening keeps guarding until
``manage.py load_library`` brings the reviewed tags: strengthening or band/weight/putty work is
loaded, and the conditions of the old "neurogenic" group carry the overwork risk.
"""

from django.db import migrations, models

_RESISTANCE = ["band", "weight", "putty"]
_MUSCLE_DISEASES = ["muscular-dystrophy", "inflammatory-myopathy"]


def implied_tags(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    Condition = apps.get_model("exercises", "Condition")
    Exercise.objects.filter(equipment__in=_RESISTANCE).update(load="resisted")
    Exercise.objects.filter(category="strength").exclude(equipment__in=_RESISTANCE).update(
        load="body_weight"
    )
    Condition.objects.filter(group="neurogenic").update(overwork_risk=True)
    Condition.objects.filter(slug__in=_MUSCLE_DISEASES).update(
        group="pathologic", overwork_risk=True, eccentric_risk=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0004_revision_not_editable"),
    ]

    operations = [
        migrations.AddField(
            model_name="condition",
            name="eccentric_risk",
            field=models.BooleanField(
                default=False,
                help_text="Muscle disease: warn against heavy slow lowering to fatigue on loaded exercises.",
            ),
        ),
        migrations.AddField(
            model_name="condition",
            name="overwork_risk",
            field=models.BooleanField(
                default=False,
                help_text="Exercise to exhaustion may leave lasting weakness: the overwork guard covers every loaded exercise for a patient with this condition.",
            ),
        ),
        migrations.AddField(
            model_name="condition",
            name="region",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Whole body"),
                    ("arm", "Arm and shoulder"),
                    ("leg", "Leg and hip"),
                    ("trunk", "Back, chest and belly"),
                ],
                default="",
                help_text="Screen only exercises of this part of the body (blank: every exercise).",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="exercise",
            name="harder_versions",
            field=models.ManyToManyField(
                blank=True, related_name="easier_versions", to="exercises.exercise"
            ),
        ),
        migrations.AddField(
            model_name="exercise",
            name="load",
            field=models.CharField(
                choices=[
                    ("none", "No load (range of motion, passive, positioning)"),
                    ("body_weight", "Body weight"),
                    ("resisted", "Added resistance (band, weight, putty, float)"),
                ],
                default="none",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="exercise",
            name="progress_rule",
            field=models.TextField(
                blank=True,
                help_text="When the patient may move on, in their words (the handout names the next step).",
                max_length=400,
            ),
        ),
        migrations.RunPython(implied_tags, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="condition",
            constraint=models.CheckConstraint(
                condition=models.Q(("region__in", ["", "arm", "leg", "trunk"])),
                name="condition_region_known",
                violation_error_message="Choose arm, leg, trunk or the whole body.",
            ),
        ),
        migrations.AddConstraint(
            model_name="exercise",
            constraint=models.CheckConstraint(
                condition=models.Q(("load__in", ["none", "body_weight", "resisted"])),
                name="exercise_load_known",
                violation_error_message="Choose the exercise's load.",
            ),
        ),
    ]
