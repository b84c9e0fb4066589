"""Rewrite the seeded safety notes at a 6th-grade reading level.

The four article notes read at grade 8.7 to 12.2, the hardest text on the handout. They still
restate the MedlinePlus article in our own words and keep its citation. The pool note no longer
says "stay out of the pool if you have an open wound": a patient whose therapist allowed the pool
for a covered wound was told the opposite on the same sheet. It now asks about anything new since
the plan was made.

Two notes are new: the reasons to stop, and the signs of a clot. A note is rewritten only while
it still has the text 0003 seeded, so a clinic's own wording is never overwritten; a missing note
is created. The old texts are kept here, not imported, so this
migration stays as it is whatever later happens to 0003.
"""

from django.db import migrations

ARTICLE = (
    "MedlinePlus Medical Encyclopedia: Muscle atrophy, "
    "https://medlineplus.gov/ency/article/003188.htm, reviewed 11/22/2017"
)

# slug: (position, scope, source, citation, text seeded by 0003, plain text)
NOTES = {
    # New notes (no seeded text): the reasons to stop that the stop box heading promises, first
    # in the box, and the signs of a clot after bed rest, surgery or a cast (CLINICAL.md).
    "stop-signs": (
        0,
        "all",
        "clinic",
        "Clinic guidance on when to stop exercising",
        None,
        "Stop and call us if you feel dizzy or faint. Call too if you get a new or sharp pain, "
        "or if you feel weaker the next day.",
    ),
    "clot-signs": (
        1,
        "all",
        "clinic",
        "MedlinePlus Medical Encyclopedia: Deep venous thrombosis, "
        "https://medlineplus.gov/ency/article/000156.htm",
        None,
        "A calf or leg that is newly swollen, warm, red or sore needs care the same day. This "
        "matters most after bed rest, surgery or a cast.",
    ),
    "see-a-provider": (
        1,
        "all",
        "article",
        ARTICLE,
        "Make an appointment with your provider if you lose muscle and do not know why, if the "
        "loss goes on for a long time, or if it is getting worse.",
        "Call your doctor for a visit if you are losing muscle and do not know why. Call too if "
        "the loss goes on for a long time or gets worse.",
    ),
    "compare-both-sides": (
        2,
        "all",
        "article",
        ARTICLE,
        "Muscle loss is often easiest to notice by comparing sides: look at one hand, arm or leg "
        "next to the other one and tell your provider if one is thinner or weaker.",
        "You can often spot muscle loss by comparing sides. Look at one hand, arm or leg next to "
        "the other. Tell your doctor if one side looks thinner or feels weaker.",
    ),
    "not-for-emergencies": (
        3,
        "all",
        "article",
        ARTICLE,
        "This sheet cannot tell you what is wrong and is not for emergencies. If you have sudden "
        "weakness, chest pain or trouble breathing, call your local emergency number (911 in the "
        "US) right away.",
        # No number here: the stop box prints the clinic profile's emergency number, which is
        # not 911 everywhere, and the sheet must not give two.
        "This sheet cannot tell you what is wrong. It is not for emergencies. If you get sudden "
        "weakness, chest pain or trouble breathing, call your emergency number right away.",
    ),
    "ask-about-your-program": (
        4,
        "all",
        "article",
        ARTICLE,
        "Your provider or therapist can explain more about this exercise program and change it "
        "if something does not feel right.",
        "Ask your doctor or therapist about this plan. They can explain it and change it if "
        "something does not feel right.",
    ),
    "pool-safety": (
        5,
        "pool",
        "clinic",
        "Clinic guidance on pool exercise (NSPF aquatic safety precautions, 2016)",
        "Stay out of the pool if you have an open wound, a fever or an infection. Use the rail "
        "or steps, and climb out slowly: your body feels heavier and you may be dizzy when you "
        "leave the water.",
        # True for everyone given a pool exercise, including a patient whose therapist allowed
        # the pool for a covered wound: what matters is anything new since the plan was made.
        "Skip the pool and call the clinic first if you get a new wound, a fever or an "
        "infection after you got this plan. Use the rail or steps. Climb out slowly: your body "
        "feels heavy and you may be dizzy when you leave the water.",
    ),
    "brace-skin-check": (
        6,
        "brace_splint",
        "clinic",
        "Clinic guidance on brace and splint care",
        "Each time you take off your brace or splint, look at the skin under it. Stop wearing it "
        "and call the clinic if a red mark has not faded after 30 minutes, or if you see a "
        "blister, swelling, a change in colour, or the skin feels numb.",
        "Look at the skin under your brace or splint each time you take it off. Stop wearing it "
        "and call the clinic if a red mark is still there after 30 minutes. Do the same if you "
        "see a blister, swelling or a change in skin colour, or if the skin feels numb.",
    ),
    "neurogenic-overwork": (
        7,
        "neurogenic",
        "clinic",
        "Clinic guidance on overwork weakness in nerve and muscle disease (Krivickas 2003)",
        "Weak muscles from nerve problems tire quickly, and pushing them too hard can leave you "
        "weaker for a long time. Rest at least 2 days before working the same muscles against a "
        "weight or band again. Stop if the muscle feels heavy, burns or you feel unusually "
        "tired. If the arm or leg feels heavier or weaker the next day, do not do more and tell "
        "your therapist.",
        "Muscles made weak by nerve problems tire fast. Pushing them too hard can leave you "
        "weaker for a long time. Rest at least 2 days (48 hours) before you work the same "
        "muscles with a weight or band again. Stop if the muscle feels heavy or burns, or if you "
        "feel much more tired than usual. If the arm or leg feels heavier or weaker the next "
        "day, do not do more. Tell your therapist.",
    ),
    "spinal-cord-safety": (
        8,
        "spinal_cord",
        "clinic",
        "Clinic guidance for exercise after spinal cord injury (SCI exercise guidelines, UBC)",
        "Empty your bladder before you start. If you get a pounding headache, a flushed face or "
        "sweating above your injury, stop, sit up straight and get help at once. Check skin you "
        "cannot feel for red marks after you exercise.",
        # Autonomic dysreflexia: what to do while help comes (a full bladder or a tight strap
        # often sets it off). Pressure relief: a short push-up is not enough; leaning is.
        "Empty your bladder before you start. Stop and sit up if you get a pounding headache, a "
        "red face or sweating above your injury. Loosen anything tight, check your bladder, and "
        "get help at once if it does not pass quickly. After you exercise, check skin you cannot "
        "feel for red marks. If you sit most of the day, lean forward or to each side for 1 to 2 "
        "minutes every 20 to 30 minutes to take the weight off your skin.",
    ),
}


def _rewrite(apps, *, old: int, new: int, create: bool) -> None:
    SafetyNote = apps.get_model("planner", "SafetyNote")
    for slug, row in NOTES.items():
        position, scope, source, citation = row[:4]
        note = SafetyNote.objects.filter(slug=slug, language="en").first()
        if note is None:
            if create:
                SafetyNote.objects.create(
                    slug=slug,
                    language="en",
                    scope=scope,
                    source=source,
                    citation=citation,
                    text=row[new],
                    position=position,
                )
        elif row[new] is None:
            # Going back past a note this migration added: it goes, unless a clinic edited it.
            if note.text == row[old]:
                note.delete()
        elif note.text == row[old]:
            note.text = row[new]
            note.save(update_fields=["text"])


def plain_language(apps, schema_editor):
    _rewrite(apps, old=4, new=5, create=True)


def seeded_wording(apps, schema_editor):
    _rewrite(apps, old=5, new=4, create=False)


class Migration(migrations.Migration):
    dependencies = [("planner", "0007_frozen_text_clinic_override")]

    operations = [migrations.RunPython(plain_language, seeded_wording)]
