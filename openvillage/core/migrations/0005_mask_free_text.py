"""Issue 11 §1: free text stored before the mask (core.text.clean_text) is masked in place.

The same columns that the services now pass through ``clean_text``; ID, mobile and 16-19 digit
bank numbers are masked. Published versions were masked at publication, and the public record
(ledger) is never rewritten.
"""

from django.db import migrations

COLUMNS = {
    ("feedback", "Message"): ("text", "reopen_reason", "hidden_reason"),
    ("feedback", "Reply"): ("text",),
    ("feedback", "Assignment"): ("reason",),
    ("disclosure", "Item"): ("title", "body", "return_reason", "amendment_reason"),
    ("decisions", "Case"): ("description", "close_reason"),
    ("decisions", "StepRecord"): ("minutes", "place"),
    ("decisions", "CaseObjection"): ("text", "answer"),
    ("decisions", "StepFlag"): ("reason", "answer"),
    ("decisions", "Violation"): ("facts", "evidence_note"),
    ("decisions", "Accountability"): ("note",),
    ("elections", "HeartToHeartTalk"): ("summary", "concerns"),
    ("elections", "ViolationReport"): ("description", "evidence"),
    ("elections", "ObserverReport"): ("notes", "concerns"),
    ("elections", "RollObjection"): ("text", "reason"),
    ("accounts", "LoginFailure"): ("username",),
    ("accounts", "Villager"): ("revoke_reason",),
    ("org", "Household"): ("address",),
}


def mask_free_text(apps, schema_editor):
    from openvillage.core.masking import mask_text

    for (app, model_name), columns in COLUMNS.items():
        model = apps.get_model(app, model_name)
        for row in model.objects.only("pk", *columns).iterator():
            changed = [c for c in columns if mask_text(getattr(row, c) or "") != (getattr(row, c) or "")]
            for column in changed:
                setattr(row, column, mask_text(getattr(row, column)))
            if changed:
                row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_mask_audit_personal_numbers"),
        ("accounts", "0003_personal_data_sealed"),
        ("decisions", "0003_step_notice"),
        ("disclosure", "0003_seal_people_numbers"),
        ("elections", "0004_personal_data_sealed"),
        ("feedback", "0001_initial"),
        ("org", "0003_personal_data_sealed"),
    ]

    operations = [migrations.RunPython(mask_free_text, migrations.RunPython.noop)]
