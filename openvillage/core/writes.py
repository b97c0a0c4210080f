"""The one write path: lock a row, move its state through its table, audit it, publish it.

A service that changes a stateful row does, inside one ``transaction.atomic()``::

    item = locked(item)                               # row lock on the item alone
    transition(item, "submit", actor=actor, table=ITEM)  # check, save(update_fields), audit
    publish(kind=..., obj=item, ...)                  # ledger append + on-publish handlers

Lock order
----------
Every service takes its row locks in this one order, so that two transactions
never wait for each other in a circle (a deadlock, which PostgreSQL breaks by failing one):

1. ``accounts.User``, then ``accounts.OneTimeCode`` (a sign-in checks its code, then creates
   or reads the account), then ``accounts.Villager``;
2. ``elections.GeneralElection`` < ``elections.VillageElection`` < ``elections.RoundResult`` <
   ``elections.TallySheet``, then the other rows of one village's election (roll entries,
   candidates, proxies, stations, reports, declarations);
3. ``disclosure.CatalogueVersion`` < ``disclosure.Item``;
4. ``decisions.PowerListVersion`` < ``decisions.Case`` < ``decisions.CaseObjection`` <
   ``decisions.StepFlag`` (after the item: publishing a case's resolution records the case's
   step in the same transaction, so a case that publishes its item locks the item first);
   ``decisions.Violation`` before its measures;
5. ``feedback.Message``, then its ``Assignment`` and ``Reply`` rows;
6. the registry: ``org.Person``, ``org.Term``, and the village's ``org.Unit`` row, which stands
   for the village's posts while a term starts (after the election's rows: publishing a result
   seats the elected through the registry's services);
7. ``ledger.LogState`` last of all: :func:`publish` appends to the public record, which locks
   the log's one state row until commit.

Two rows of one model are locked in ascending primary key. :func:`locked` locks the row alone
(``FOR UPDATE OF`` the model's own table): ``select_related`` rows are read, not locked, so a
write on one disclosure item does not queue every other write of the village behind the
village's unit row. SQLite has no row locks; there the whole database is locked by the first
write, and :func:`locked` is a plain read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

from django.db import models, transaction

from openvillage.core import extensions
from openvillage.core.audit import audit_log
from openvillage.core.errors import WrongState
from openvillage.core.transitions import TransitionTable

__all__ = [
    "TransitionTable",
    "check",
    "locked",
    "publish",
    "register_publisher",
    "state_label",
    "transition",
    "transition_all",
]

log = logging.getLogger(__name__)
M = TypeVar("M", bound=models.Model)


# --- locks -----------------------------------------------------------------------------------


def locked(target: M | models.QuerySet[M], *related: str) -> Any:
    """Re-read a row under a lock on that row alone; given a queryset, return it locked.

    ``related`` names foreign keys to read in the same query; their rows are not locked.
    Call inside ``transaction.atomic()`` and in the module's lock order.
    """
    if isinstance(target, models.Model):
        query = type(target)._default_manager.select_for_update(of=("self",))
        if related:
            query = query.select_related(*related)
        return query.get(pk=target.pk)
    query = target.select_for_update(of=("self",))
    return query.select_related(*related) if related else query


# --- transitions -----------------------------------------------------------------------------


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
    code: str = "wrong_state",
) -> str:
    """Return the state ``action`` leads to, or raise WrongState naming the current state.

    ``params`` fill the other placeholders of the table's refusal (``%(title)s``); ``code`` is
    the error's code for the API.
    """
    target = table.target(getattr(obj, field), action)
    if target is None:
        raise WrongState(
            table.refusal(action),
            {**(params or {}), "state": state_label(obj, field)},
            code=code,
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
    audited: Collection[str] | None = None,
) -> M:
    """Check ``action`` against ``table``, set the new state and ``changes``, save, audit once.

    ``changes`` are other fields set with the move (``{"return_reason": reason}``); they are
    saved with the state through ``update_fields`` and audited as ``[before, after]``. ``audit``
    adds entries to the audit row's changes without saving them (``{"version": [1, 2]}``).
    ``audited`` limits which of ``changes`` the audit row shows (the state always): leave out
    personal data and long text, which the audit log must not copy.
    Lock ``obj`` first (:func:`locked`); the audit code is ``table.audit_action(action)``.
    """
    target = check(obj, action, table=table, field=field, params=params)
    values = {field: target, **(changes or {})}
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    fields = list(values)
    stamped = any(f.name == "updated_at" for f in obj._meta.concrete_fields)
    if stamped and "updated_at" not in values:
        fields.append("updated_at")  # auto_now fields are saved only when named
    obj.save(update_fields=fields)
    shown = [field, *(values if audited is None else audited)]
    diff = {name: [before[name], values[name]] for name in shown if before[name] != values[name]}
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


def transition_all(
    queryset: models.QuerySet[M],
    action: str,
    *,
    actor: Any,
    table: TransitionTable,
    field: str = "state",
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> int:
    """Move every row of ``queryset`` whose state allows ``action``; return how many moved.

    For jobs that move many rows at once (closing answered messages): the rows are locked in
    primary-key order, each source state is moved by one conditional UPDATE, and each moved row
    gets its audit row, so a bulk move is checked and audited like a single one.
    """
    moved = 0
    with transaction.atomic():
        for source in sorted(table.sources(action)):
            target = table.moves[(source, action)]
            rows = list(locked(queryset.filter(**{field: source}).order_by("pk")))
            if not rows:
                continue
            values = {field: target, **(changes or {})}
            type(rows[0])._default_manager.filter(
                pk__in=[row.pk for row in rows], **{field: source}
            ).update(**values)
            for row in rows:
                audit_log(
                    actor=actor,
                    action=table.audit_action(action),
                    obj=row,
                    changes={field: [source, target]},
                    note=note,
                )
            moved += len(rows)
    return moved


# --- publication -----------------------------------------------------------------------------


Publisher = Callable[..., Any]
_publisher: list[Publisher] = []


def register_publisher(append: Publisher) -> None:
    """Set the function that appends to the public record (the ledger app registers its own).

    ``core`` comes below every app in the layers, so it cannot import the ledger; the ledger
    hands its ``ledger_append`` here when it starts (``LedgerConfig.ready``).
    """
    _publisher[:] = [append]


def publish(
    *,
    kind: str,
    obj: models.Model,
    version: int,
    content: bytes | str | dict,
    attachments: Sequence[tuple[str, bytes]] = (),
    unit_path: str = "",
    unit_code: str = "",
    object_type: str = "",
    announce: Mapping[str, Any] | None = None,
) -> int | None:
    """Append what became public to the public record; return the ledger entry's id.

    Call inside the caller's transaction, after the row is saved (None and a warning when no
    ledger is installed). ``announce`` (``item``, ``version``, ``actor`` of a published
    disclosure item) is handed to the on-publish handlers of :mod:`openvillage.core.extensions`
    right after the ledger entry, in the same transaction: the app that created the item (a
    case's resolution) advances with the publication or not at all. Its rows therefore come
    after the item in the lock order.
    """
    object_type = object_type or obj._meta.label_lower
    entry_id = None
    if _publisher:
        entry = _publisher[0](
            kind=kind,
            object_type=object_type,
            object_id=str(obj.pk),
            version=version,
            content=content,
            attachments=attachments,
            unit_path=unit_path,
            unit_code=unit_code,
        )
        entry_id = getattr(entry, "pk", None)
    else:
        log.warning("no ledger installed: %s of %s %s not appended", kind, object_type, obj.pk)
    if announce is not None:
        extensions.published(**announce)
    return entry_id
