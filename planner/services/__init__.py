"""Writes that touch several models, one module per concern. Views, the admin and the commands
call these; nothing else writes clinical records.

- ``programs``: copying and saving programs without overwriting another therapist's edit
- ``assignments``: screening and handing over a plan (``assign_program``), revisions
- ``patients``: archiving, sign-in codes, account activation
- ``sessions``: what patients log
- ``printing``: handouts, and the "printed" audit event
- ``audit``: the audit trail's one writer
"""

from planner.screening import ScreeningError
from planner.services.assignments import assign_program, start_revision
from planner.services.audit import record_event
from planner.services.patients import (
    WRONG_CODE,
    ActivationError,
    activate_account,
    create_invite,
    set_patient_archived,
)
from planner.services.printing import print_handout, print_handouts
from planner.services.programs import duplicate_program

__all__ = [
    "WRONG_CODE",
    "ActivationError",
    "ScreeningError",
    "activate_account",
    "assign_program",
    "create_invite",
    "duplicate_program",
    "print_handout",
    "print_handouts",
    "record_event",
    "set_patient_archived",
    "start_revision",
]
