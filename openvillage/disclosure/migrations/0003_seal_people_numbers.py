"""Issue 11 §4: the phones and bank accounts of people lists already stored are sealed."""

from django.db import migrations


def seal_people(apps, schema_editor):
    from openvillage.disclosure.services import _clean_people

    item_model = apps.get_model("disclosure", "Item")
    for item in item_model.objects.exclude(people=[]).iterator():
        rows = [row for row in item.people if isinstance(row, dict)]
        if all(f"{k}_sealed" in row for row in rows for k in ("phone", "bank_account")):
            continue
        item.people = _clean_people(rows)
        item.save(update_fields=["people"])


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_default_catalogue")]

    operations = [migrations.RunPython(seal_people, migrations.RunPython.noop)]
