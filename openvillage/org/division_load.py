"""Load a county's towns and villages from the statistical division lists, in one transaction.

Idempotent: a second load of the same lists changes nothing. Names that changed are renamed,
codes that changed are recoded (the old code stays as a :class:`~openvillage.org.models.UnitAlias`
and every scope path that held it follows), units no longer listed are reported and kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Replace

from openvillage.core import permissions
from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.text import gettext_noop
from openvillage.org import divisions
from openvillage.org.audit_actions import DIVISIONS
from openvillage.org.models import Level, Unit, UnitAlias
from openvillage.org.services import touch_public, unit_path


def _existing(county_code: str) -> dict[str, divisions.Existing]:
    units = Unit.objects.filter(path__startswith=f"/{county_code}/").select_related("parent")
    return {
        u.code: divisions.Existing(u.name, u.level, u.parent.code if u.parent else None)
        for u in units.only("code", "name", "level", "parent__code")
    }


def _path_fields() -> list[tuple[type[models.Model], str]]:
    """Every stored scope path: ``Unit.path`` and each app's ``*_path`` character field."""
    found: list[tuple[type[models.Model], str]] = [(Unit, "path")]
    for model in apps.get_models():
        if not model.__module__.startswith("openvillage."):
            continue
        for model_field in model._meta.concrete_fields:
            if model_field.name.endswith("_path") and isinstance(model_field, models.CharField):
                found.append((model, model_field.name))
    return found


def _recode(old: str, new: str) -> None:
    """Give a unit its new code, keep the old as an alias, move every path that held it."""
    unit = Unit.objects.get(code=old)
    Unit.objects.filter(pk=unit.pk).update(code=new)
    UnitAlias.objects.create(code=old, unit=unit)
    segment_old, segment_new = f"/{old}/", f"/{new}/"
    for model, name in _path_fields():
        model._default_manager.filter(**{f"{name}__contains": segment_old}).update(
            **{name: Replace(name, Value(segment_old), Value(segment_new))}
        )


def _add(added: list[divisions.Division]) -> None:
    """Create the new units level by level, parents before children, in bulk."""
    by_code = {u.code: u for u in Unit.objects.filter(code__in={d.parent_code for d in added})}
    for level in (Level.COUNTY, Level.TOWN, Level.VILLAGE):
        batch = []
        for d in (d for d in added if d.level == level):
            parent = by_code.get(d.parent_code) if d.parent_code else None
            batch.append(
                Unit(
                    code=d.code,
                    name=d.name,
                    level=d.level,
                    kind=d.kind,
                    parent=parent,
                    path=unit_path(d.code, parent),
                )
            )
        Unit.objects.bulk_create(batch, batch_size=500)
        by_code.update({u.code: u for u in Unit.objects.filter(code__in=[u.code for u in batch])})


def divisions_load(
    *, actor: Any, directory: Path, county: str, dry_run: bool = False
) -> divisions.Plan:
    """Bring the registry in line with the county's division lists and return what changed.

    ``actor`` is ``None`` from the command line (an administrator on the server); from the
    console, a county administrator of that county.
    """
    try:
        listed = divisions.read_lists(directory, county)
    except divisions.DivisionError as err:
        raise InvalidInput(
            gettext_noop("The division lists cannot be read: %(reason)s"),
            {"reason": str(err)},
            field="lists",
        ) from None
    county_code = listed[0].code
    with transaction.atomic():
        existing = _existing(county_code)
        if actor is not None:
            if not existing:
                raise NotAllowed(gettext_noop("Only an administrator can add a new county."))
            permissions.require_write(actor, f"/{county_code}/", permissions.ORG)
        result = divisions.plan(listed, existing)
        if dry_run or not result.changes:
            return result
        for old, new, _name in result.recoded:
            _recode(old, new)
        renamed_ids = []
        for code, _old_name, new_name in result.renamed:
            renamed_ids.extend(Unit.objects.filter(code=code).values_list("pk", flat=True))
            Unit.objects.filter(code=code).update(name=new_name)
        touch_public(renamed_ids)
        _add(result.added)
        audit_log(
            actor=actor or "openvillage divisions load",
            action=DIVISIONS["load"],
            object_type="org.unit",
            object_id=county_code,
            object_label=listed[0].name,
            unit_path=f"/{county_code}/",
            changes={
                "added": [0, len(result.added)],
                "renamed": [
                    [f"{c} {o}" for c, o, _ in result.renamed],
                    [n for *_, n in result.renamed],
                ],
                "recoded": [[o for o, _, _ in result.recoded], [n for _, n, _ in result.recoded]],
            },
            note=f"{len(result.missing)} no longer listed (kept)",
        )
    return result
