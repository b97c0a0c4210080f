"""Lock a row, check an action against its transition table, move the state and audit it.

The platform's ``core.writes`` (``locked``, ``check``, ``transition``) is being built alongside;
these helpers keep its signatures so that the election services switch to it by changing one
import.

Lock order of the election's rows (coarsest first, so that two transactions never wait for each
other in a circle): ``GeneralElection`` < ``VillageElection`` < ``RoundResult`` < ``TallySheet``,
then the other rows of one village's election. A service that writes a round therefore locks its
election first, even to count it. :func:`locked` locks the row alone (``FOR UPDATE OF`` its own
table): rows read with ``select_related`` are not locked, so a write on one village's election
does not queue behind the county's general election row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models

from openvillage.core.audit import audit_log
from openvillage.core.errors import WrongState
from openvillage.elections.rules.states import TransitionTable

M = TypeVar("M", bound=models.Model)


def locked(target: M | models.QuerySet[M], *related: str) -> Any:
    """Re-read a row under a lock on that row alone; given a queryset, return it locked.

    ``related`` names foreign keys read in the same query; their rows are not locked. Call
    inside ``transaction.atomic()`` and in the lock order above.
    """
    if isinstance(target, models.Model):
        query = type(target)._default_manager.select_for_update(of=("self",))
        if related:
            query = query.select_related(*related)
        return query.get(pk=target.pk)
    query = target.select_for_update(of=("self",))
    return query.select_related(*related) if related else query


def state_label(obj: models.Model, field: str = "state") -> str:
    """The label of the row's current state in the active language (never the raw code)."""
    value = getattr(obj, field)
    choices = dict(obj._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def check(
    obj: models.Model,
    action: str,
    *,
    table: TransitionTable,
    field: str = "state",
    params: Mapping[str, Any] | None = None,
) -> str:
    """Return the state ``action`` leads to, or raise WrongState naming the current state."""
    target = table.target(getattr(obj, field), action)
    if target is None:
        raise WrongState(
            table.refusal(action),
            {**(params or {}), "state": state_label(obj, field)},
            code="wrong_state",
        )
    return target


def transition(
    obj: M,
    action: str,
    *,
    actor: Any,
    table: TransitionTable,
    field: str = "state",
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    params: Mapping[str, Any] | None = None,
    unit_path: str | None = None,
    audit: Mapping[str, Any] | None = None,
) -> M:
    """Check ``action`` against ``table``, set the new state and ``changes``, save, audit once.

    ``changes`` are other fields set with the move; they are saved with the state through
    ``update_fields`` and audited as ``[before, after]``. ``audit`` adds entries to the audit
    row's changes without saving them. Lock ``obj`` first (:func:`locked`).
    """
    target = check(obj, action, table=table, field=field, params=params)
    values = {field: target, **(changes or {})}
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(values))
    diff = {name: [before[name], values[name]] for name in values if before[name] != values[name]}
    diff.update(audit or {})
    audit_log(
        actor=actor,
        action=table.audit_action(action),
        obj=obj,
        unit_path=unit_path or "",
        changes=diff,
        note=note,
    )
    return obj
