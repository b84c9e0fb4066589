"""Issue 11: a plan keeps the exercises' words as given, the clinic has a profile (whom to call),
and an overridden hard stop carries the therapist's instruction for the patient.

Two data steps: the rows of plans already handed to patients are frozen from the library as it
stands now (the closest record of what they were given), and the clinic profile's one row is
created from settings.CLINIC_NAME.
"""

import django.core.validators
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models
from django.utils import timezone

import planner.models.clinic


def freeze_assigned_rows(apps, schema_editor):
    ProgramExercise = apps.get_model("planner", "ProgramExercise")
    Assignment = apps.get_model("planner", "Assignment")
    now = timezone.now()
    assigned = Assignment.objects.values("program_id")
    rows = (
        ProgramExercise.objects.filter(program_id__in=assigned, frozen_at__isnull=True)
        .select_related("exercise")
        .order_by("pk")
    )
    batch = []
    for row in rows:
        exercise = row.exercise
        label = exercise.get_equipment_display() if exercise.equipment != "none" else ""
        note = exercise.equipment_note
        row.equipment_text = (f"{label}: {note}" if label else note) if note else label or "Nothing"
        row.name = exercise.name
        row.summary = exercise.summary
        row.steps = list(exercise.steps)
        row.precautions = exercise.precautions
        row.device = exercise.device
        row.device_worn_during = exercise.device_worn_during
        row.wear_schedule = exercise.wear_schedule
        row.skin_check = exercise.skin_check
        row.image = exercise.image.name if exercise.image else ""
        row.category = exercise.category
        row.body_region = exercise.body_region
        row.frozen_at = now
        batch.append(row)
    fields = [
        "equipment_text", "name", "summary", "steps", "precautions", "device",
        "device_worn_during", "wear_schedule", "skin_check", "image", "category", "body_region",
        "frozen_at",
    ]
    ProgramExercise.objects.bulk_update(batch, fields, batch_size=200)


def create_clinic_profile(apps, schema_editor):
    ClinicProfile = apps.get_model("planner", "ClinicProfile")
    if len(settings.CLINIC_NAME) > 120:
        # Said, not cut: the name is printed on every handout.
        raise ImproperlyConfigured(
            f"CLINIC_NAME is {len(settings.CLINIC_NAME)} characters long; the clinic profile "
            "holds at most 120. Set a shorter CLINIC_NAME and migrate again."
        )
    ClinicProfile.objects.get_or_create(pk=1, defaults={"name": settings.CLINIC_NAME})


class Migration(migrations.Migration):

    dependencies = [
        ('exercises', '0004_revision_not_editable'),
        ('planner', '0006_revision_not_editable_constraint_messages_girth_range'),
    ]

    operations = [
        migrations.CreateModel(
            name='ClinicProfile',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ('name', models.CharField(max_length=120)),
                ('phone', models.CharField(blank=True, help_text='The number patients call with questions, e.g. +1 (555) 010-0100.', max_length=40, validators=[planner.models.clinic.validate_phone])),
                ('hours', models.CharField(blank=True, help_text='When someone answers that phone, e.g. “Mon-Fri 8 am-5 pm”.', max_length=200)),
                ('emergency_number', models.CharField(default='911', help_text='Printed as “In an emergency call …”.', max_length=20, validators=[planner.models.clinic.validate_emergency_number])),
                ('address', models.CharField(blank=True, max_length=300)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'clinic profile',
            },
        ),
        migrations.AddField(
            model_name='assignment',
            name='override_instruction',
            field=models.TextField(blank=True, max_length=600, validators=[django.core.validators.MaxLengthValidator(600)]),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='body_region',
            field=models.CharField(blank=True, choices=[('shoulder_upper_arm', 'Shoulder and upper arm'), ('elbow_forearm', 'Elbow and forearm'), ('hand_wrist', 'Hand and wrist'), ('hip_thigh', 'Hip and thigh'), ('knee_calf', 'Knee and calf'), ('ankle_foot', 'Ankle and foot'), ('trunk', 'Trunk')], editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='category',
            field=models.CharField(blank=True, choices=[('pool', 'Pool exercise'), ('brace_splint', 'Brace- or splint-assisted'), ('strength', 'Strengthening'), ('range_of_motion', 'Range of motion'), ('functional', 'Functional')], editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='device',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='device_worn_during',
            field=models.BooleanField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='equipment_text',
            field=models.CharField(blank=True, editable=False, max_length=240),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='frozen_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='image',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='name',
            field=models.CharField(blank=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='precautions',
            field=models.TextField(blank=True, editable=False, max_length=1000),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='skin_check',
            field=models.TextField(blank=True, editable=False, max_length=600),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='steps',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='summary',
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name='programexercise',
            name='wear_schedule',
            field=models.CharField(blank=True, editable=False, max_length=300),
        ),
        migrations.AddConstraint(
            model_name='programexercise',
            constraint=models.CheckConstraint(condition=models.Q(('frozen_at__isnull', True), models.Q(('name', ''), _negated=True), _connector='OR'), name='program_exercise_frozen_has_name', violation_error_message='An exercise given to a patient keeps its name.'),
        ),
        migrations.AddConstraint(
            model_name='clinicprofile',
            constraint=models.CheckConstraint(condition=models.Q(('id', 1)), name='clinic_profile_single_row', violation_error_message='There is one clinic profile; change that one.'),
        ),
        migrations.RunPython(freeze_assigned_rows, migrations.RunPython.noop),
        migrations.RunPython(create_clinic_profile, migrations.RunPython.noop),
    ]
