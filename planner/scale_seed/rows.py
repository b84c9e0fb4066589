"""What every part of a scale seed shares: one run's state (its random numbers, counts and audit
events) and the fast ways rows are written."""

import datetime
import random
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from planner.models import AuditEvent, Patient

BATCH = 1000
DAY = datetime.timedelta(days=1)


@dataclass
class Run:
    """One seeding run. Every part draws from the same ``rng`` in a fixed order, so the same
    arguments give the same data."""

    patients: int
    weeks: int
    therapists: int
    today: datetime.date
    rng: random.Random
    say: Callable[[str], None]
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    counts: Counter = field(default_factory=Counter)
    events: list[AuditEvent] = field(default_factory=list)

    def event(self, actor, action, patient: Patient, obj, at: datetime.datetime, **detail):
        """An audit event as the app would have written it at ``at``, kept to be written in bulk."""
        self.events.append(
            AuditEvent(
                created_at=at,
                actor=actor,
                patient=patient,
                therapist_id=patient.therapist_id,
                action=action,
                object_type=obj._meta.label,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                detail=detail,
            )
        )


def batches(rows: list, size: int = BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def bulk(model, rows: list) -> list:
    """``rows`` saved in batches, with their primary keys set."""
    for batch in batches(rows):
        model.objects.bulk_create(batch)
    return rows


def copy_rows(model, rows: list[dict]) -> list[dict]:
    """``rows`` (field values by column) inserted: by COPY on PostgreSQL, for the million
    sessions (several times faster than building a model instance each), else in batches. A
    column not given takes its field's default; ``created_at`` and ``updated_at`` are now."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(created_at=now, updated_at=now)
    if connection.vendor != "postgresql":
        return bulk(model, [model(**{**defaults, **row}) for row in rows])
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
    return rows


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
