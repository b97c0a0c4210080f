"""Store the shipped default power list (powerlists/default.yaml) as the current version."""

import hashlib

import yaml
from django.db import migrations


def load_default(apps, schema_editor):
    from openvillage.decisions.rules import DEFAULT_POWER_LIST

    PowerListVersion = apps.get_model("decisions", "PowerListVersion")
    if PowerListVersion.objects.filter(is_current=True).exists():
        return
    text = DEFAULT_POWER_LIST.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    PowerListVersion.objects.create(
        region=data["region"],
        version=str(data["version"]),
        yaml_text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        is_current=True,
    )


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
