"""Every fixed sentence the handout prints, in one place, so they can be read (and graded) together.

A patient reads these at a kitchen table, so each is short and plain: a test keeps every
UPPER_CASE string here at Flesch-Kincaid grade 6 or below. ``{name}`` placeholders are filled in
by ``layout`` with the clinic's or the patient's details (escaped there, never here).

Each constant is the English sentence, marked with ``gettext_noop`` so ``makemessages`` puts it
in the catalogue: ``say(CONSTANT)`` gives it in the language being printed (the handout is laid
out under ``translation.override``), and English stays exactly these words.
"""

from django.utils.translation import gettext, gettext_noop

# The header.
PROGRAM_TITLE = gettext_noop("YOUR HOME EXERCISE PLAN")
# A no-break space keeps "Phone 555-0100" on one line when the header wraps (written as the
# character, not an escape, so the catalogue's entry is the string gettext is asked for).
CLINIC_LINE = gettext_noop("{clinic} · Phone {phone}")  # noqa: RUF001
PLAN_LINE = gettext_noop("Plan “{program}” · v{version}")
DATES = gettext_noop("Start on {start}. Your therapist is {therapist}.")
DATES_REVIEW = gettext_noop(
    "Start on {start}. Check-up on {review}. Your therapist is {therapist}."
)

# The stop box. With no phone number on file the heading names the clinic and no blank number.
STOP_HEADING = gettext_noop("STOP AND CALL {clinic} AT {phone}")
STOP_HEADING_NO_PHONE = gettext_noop("STOP AND CALL YOUR CLINIC ({clinic})")
CLINIC_HOURS = gettext_noop("We answer the phone: {hours}")
EMERGENCY = gettext_noop("If it is an emergency, call {emergency} now.")
SOURCE = gettext_noop("Source: {source}")

# The plan at a glance.
PLAN_HEADING = gettext_noop("YOUR PLAN AT A GLANCE")
PLAN_NUMBER = gettext_noop("#")
PLAN_NAME = gettext_noop("What to do")
PLAN_DOSAGE = gettext_noop("How much and how often")

# Conditions: explained once, the cards point back here.
HEALTH_HEADING = gettext_noop("YOUR HEALTH AND THESE EXERCISES")
HEALTH_FOR_ONE = gettext_noop("For number {numbers} on your plan")
HEALTH_FOR_MANY = gettext_noop("For numbers {numbers} on your plan")
# Translators: between the last two of a list ("1, 2 and 3"); keep the spaces.
AND = gettext_noop(" and ")
SEE_PAGE = gettext_noop("{conditions}: read more on page {page}.")
SEE_HEALTH = gettext_noop("{conditions}: read more near the start of this sheet.")

# The labels on a card. A label is a few short words, never one long one.
HOW_MUCH = gettext_noop("HOW MUCH")
HOW_HARD = gettext_noop("HOW HARD")
HOW_HEAVY = gettext_noop("HOW HEAVY")
YOU_NEED = gettext_noop("YOU NEED")
BRACE_OR_SPLINT = gettext_noop("WHAT YOU WEAR")
SKIN_CHECK = gettext_noop("SKIN CHECK")
TAKE_CARE = gettext_noop("TAKE CARE")
FROM_THERAPIST = gettext_noop("FROM YOUR THERAPIST")
MOVING_ON = gettext_noop("MOVING ON")
THERAPIST_SAYS = gettext_noop("YOUR THERAPIST SAYS")
# A plan given despite a hard stop before therapists were asked for words for the patient: the
# card must neither print the stop nor say nothing.
OVERRIDE_UNEXPLAINED = gettext_noop(
    "Your therapist chose this for you. Ask them what to watch for."
)
# On a card whose words the library does not have in the handout's language (yet).
NOT_IN_YOUR_LANGUAGE = gettext_noop(
    "This exercise is written in English: we do not have it in your language yet. Ask your "
    "therapist to go over it with you."
)
WEAR_IT = gettext_noop("Wear it while you do this.")
TAKE_IT_OFF = gettext_noop("Take it off to do this.")
# A card or a week that goes on over the page repeats its title with this.
CONTINUED = gettext_noop("{title} (continued from the last page)")

