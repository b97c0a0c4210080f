"""Issue 11 §4: audit rows written before keep no ID, phone or bank number in clear."""

from django.db import migrations


def _mask(value):
    from openvillage.core.masking import mask_text

    if isinstance(value, str):
        return mask_text(value, hex_safe=True)
    if isinstance(value, list):
        return [_mask(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    return value


def mask_audit_rows(apps, schema_editor):
    entry_model = apps.get_model("core", "AuditEntry")
    for entry in entry_model.objects.iterator():
        changes, note, label = _mask(entry.changes), _mask(entry.note), _mask(entry.object_label)
        if (changes, note, label) != (entry.changes, entry.note, entry.object_label):
            entry.changes, entry.note, entry.object_label = changes, note, label
            entry.save(update_fields=["changes", "note", "object_label"])


class Migration(migrations.Migration):
    dependencies = [("core", "0003_seed_calendar")]

    operations = [migrations.RunPython(mask_audit_rows, migrations.RunPython.noop)]
