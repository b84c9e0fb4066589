"""What a handout shows, as plain data.

``load_handout`` reads one assignment through the handout selectors and turns the rows into the
frozen dataclasses below. Layout works from these alone, with no database, request or settings.
``load_handouts_by_pk`` reads a batch in the same few queries as one: ``print_handouts`` gives
each worker process a chunk of ids to read and lay out.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from exercises.models import AtrophyKind, Category, ConditionGroup
from planner import invites
from planner.handout import wording
from planner.models import Assignment, ClinicProfile, Invite, NoteScope, SafetyNote
from planner.screening import (
    ECCENTRIC_CARD_NOTE,
    OVERWORK_CARD_NOTE,
    ScreeningResult,
    stored_screening,
)
from planner.selectors.adherence import WeekAdherence
from planner.selectors.handouts import (
    all_safety_notes,
    clinic_profile,
    handout_assignments,
    safety_notes,
    usable_invites,
)
from planner.selectors.progress import Girth, adherence_weeks, girth_by_site

LANGUAGES = {"en"}


class HandoutError(ValueError):
    """A handout cannot be made as asked (e.g. a language we have no text for)."""


@dataclass(frozen=True)
class ExerciseCard:
    number: int
    name: str
    steps: list[str]
    dosage: str
    equipment: str
    device: str
    device_worn_during: bool | None
    wear_schedule: str
    skin_check: str
    precautions: str
    screening_notes: list[str]
    therapist_note: str
    resistance_note: str
    image_path: str
    category: str
    # Boxes a day and target days a week on the calendar.
    times_per_day: int = 1
    days_per_week: int = 7
    # The target effort in words ("Work at about 3 out of 10: …"), "" when none was set.
    effort: str = ""
    # The patient's conditions this exercise calls for care with: the card names them and
    # points to the one place (``HandoutData.health``) that explains each.
    conditions: list[str] = field(default_factory=list)
    # A hard stop the therapist overrode: their instruction to the patient, printed instead.
    therapist_says: str = ""
    # When to move on to the harder version, as given ("" when the library names none).
    progress: str = ""
    # The drawing as given ({} for none) and the side it shows ("left" mirrors it).
    pose: dict = field(default_factory=dict)
    side: str = ""

    @property
    def wearing(self) -> str:
        """The brace or splint, whether it stays on, and its schedule ("" when none)."""
        if not self.device:
            return ""
        worn = {True: wording.WEAR_IT, False: wording.TAKE_IT_OFF}.get(self.device_worn_during, "")
        # In the active language (the portal's card; the handout is printed in English).
        return f"{self.device}. {gettext(worn) if worn else ''} {self.wear_schedule}".strip()


# wording.py's words on a card, marked for the catalogue (wording.py keeps plain constants, which
# tests/test_reading_grade.py grades): ``ExerciseCard.wearing`` says them in the active language.
CARD_WORDS = (
    gettext_noop("Wear it while you do this."),
    gettext_noop("Take it off to do this."),
)


@dataclass(frozen=True)
class Note:
    text: str
    citation: str


@dataclass(frozen=True)
class HealthNote:
    """One of the patient's conditions, explained once, with the cards it concerns."""

    condition: str
    explanation: str
    numbers: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ProgressPage:
    """What the optional progress page shows: the last 12 weeks (adherence, and the week's worst
    pain and average effort) and each site's girth, oldest first."""

    weeks: list[WeekAdherence]
    girth: dict[str, list[Girth]]


@dataclass(frozen=True)
class HandoutData:
    clinic: str
    site_url: str
    therapist: str
    patient: str
    patient_has_account: bool
    invite_code: str
    large_print: bool
    program: str
    version: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    cards: list[ExerciseCard] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # Whom to call, from the clinic profile.
    clinic_phone: str = ""
    clinic_hours: str = ""
    emergency_number: str = "911"
    health: list[HealthNote] = field(default_factory=list)
    # The optional "Your progress" page: the patient's last 12 weeks, None when not asked for.
    progress: ProgressPage | None = None


