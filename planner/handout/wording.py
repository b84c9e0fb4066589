"""Every fixed sentence the handout prints, in one place, so they can be read (and graded) together.

A patient reads these at a kitchen table, so each is short and plain: a test keeps every
UPPER_CASE string here at Flesch-Kincaid grade 6 or below. ``{name}`` placeholders are filled in
by ``layout`` with the clinic's or the patient's details (escaped there, never here).
"""

# The header.
PROGRAM_TITLE = "YOUR HOME EXERCISE PLAN"
# A no-break space keeps "Phone 555-0100" on one line when the header wraps.
CLINIC_LINE = "{clinic} · Phone\u00a0{phone}"
PLAN_LINE = "Plan “{program}” · v{version}"
DATES = "Start on {start}. Your therapist is {therapist}."
DATES_REVIEW = "Start on {start}. Check-up on {review}. Your therapist is {therapist}."

# The stop box. With no phone number on file the heading names the clinic and no blank number.
STOP_HEADING = "STOP AND CALL {clinic} AT {phone}"
STOP_HEADING_NO_PHONE = "STOP AND CALL YOUR CLINIC ({clinic})"
CLINIC_HOURS = "We answer the phone: {hours}"
EMERGENCY = "If it is an emergency, call {emergency} now."
SOURCE = "Source: {source}"

# The plan at a glance.
PLAN_HEADING = "YOUR PLAN AT A GLANCE"
PLAN_NUMBER = "#"
PLAN_NAME = "What to do"
PLAN_DOSAGE = "How much and how often"

# Conditions: explained once, the cards point back here.
HEALTH_HEADING = "YOUR HEALTH AND THESE EXERCISES"
HEALTH_FOR_ONE = "For number {numbers} on your plan"
HEALTH_FOR_MANY = "For numbers {numbers} on your plan"
AND = " and "
SEE_PAGE = "{conditions}: read more on page {page}."
SEE_HEALTH = "{conditions}: read more near the start of this sheet."

# The labels on a card. A label is a few short words, never one long one.
HOW_MUCH = "HOW MUCH"
HOW_HARD = "HOW HARD"
HOW_HEAVY = "HOW HEAVY"
YOU_NEED = "YOU NEED"
BRACE_OR_SPLINT = "WHAT YOU WEAR"
SKIN_CHECK = "SKIN CHECK"
TAKE_CARE = "TAKE CARE"
FROM_THERAPIST = "FROM YOUR THERAPIST"
MOVING_ON = "MOVING ON"
THERAPIST_SAYS = "YOUR THERAPIST SAYS"
# A plan given despite a hard stop before therapists were asked for words for the patient: the
# card must neither print the stop nor say nothing.
OVERRIDE_UNEXPLAINED = "Your therapist chose this for you. Ask them what to watch for."
WEAR_IT = "Wear it while you do this."
TAKE_IT_OFF = "Take it off to do this."
# A card or a week that goes on over the page repeats its title with this.
CONTINUED = "{title} (continued from the last page)"

# Getting online.
ONLINE_HEADING = "SEE YOUR PLAN ONLINE"
ONLINE_ADDRESS = "Point your phone camera at the square. Or type this: {address}"
SIGN_IN_ACCOUNT = "Sign in with the name and password you chose."
SIGN_IN_CODE = "First time? Go to {address} and type your code: {code}"
SIGN_IN_ASK = "Ask your therapist for a code to get online."

# The calendar.
CALENDAR_HEADING = "TICK A BOX EACH TIME YOU DO IT"
CALENDAR_HOW = (
    "One box is one time. Two boxes a day means do it twice that day. If it says 3 days a "
    "week, you pick the days: tick one box each day you do it. "
    "At the end of the week, write your worst pain for each one: 0 is none, 10 is the worst."
)
CALENDAR_GOAL = "Goal: {days} days a week"
CALENDAR_GOAL_ONE_DAY = "Goal: 1 day a week"


def calendar_goal(days: int) -> str:
    """A calendar row's goal, singular for one day as the dosage sentence says it."""
    return CALENDAR_GOAL_ONE_DAY if days == 1 else CALENDAR_GOAL.format(days=days)


CALENDAR_PAIN = "Pain 0-10"
CALENDAR_WEEK = "Week {number}"
CALENDAR_MORE_WEEKS = (
    "This sheet has weeks 1 to {weeks}. Ask your therapist for a new sheet for the weeks after."
)

# The end of the sheet.
QUESTIONS = "Questions? Call {clinic} at {phone}."
QUESTIONS_HOURS = "We answer the phone: {hours}."
QUESTIONS_NO_PHONE = "Got a question? Ask {therapist} at {clinic}."

# The footer on every page.
FOOTER_PLAN = "Plan v{version}"
FOOTER_CALL = "Call {phone}"
FOOTER_PAGE = "Printed {date} · Page {page} of "
FOOTER_PAGE_ONLY = "Page {page} of "

# The progress page (optional, ``progress=True``): each chart says in words what it shows.
PROGRESS_HEADING = "YOUR PROGRESS"
PROGRESS_INTRO = "This is what you logged online in the last {weeks} weeks."
PROGRESS_NOTHING = (
    "There is nothing to show yet. Log what you do online, and this page will show it."
)
ADHERENCE_TITLE = "How much you did each week"
ADHERENCE_CAPTION = (
    "You did 8 in 10 or more of your plan in {good} of {weeks} weeks, "
    "and {last} of it in the week of {date}."
)
ADHERENCE_NOTHING = "You have not logged any exercise online yet."
ADHERENCE_NO_PLAN = "There was no plan to follow in these weeks."
PAIN_TITLE = "Your pain and effort each week, 0 to 10"
PAIN_AND_EFFORT = (
    "Your worst pain was {worst}, in the week of {date}, and {pain} in the week of {last}; "
    "your effort was about {effort}."
)
PAIN_ONLY = "Your worst pain was {worst}, in the week of {date}, and {pain} in the week of {last}."
EFFORT_ONLY = "Your effort was about {effort} in the week of {last}."
PAIN = "Worst pain"
EFFORT = "Your effort"
GIRTH_TITLE = "Your arms and legs, in cm"
GIRTH_CAPTION = "On {date}, left and right: {sites}."
GIRTH_CAPTION_DAYS = "The last time, left and right: {sites}."
GIRTH_SITE = "{site} {left} and {right} cm"
GIRTH_SITE_DAY = "{site} {left} and {right} cm on {date}"
LEFT = "Left"
RIGHT = "Right"
