"""What patients record: a session per exercise and day, and the neurogenic next-day answer."""

from planner.models import Assignment, Patient, ProgramExercise, SessionLog


def log_session(*, item: ProgramExercise, assignment: Assignment, performed_on, values: dict):
    """Record what the patient did for one exercise on one day; a second submission for the same
    exercise and day updates the same row."""
    log, _ = SessionLog.objects.update_or_create(
        assignment=assignment,
        program_exercise=item,
        performed_on=performed_on,
        defaults=values,
    )
    return log


def answer_heaviness(*, patient: Patient, day, heavier: bool) -> int:
    """The neurogenic next-day check: does the exercised limb feel heavier or weaker today?
    Stored on the sessions done the day before; returns how many were updated."""
    return (
        SessionLog.objects.for_patient(patient)
        .filter(performed_on=day, done=True)
        .update(heavier_next_day=heavier)
    )