def load_handout(
    assignment: Assignment,
    *,
    language: str | None = None,
    progress: bool = False,
    today: datetime.date | None = None,
) -> HandoutData:
    """Everything one handout shows, read in a fixed number of queries (5: the assignment, its
    rows, the patient's conditions, the safety notes and the clinic profile; 1 more for the
    sign-in code of a patient without an account; 3 more with the progress page: plans, logs and
    girth), whatever its size and however long the history.
    The progress page covers the patient's 12 weeks up to ``today`` (the local date by default),
    and every girth measured."""
    return load_handouts([assignment], language=language, progress=progress, today=today)[0]


def load_handouts(
    assignments: Iterable[Assignment],
    *,
    language: str | None = None,
    progress: bool = False,
    today: datetime.date | None = None,
) -> list[HandoutData]:
    """``load_handout`` for each of ``assignments``, in their order, in as many queries as one
    handout takes however many there are (the progress page's 3 are per handout)."""
    return load_handouts_by_pk(
        [a.pk for a in assignments], language=language, progress=progress, today=today
    )


def load_handouts_by_pk(
    pks: Iterable[int],
    *,
    language: str | None = None,
    progress: bool = False,
    today: datetime.date | None = None,
) -> list[HandoutData]:
    """``load_handouts`` from the assignments' ids alone, as a worker process of
    ``print_handouts`` is given them."""
    language = _check_language(language)
    loaded = handout_assignments(pks)
    codes = usable_invites(a.patient for a in loaded)
    notes = all_safety_notes(language)
    clinic = clinic_profile()
    today = today or timezone.localdate()
    return [
        _handout_data(
            assignment,
            language=language,
            notes=notes,
            invite=codes.get(assignment.patient_id),
            clinic=clinic,
            progress_until=today if progress else None,
        )
        for assignment in loaded
    ]


def _handout_data(
    assignment: Assignment,
    *,
    language: str,
    notes: list[SafetyNote],
    invite: Invite | None,
    clinic: ClinicProfile,
    progress_until: datetime.date | None,
) -> HandoutData:
    """One handout from rows already read (``load_handouts``)."""
    patient, program = assignment.patient, assignment.program
    screening = stored_screening(assignment)
    cards, notes = cards_and_notes(
        assignment, language=language, screening=screening, all_notes=notes
    )
    # The code is printed only while the patient has no account (``invites.current_code``).
    code = invites.code_for(invite.nonce) if invite and patient.user_id is None else ""
    page = None
    if progress_until is not None:
        page = ProgressPage(
            weeks=adherence_weeks(patient, today=progress_until), girth=girth_by_site(patient)
        )
    return HandoutData(
        invite_code=code,
        clinic=clinic.name or settings.CLINIC_NAME,
        site_url=settings.SITE_URL,
        therapist=patient.therapist.get_full_name() or patient.therapist.get_username(),
        patient=patient.display_name,
        patient_has_account=patient.user_id is not None,
        large_print=patient.large_print,
        program=program.title,
        version=assignment.version,
        starts_on=assignment.starts_on,
        ends_on=assignment.ends_on,
        cards=cards,
        notes=notes,
        clinic_phone=clinic.phone,
        clinic_hours=clinic.hours,
        emergency_number=clinic.emergency_number or "911",
        health=_health(screening, cards),
        progress=page,
    )


def cards_and_notes(
    assignment: Assignment,
    *,
    language: str = "en",
    screening: ScreeningResult | None = None,
    all_notes: list[SafetyNote] | None = None,
) -> tuple[list[ExerciseCard], list[Note]]:
    """The handout's card for each exercise of ``assignment`` and the safety notes that apply,
    from rows already read (its program's items with their exercises, its patient with their
    conditions) and one query for the notes, none when ``all_notes`` (every active note in
    ``language``, ``all_safety_notes``) is given. The portal shows the same words as the
    paper."""
    screening = screening or stored_screening(assignment)
    cards = [
        _card(number, item, screening)
        for number, item in enumerate(assignment.program.items.all(), start=1)
    ]
    scopes = _note_scopes(assignment, cards, screening)
    if all_notes is None:
        applying = safety_notes(language, scopes)
    else:
        applying = [note for note in all_notes if note.scope in scopes]
    notes = [Note(note.text, note.citation) for note in applying]
    return cards, notes


