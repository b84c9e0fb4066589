"""The code systems, codes and units the FHIR export writes, in one place.

Standard codes are used where one means exactly what we record: LOINC for a 0-10 pain score,
UCUM for every unit, SNOMED CT and ICD-10-CM for conditions (kept in the screening catalogue,
``exercises.Condition``). What has no standard code (a home-exercise session, a limb girth at our
landmark, the adherence we compute) gets a code of our own system, under the clinic's address
(``settings.FHIR_BASE``), with a text a person reads."""

from django.conf import settings

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"
ICD10_CM = "http://hl7.org/fhir/sid/icd-10-cm"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
LANGUAGE = "urn:ietf:bcp:47"
# The languages a patient may read (planner.models.Language), by their BCP 47 display names.
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}

# LOINC 72514-3: "Pain severity - 0-10 verbal numeric rating [Score] - Reported", the patient's
# own 0-10 rating, which is what the portal asks for after each exercise.
PAIN_SEVERITY = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
# SNOMED CT 229065009 |Exercise therapy (regime/therapy)|: what every activity of the plan is.
EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
# ICD-10-CM M62.50, "Muscle wasting and atrophy, not elsewhere classified, unspecified site":
# right for disuse (physiologic) and pathologic atrophy. Neurogenic atrophy is classified under
# the nerve disease that causes it (which the patient's conditions carry), so it goes as text.
MUSCLE_ATROPHY_ICD10 = {
    "system": ICD10_CM,
    "code": "M62.50",
    "display": "Muscle wasting and atrophy, not elsewhere classified, unspecified site",
}
ATROPHY_CODED = {"physiologic", "pathologic"}


def base() -> str:
    """Where this clinic's own identifiers and codes live: ``FHIR_BASE``, or the site's address
    followed by ``/fhir``."""
    return settings.FHIR_BASE or f"{settings.SITE_URL}/fhir"


def identifier_system(kind: str) -> str:
    """E.g. ``https://rehab.example.org/fhir/sid/careplan``. The patient's may be set on its own
    (``FHIR_PATIENT_ID_SYSTEM``): the system a clinic's record system knows Rehab Planner's
    patient ids under."""
    if kind == "patient" and settings.FHIR_PATIENT_ID_SYSTEM:
        return settings.FHIR_PATIENT_ID_SYSTEM
    return f"{base()}/sid/{kind}"


def our_code_system() -> str:
    return f"{base()}/CodeSystem/rehab-planner"


def our_coding(code: str, display: str) -> dict:
    return {"system": our_code_system(), "code": code, "display": display}


def category(code: str, display: str) -> list[dict]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


ACTIVITY = ("activity", "Activity")
EXAM = ("exam", "Exam")
SURVEY = ("survey", "Survey")
THERAPY = ("therapy", "Therapy")


def quantity(value, unit: str, code: str) -> dict:
    """A UCUM quantity: ``unit`` is what a person reads, ``code`` the UCUM code (cm, kg, s, %,
    {count}, {score})."""
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


# Our own codes: (code, what a person reads).
SESSION = ("home-exercise-session", "Home exercise session, as the patient logged it")
SESSION_EXERCISE = ("exercise", "Exercise")
SESSION_SETS = ("sets-done", "Sets done")
SESSION_EFFORT = ("effort-borg-cr10", "Effort, Borg CR10 (0-10)")
SESSION_HEAVIER = ("heavier-next-day", "Limb felt heavier or weaker the next day")
ADHERENCE = (
    "home-exercise-adherence",
    "Home exercise adherence: sessions logged of sessions prescribed, one week",
)
ADHERENCE_PRESCRIBED = ("sessions-prescribed", "Sessions prescribed")
ADHERENCE_LOGGED = ("sessions-logged", "Sessions logged")
LIMB_GIRTH = ("limb-girth", "Limb girth, left and right")
GIRTH_LEFT = ("limb-girth-left", "Left girth")
GIRTH_RIGHT = ("limb-girth-right", "Right girth")
CHAIR_STAND = ("chair-stand-30s", "30-second chair stand (full stands)")
GRIP_LEFT = ("grip-strength-left", "Grip strength, left hand")
GRIP_RIGHT = ("grip-strength-right", "Grip strength, right hand")
TIMED_UP_AND_GO = ("timed-up-and-go", "Timed up and go")