# Getting online.
ONLINE_HEADING = gettext_noop("SEE YOUR PLAN ONLINE")
ONLINE_ADDRESS = gettext_noop("Point your phone camera at the square. Or type this: {address}")
SIGN_IN_ACCOUNT = gettext_noop("Sign in with the name and password you chose.")
SIGN_IN_CODE = gettext_noop("First time? Go to {address} and type your code: {code}")
SIGN_IN_ASK = gettext_noop("Ask your therapist for a code to get online.")

# The calendar.
CALENDAR_HEADING = gettext_noop("TICK A BOX EACH TIME YOU DO IT")
CALENDAR_HOW = gettext_noop(
    "One box is one time. Two boxes a day means do it twice that day. If it says 3 days a "
    "week, you pick the days: tick one box each day you do it. "
    "At the end of the week, write your worst pain for each one: 0 is none, 10 is the worst."
)
CALENDAR_GOAL = gettext_noop("Goal: {days} days a week")
CALENDAR_GOAL_ONE_DAY = gettext_noop("Goal: 1 day a week")


def say(sentence: str) -> str:
    """One of these sentences in the language being printed (unfilled)."""
    return gettext(sentence)


def calendar_goal(days: int) -> str:
    """A calendar row's goal, singular for one day as the dosage sentence says it."""
    return say(CALENDAR_GOAL_ONE_DAY) if days == 1 else say(CALENDAR_GOAL).format(days=days)


CALENDAR_PAIN = gettext_noop("Pain 0-10")
CALENDAR_WEEK = gettext_noop("Week {number}")
# Translators: the days a week of the calendar covers, e.g. "28 Nov to 4 Dec".
CALENDAR_DAYS = gettext_noop("{first} to {last}")
# Translators: the calendar's day columns, as short as they can be read.
WEEKDAYS = (
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
)
CALENDAR_MORE_WEEKS = gettext_noop(
    "This sheet has weeks 1 to {weeks}. Ask your therapist for a new sheet for the weeks after."
)

# The end of the sheet.
QUESTIONS = gettext_noop("Questions? Call {clinic} at {phone}.")
QUESTIONS_HOURS = gettext_noop("We answer the phone: {hours}.")
QUESTIONS_NO_PHONE = gettext_noop("Got a question? Ask {therapist} at {clinic}.")

# The footer on every page.
FOOTER_PLAN = gettext_noop("Plan v{version}")
FOOTER_CALL = gettext_noop("Call {phone}")
FOOTER_PAGE = gettext_noop("Printed {date} · Page {page} of ")
FOOTER_PAGE_ONLY = gettext_noop("Page {page} of ")

# The progress page (optional, ``progress=True``): each chart says in words what it shows.
PROGRESS_HEADING = gettext_noop("YOUR PROGRESS")
PROGRESS_INTRO = gettext_noop("This is what you logged online in the last {weeks} weeks.")
PROGRESS_NOTHING = gettext_noop(
    "There is nothing to show yet. Log what you do online, and this page will show it."
)
ADHERENCE_TITLE = gettext_noop("How much you did each week")
ADHERENCE_CAPTION = gettext_noop(
    "You did 8 in 10 or more of your plan in {good} of {weeks} weeks, "
    "and {last} of it in the week of {date}."
)
ADHERENCE_NOTHING = gettext_noop("You have not logged any exercise online yet.")
ADHERENCE_NO_PLAN = gettext_noop("There was no plan to follow in these weeks.")
PAIN_TITLE = gettext_noop("Your pain and effort each week, 0 to 10")
PAIN_AND_EFFORT = gettext_noop(
    "Your worst pain was {worst}, in the week of {date}, and {pain} in the week of {last}; "
    "your effort was about {effort}."
)
PAIN_ONLY = gettext_noop(
    "Your worst pain was {worst}, in the week of {date}, and {pain} in the week of {last}."
)
EFFORT_ONLY = gettext_noop("Your effort was about {effort} in the week of {last}.")
PAIN = gettext_noop("Worst pain")
EFFORT = gettext_noop("Your effort")
GIRTH_TITLE = gettext_noop("Your arms and legs, in cm")
GIRTH_CAPTION = gettext_noop("On {date}, left and right: {sites}.")
GIRTH_CAPTION_DAYS = gettext_noop("The last time, left and right: {sites}.")
GIRTH_SITE = gettext_noop("{site} {left} and {right} cm")
GIRTH_SITE_DAY = gettext_noop("{site} {left} and {right} cm on {date}")
LEFT = gettext_noop("Left")
RIGHT = gettext_noop("Right")
