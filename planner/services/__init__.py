"""Writes that touch several models, one module per concern. Views, the admin and the commands
call these; nothing else writes clinical records.

- ``programs``: copying and saving programs without overwriting another therapist's edit
- ``assignments``: screening and handing over a plan (``assign_program``), revisions
- ``patients``: archiving, sign-in codes, account activation and new passwords
- ``sessions``: what patients log
- ``records``: voiding a clinical record entered in error (never deleting it)
- ``printing``: handouts, and the "printed" audit event
- ``clinic``: the clinic profile (whom patients call)
- ``reminders``: a patient's daily email reminder, and sending the ones that are due
- ``audit``: the audit trail's one writer
"""

from planner.screening import ScreeningError
from planner.services.assignments import assign_program, start_revision
from planner.services.audit import record_event
from planner.services.patients import (
    TOO_MANY_TRIES,
    USERNAME_TAKEN,
    WRONG_CODE,
    Activation,
    ActivationError,
    activate_account,
    activation_throttled,
    count_refused_activation,
    create_invite,
    set_patient_archived,
)
from planner.services.printing import print_handout, print_handouts
from planner.services.programs import duplicate_program
from planner.services.records import void_record

__all__ = [
    "TOO_MANY_TRIES",
    "USERNAME_TAKEN",
    "WRONG_CODE",
    "Activation",
    "ActivationError",
    "ScreeningError",
    "activate_account",
    "activation_throttled",
    "assign_program",
    "count_refused_activation",
    "create_invite",
    "duplicate_program",
    "print_handout",
    "print_handouts",
    "record_event",
    "set_patient_archived",
    "start_revision",
    "void_record",
]