def _card(number: int, item, screening: ScreeningResult) -> ExerciseCard:
    """One exercise's card, from the words frozen when the plan was given (``item.given``)."""
    given = item.given
    # What screening may have called this exercise, for records that kept no id: its name as
    # given to the patient and as the library has it now.
    known_as = {given.name, item.exercise.name}
    stops = [f for f in screening.hard_stops if f.concerns(item.exercise_id, known_as)]
    stopped = {f.condition for f in stops}
    conditions = [
        f.condition
        for f in screening.precautions
        if f.concerns(item.exercise_id, known_as) and f.condition not in stopped
    ]
    return ExerciseCard(
        number=number,
        name=given.name,
        steps=list(given.steps),
        dosage=item.dosage_sentence,
        equipment=given.equipment,
        device=given.device,
        device_worn_during=given.device_worn_during,
        wear_schedule=given.wear_schedule,
        skin_check=given.skin_check,
        precautions=given.precautions,
        # The overwork rules stay on each card they cover; conditions are grouped (``health``).
        screening_notes=_overwork_notes(screening, item.exercise_id, known_as),
        therapist_note=item.notes,
        resistance_note=item.resistance_note,
        image_path=given.image_path,
        category=given.category,
        times_per_day=item.times_per_day,
        days_per_week=item.days_per_week,
        effort=item.effort_sentence,
        conditions=list(dict.fromkeys(conditions)),
        progress=given.progress,
        pose=given.pose,
        side=item.side,
        # An overridden hard stop prints what the therapist told the patient, never the stop.
        therapist_says=(screening.override_instruction or wording.OVERRIDE_UNEXPLAINED)
        if stops
        else "",
    )


def _overwork_notes(screening: ScreeningResult, exercise_id: int, known_as: set[str]) -> list:
    notes = []
    if screening.covers_overwork(exercise_id, known_as):
        notes.append(OVERWORK_CARD_NOTE)
    if screening.covers_eccentric(exercise_id):
        notes.append(ECCENTRIC_CARD_NOTE)
    return notes


def _health(screening: ScreeningResult, cards: list[ExerciseCard]) -> list[HealthNote]:
    """Each condition once, with the numbers of the cards it concerns: the cards already list
    their conditions (an overridden hard stop left out, its instruction printed instead)."""
    notes = []
    for condition, explanation, _ in screening.precaution_groups():
        numbers = [card.number for card in cards if condition in card.conditions]
        if numbers:
            notes.append(HealthNote(condition, explanation, numbers))
    return notes


def _note_scopes(
    assignment: Assignment, cards: list[ExerciseCard], screening: ScreeningResult
) -> set[str]:
    """Which safety notes apply: the general ones, plus those for the kinds of exercise in the
    program and for the patient's type of atrophy and conditions."""
    patient = assignment.patient
    scopes = {NoteScope.ALL}
    categories = {card.category for card in cards}
    if Category.POOL in categories:
        scopes.add(NoteScope.POOL)
    if Category.BRACE_SPLINT in categories:
        scopes.add(NoteScope.BRACE_SPLINT)
    if patient.atrophy_type == AtrophyKind.NEUROGENIC or screening.overwork_guard:
        scopes.add(NoteScope.NEUROGENIC)
    if any(c.group == ConditionGroup.SPINAL_CORD for c in patient.conditions.all()):
        scopes.add(NoteScope.SPINAL_CORD)
    return scopes


def _check_language(language: str | None) -> str:
    language = language or "en"
    if language not in LANGUAGES:
        raise HandoutError(
            f"There is no handout text in {language!r} yet; handouts can be printed in: "
            + ", ".join(sorted(LANGUAGES))
            + "."
        )
    return language
