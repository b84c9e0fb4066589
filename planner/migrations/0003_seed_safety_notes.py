"""Seed the handout's safety notes.

The first four restate, in the project's own words, what the MedlinePlus article on muscle atrophy
tells patients; the others are clinic guidance drawn from the sources in shared/CLINICAL.md. Later
edits happen in the admin; this migration only creates notes that are missing.
"""

from django.db import migrations

ARTICLE = (
    "MedlinePlus Medical Encyclopedia: Muscle atrophy, "
    "https://medlineplus.gov/ency/article/003188.htm, reviewed 11/22/2017"
)

NOTES = [
    # slug, scope, source, citation, text
    (
        "see-a-provider",
        "all",
        "article",
        ARTICLE,
        "Make an appointment with your provider if you lose muscle and do not know why, if the "
        "loss goes on for a long time, or if it is getting worse.",
    ),
    (
        "compare-both-sides",
        "all",
        "article",
        ARTICLE,
        "Muscle loss is often easiest to notice by comparing sides: look at one hand, arm or leg "
        "next to the other one and tell your provider if one is thinner or weaker.",
    ),
    (
        "not-for-emergencies",
        "all",
        "article",
        ARTICLE,
        "This sheet cannot tell you what is wrong and is not for emergencies. If you have sudden "
        "weakness, chest pain or trouble breathing, call your local emergency number (911 in the "
        "US) right away.",
    ),
    (
        "ask-about-your-program",
        "all",
        "article",
        ARTICLE,
        "Your provider or therapist can explain more about this exercise program and change it "
        "if something does not feel right.",
    ),
    (
        "pool-safety",
        "pool",
        "clinic",
        "Clinic guidance on pool exercise (NSPF aquatic safety precautions, 2016)",
        "Stay out of the pool if you have an open wound, a fever or an infection. Use the rail "
        "or steps, and climb out slowly: your body feels heavier and you may be dizzy when you "
        "leave the water.",
    ),
    (
        "brace-skin-check",
        "brace_splint",
        "clinic",
        "Clinic guidance on brace and splint care",
        "Each time you take off your brace or splint, look at the skin under it. Stop wearing it "
        "and call the clinic if a red mark has not faded after 30 minutes, or if you see a "
        "blister, swelling, a change in colour, or the skin feels numb.",
    ),
    (
        "neurogenic-overwork",
        "neurogenic",
        "clinic",
        "Clinic guidance on overwork weakness in nerve and muscle disease (Krivickas 2003)",
        "Weak muscles from nerve problems tire quickly, and pushing them too hard can leave you "
        "weaker for a long time. Rest at least 2 days before working the same muscles against a "
        "weight or band again. Stop if the muscle feels heavy, burns or you feel unusually "
        "tired. If the arm or leg feels heavier or weaker the next day, do not do more and tell "
        "your therapist.",
    ),
    (
        "spinal-cord-safety",
        "spinal_cord",
        "clinic",
        "Clinic guidance for exercise after spinal cord injury (SCI exercise guidelines, UBC)",
        "Empty your bladder before you start. If you get a pounding headache, a flushed face or "
        "sweating above your injury, stop, sit up straight and get help at once. Check skin you "
        "cannot feel for red marks after you exercise.",
    ),
]


def seed(apps, schema_editor):
    SafetyNote = apps.get_model("planner", "SafetyNote")
    for position, (slug, scope, source, citation, text) in enumerate(NOTES, start=1):
        SafetyNote.objects.get_or_create(
            slug=slug,
            language="en",
            defaults={
                "scope": scope,
                "source": source,
                "citation": citation,
                "text": text,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("planner", "0002_program_source_and_messages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
