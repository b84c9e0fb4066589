from django.db import migrations

CODES = ["physiologic", "pathologic", "neurogenic"]


def create_types(apps, schema_editor):
    AtrophyType = apps.get_model("exercises", "AtrophyType")
    for code in CODES:
        AtrophyType.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(create_types, migrations.RunPython.noop)]
