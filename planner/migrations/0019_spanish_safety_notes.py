"""Issue 18: the safety notes in Spanish, for handouts and portal pages in Spanish.

The same advice as each English note (its slug, scope, source and place), written in plain Spanish
for this project, not translated from the article: the notes drawn from the MedlinePlus article
cite its Spanish edition (https://medlineplus.gov/spanish/ency/article/003188.htm), and
``tests/planner/test_safety_notes_spanish.py`` checks they share no run of 8 words with it
(``exercises/data/article-es-8word-runs.txt``). A note a clinic already wrote in Spanish (the
same slug) is left as it is.
"""

from django.db import migrations

NOTES = [
    {
        "slug": "stop-signs",
        "scope": "all",
        "source": "clinic",
        "position": 0,
        "citation": ("Indicaciones de la clínica sobre cuándo dejar de hacer ejercicio"),
        "text": (
            "Pare y llámenos si siente mareo o que se va a desmayar. Llame también si tiene un "
            "dolor nuevo o agudo, o si al día siguiente se siente más débil."
        ),
    },
    {
        "slug": "clot-signs",
        "scope": "all",
        "source": "clinic",
        "position": 1,
        "citation": (
            "MedlinePlus enciclopedia médica: Trombosis venosa profunda, "
            "https://medlineplus.gov/spanish/ency/article/000156.htm"
        ),
        "text": (
            "Si la pantorrilla o la pierna se le pone hinchada, caliente, roja o con dolor, y "
            "antes no estaba así, busque atención ese mismo día. Esto importa más si hace poco "
            "estuvo en cama, tuvo una operación o llevó un yeso."
        ),
    },
    {
        "slug": "see-a-provider",
        "scope": "all",
        "source": "article",
        "position": 1,
        "citation": (
            "MedlinePlus enciclopedia médica: Atrofia muscular, "
            "https://medlineplus.gov/spanish/ency/article/003188.htm, revisado el 22/11/2017"
        ),
        "text": (
            "Pida una cita con su médico si está perdiendo músculo y no sabe por qué. Pídala "
            "también si esto dura mucho tiempo o va a peor."
        ),
    },
    {
        "slug": "compare-both-sides",
        "scope": "all",
        "source": "article",
        "position": 2,
        "citation": (
            "MedlinePlus enciclopedia médica: Atrofia muscular, "
            "https://medlineplus.gov/spanish/ency/article/003188.htm, revisado el 22/11/2017"
        ),
        "text": (
            "Muchas veces se nota que se pierde músculo al mirar los dos lados del cuerpo. Ponga "
            "una mano junto a la otra, y haga lo mismo con los brazos y las piernas. Dígale a su "
            "médico si un lado se ve más fino o tiene menos fuerza."
        ),
    },
    {
        "slug": "not-for-emergencies",
        "scope": "all",
        "source": "article",
        "position": 3,
        "citation": (
            "MedlinePlus enciclopedia médica: Atrofia muscular, "
            "https://medlineplus.gov/spanish/ency/article/003188.htm, revisado el 22/11/2017"
        ),
        "text": (
            "Esta hoja no puede decirle qué le pasa. No sirve para emergencias. Si de pronto "
            "siente debilidad, dolor en el pecho o le cuesta respirar, llame enseguida a su "
            "número de emergencias."
        ),
    },
    {
        "slug": "ask-about-your-program",
        "scope": "all",
        "source": "article",
        "position": 4,
        "citation": (
            "MedlinePlus enciclopedia médica: Atrofia muscular, "
            "https://medlineplus.gov/spanish/ency/article/003188.htm, revisado el 22/11/2017"
        ),
        "text": (
            "Hable con su médico o su terapeuta sobre este plan. Se lo pueden explicar, y "
            "cambiarlo si algo no le parece bien."
        ),
    },
    {
        "slug": "pool-safety",
        "scope": "pool",
        "source": "clinic",
        "position": 5,
        "citation": (
            "Indicaciones de la clínica sobre el ejercicio en la piscina (precauciones de "
            "seguridad acuática de la NSPF, 2016)"
        ),
        "text": (
            "Si después de recibir este plan le sale una herida nueva, o tiene fiebre o una "
            "infección, no entre a la piscina y llame antes a la clínica. Use la baranda o los "
            "escalones. Salga despacio: al dejar el agua, el cuerpo se siente pesado y se puede "
            "marear."
        ),
    },
    {
        "slug": "brace-skin-check",
        "scope": "brace_splint",
        "source": "clinic",
        "position": 6,
        "citation": (
            "Indicaciones de la clínica sobre el cuidado de aparatos ortopédicos y férulas"
        ),
        "text": (
            "Cada vez que se quite el aparato o la férula, mire la piel que estaba debajo. Deje "
            "de usarlo y llame a la clínica si una marca roja sigue ahí después de 30 minutos. "
            "Haga lo mismo si ve una ampolla, hinchazón o un cambio de color en la piel, o si la "
            "siente dormida."
        ),
    },
    {
        "slug": "neurogenic-overwork",
        "scope": "neurogenic",
        "source": "clinic",
        "position": 7,
        "citation": (
            "Indicaciones de la clínica sobre la debilidad por exceso de esfuerzo en las "
            "enfermedades de los nervios y los músculos (Krivickas 2003)"
        ),
        "text": (
            "Los músculos débiles por una enfermedad de los nervios o de los músculos se cansan "
            "rápido. Si los fuerza de más, puede quedar más débil por mucho tiempo. Deje al menos"
            " 48 horas, un día entero de descanso, antes de volver a trabajar fuerte los mismos "
            "músculos. Por ejemplo, trabájelos el lunes, el miércoles y el viernes. Pare si el "
            "músculo se siente pesado o le arde, o si siente mucho más cansancio de lo normal. Si"
            " al día siguiente nota el brazo o la pierna más pesados o más débiles, no haga más. "
            "Avise a su terapeuta."
        ),
    },
    {
        "slug": "spinal-cord-safety",
        "scope": "spinal_cord",
        "source": "clinic",
        "position": 8,
        "citation": (
            "Indicaciones de la clínica para el ejercicio después de una lesión de la médula "
            "espinal (SCI exercise guidelines, UBC)"
        ),
        "text": (
            "Vacíe la vejiga antes de empezar. Pare y siéntese recto si le da un dolor de cabeza "
            "fuerte que late, la cara roja o sudor por encima de la lesión. Afloje todo lo que "
            "apriete, revise la vejiga y pida ayuda enseguida si no se le pasa pronto. Después "
            "del ejercicio, mire si hay marcas rojas en la piel que no puede sentir. Si pasa casi"
            " todo el día en la silla, inclínese hacia delante o hacia cada lado de 1 a 2 minutos"
            " cada 20 a 30 minutos. Así quita el peso de la piel."
        ),
    },
]


def add_spanish_notes(apps, schema_editor):
    SafetyNote = apps.get_model("planner", "SafetyNote")
    for note in NOTES:
        values = {key: value for key, value in note.items() if key != "slug"}
        SafetyNote.objects.get_or_create(slug=note["slug"], language="es", defaults=values)


def remove_spanish_notes(apps, schema_editor):
    SafetyNote = apps.get_model("planner", "SafetyNote")
    for note in NOTES:
        SafetyNote.objects.filter(slug=note["slug"], language="es", text=note["text"]).delete()


class Migration(migrations.Migration):
    dependencies = [("planner", "0018_plan_rows_keep_translations")]

    operations = [migrations.RunPython(add_spanish_notes, remove_spanish_notes)]
