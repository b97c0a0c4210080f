"""The power list: a county administrator publishes a new version (it becomes current)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from openvillage.core.audit import audit_log
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.permissions import DECISIONS, require_write
from openvillage.core.roles import Role
from openvillage.core.text import gettext_noop
from openvillage.decisions import store
from openvillage.decisions.audit_actions import POWER_LIST
from openvillage.decisions.models import PowerListVersion


def powerlist_publish(*, actor: Any, yaml_text: str) -> PowerListVersion:
    """A county administrator publishes a new version of the power list; it becomes current.

    Cases already opened keep the version they started under.
    """
    if not (actor.is_superuser or actor.role == Role.COUNTY_ADMIN):
        raise NotAllowed(gettext_noop("Only the county administrator publishes the power list."))
    require_write(actor, actor.unit.path if actor.unit else "", DECISIONS)
    power_list = store.parse_text(yaml_text)  # InvalidInput naming power, step and field
    version = PowerListVersion(
        region=power_list.region,
        version=power_list.version,
        yaml_text=yaml_text,
        sha256=store.sha256_text(yaml_text),
        loaded_by=actor,
        is_current=True,
    )
    with transaction.atomic():
        taken = PowerListVersion.objects.filter(region=version.region, version=version.version)
        if taken.exists():
            raise InvalidInput(
                gettext_noop(
                    "Power list version %(version)s is already published; number it anew."
                ),
                {"version": version.version},
                field="version",
            )
        PowerListVersion.objects.filter(region=version.region, is_current=True).update(
            is_current=False
        )
        version.save()
        audit_log(
            actor=actor,
            action=POWER_LIST["publish"],
            obj=version,
            unit_path=actor.unit.path if actor.unit else "",
            note=f"sha256 {version.sha256}",
        )
    return version
