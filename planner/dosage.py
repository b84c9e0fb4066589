"""Dosage in plain words, as a patient reads it on the portal and the handout."""

_TIMES = {1: "once a day", 2: "twice a day"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _seconds(value: int) -> str:
    if value >= 60 and value % 60 == 0:
        return _plural(value // 60, "minute")
    return _plural(value, "second")


def dosage_sentence(item) -> str:
    """E.g. "3 sets of 10, hold each for 5 seconds, twice a day, 5 days a week, left side".

    ``item`` is anything with the ProgramExercise dosage fields.
    """
    parts = []
    if item.repetitions:
        parts.append(f"{_plural(item.sets, 'set')} of {item.repetitions}")
    if item.duration_minutes:
        minutes = _plural(item.duration_minutes, "minute")
        if item.repetitions or item.sets == 1:
            parts.append(minutes)
        else:
            parts.append(f"{_plural(item.sets, 'round')} of {minutes}")
    if item.hold_seconds:
        parts.append(f"hold each for {_seconds(item.hold_seconds)}")
    if item.rest_seconds:
        parts.append(f"rest {_seconds(item.rest_seconds)} between sets")
    parts.append(_TIMES.get(item.times_per_day, f"{item.times_per_day} times a day"))
    parts.append("every day" if item.days_per_week == 7 else f"{item.days_per_week} days a week")
    if item.side:
        parts.append({"left": "left side", "right": "right side", "both": "both sides"}[item.side])
    return ", ".join(parts)
