"""Indexes for the session-log lists and the audit trail at clinic-group scale (issue 17), and the
audit event's own ``therapist``, filled in for the events written before it.

Not atomic: the backfill commits batch by batch, so a trail of millions of events is not one long
transaction holding its rows locked. Every step can run again after an interruption (the backfill
touches only events it has not filled in yet)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

BATCH = 10_000


def therapist_from_patient(apps, schema_editor):
    """Give each existing event about a patient that patient's therapist: who the trail showed it
    to until now (``patient__therapist``), so nobody sees more or less on the day this runs."""
    AuditEvent = apps.get_model("planner", "AuditEvent")
    Patient = apps.get_model("planner", "Patient")
    therapist = Subquery(Patient.objects.filter(pk=OuterRef("patient_id")).values("therapist_id"))
    waiting = AuditEvent.objects.filter(patient__isnull=False, therapist__isnull=True)
    last = waiting.order_by("-pk").values_list("pk", flat=True).first()
    start = 0
    while last is not None and start <= last:
        waiting.filter(pk__gt=start, pk__lte=start + BATCH).update(therapist_id=therapist)
        start += BATCH


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("planner", "0012_patient_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="therapist",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        # Reversing leaves nothing to undo: removing the field removes what this filled in.
        migrations.RunPython(therapist_from_patient, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["therapist", "-created_at"], name="audit_therapist_recent_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor", "-created_at"], name="audit_actor_recent_idx"),
        ),
        migrations.AddIndex(
            model_name="sessionlog",
            index=models.Index(fields=["-performed_on", "-id"], name="session_log_recent_idx"),
        ),
        migrations.AddIndex(
            model_name="sessionlog",
            index=models.Index(
                fields=["assignment", "-performed_on"], name="session_log_plan_days_idx"
            ),
        ),
        # The plan's own index goes once the one above, which begins with the plan, is there.
        # Dropped by name: AlterField would also drop and re-check the foreign key over every log.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="sessionlog",
                    name="assignment",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="logs",
                        to="planner.assignment",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS planner_sessionlog_assignment_id_7a8e6801",
                    "CREATE INDEX IF NOT EXISTS planner_sessionlog_assignment_id_7a8e6801 "
                    "ON planner_sessionlog (assignment_id)",
                ),
            ],
        ),
    ]
