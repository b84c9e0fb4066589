"""People and plans: patients, programs, assignments, what patients did, and the audit trail.

Every relation a clinical record hangs on is PROTECT: records are archived, never deleted out from
under a patient's history. The models live in one module per concern and are all importable from
here.
"""

from planner.models.audit import AuditAction, AuditEvent, AuditOutcome
from planner.models.base import END_BEFORE_START, Language, Side, TherapistScopedQuerySet
from planner.models.clinic import ClinicProfile
from planner.models.measures import FunctionTest
from planner.models.patients import ActivationFailure, Invite, Patient
from planner.models.print_batches import BatchStatus, HandoutBatch
from planner.models.programs import Assignment, AssignmentStatus, Program, ProgramExercise
from planner.models.records import LimbMeasurement, MeasurementSite, SessionLog
from planner.models.reminders import Reminder
from planner.models.safety import NoteScope, NoteSource, SafetyNote
from planner.models.worklist import WorklistSeen

__all__ = [
    "END_BEFORE_START",
    "ActivationFailure",
    "Assignment",
    "AssignmentStatus",
    "AuditAction",
    "AuditEvent",
    "AuditOutcome",
    "BatchStatus",
    "ClinicProfile",
    "FunctionTest",
    "HandoutBatch",
    "Invite",
    "Language",
    "LimbMeasurement",
    "MeasurementSite",
    "NoteScope",
    "NoteSource",
    "Patient",
    "Program",
    "ProgramExercise",
    "Reminder",
    "SafetyNote",
    "SessionLog",
    "Side",
    "TherapistScopedQuerySet",
    "WorklistSeen",
]
