"""Load the shipped default catalogue (disclosure.md §6) as the current version."""

import hashlib

from django.db import migrations


def load_default(apps, schema_editor):
    from openvillage.disclosure.catalogue_store import summary
    from openvillage.disclosure.rules.catalogue import DEFAULT_CATALOGUE_PATH, load_catalogue_text

    CatalogueVersion = apps.get_model("disclosure", "CatalogueVersion")
    if CatalogueVersion.objects.filter(is_current=True).exists():
        return
    text = DEFAULT_CATALOGUE_PATH.read_text(encoding="utf-8")
    catalogue = load_catalogue_text(text)
    CatalogueVersion.objects.create(
        region=catalogue.region,
        version=catalogue.version,
        effective_date=catalogue.effective_date,
        name=catalogue.name.zh,
        yaml_text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        data=summary(catalogue),
        is_current=True,
    )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]

    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
