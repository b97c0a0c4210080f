"""Misconduct and accountability (decisions.md §7, A1): violations with the cadres
concerned, measures decided above the village, and unprocedured contracts reported."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from openvillage.core import writes
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotAllowed
from openvillage.core.permissions import DECISIONS, require_write
from openvillage.core.text import clean_text, gettext_noop
from openvillage.decisions import store
from openvillage.decisions.audit_actions import ACCOUNTABILITY, VIOLATION
from openvillage.decisions.models import Accountability, Case, Violation, ViolationStatus
from openvillage.decisions.rules import states
from openvillage.decisions.services._common import TEXT_LIMIT, _not_future, _text
from openvillage.org.models import Level, Person, Unit


def _cadres(village: Unit, ids: Sequence[int]) -> list[Person]:
    people = list(Person.objects.filter(village=village, pk__in=ids))
    if len(people) != len(set(ids)):
        raise InvalidInput(
            gettext_noop("Every cadre concerned must be a person of this village."), field="cadres"
        )
    return people


def violation_record(
    *,
    actor: Any,
    village: Unit,
    kind: str,
    facts: str,
    cadre_ids: Sequence[int] = (),
    case: Case | None = None,
    evidence_note: str = "",
) -> Violation:
    """Record misconduct (decisions.md §7, A1) with the cadres concerned and the case or facts."""
    if village.level != Level.VILLAGE:
        raise InvalidInput(gettext_noop("A violation belongs to a village."), field="village")
    require_write(actor, village.path, DECISIONS)
    if kind not in store.vocabulary()["misconduct"]:
        raise InvalidInput(
            gettext_noop("Unknown kind of misconduct %(kind)s."), {"kind": kind}, field="kind"
        )
    facts = _text(facts, "facts")
    if case is not None and case.village_id != village.pk:
        raise InvalidInput(gettext_noop("The case belongs to another village."), field="case")
    cadres = _cadres(village, cadre_ids)
    with transaction.atomic():
        violation = Violation.objects.create(
            village=village,
            unit_path=village.path,
            kind=kind,
            status=ViolationStatus.RECORDED,
            case=case,
            facts=facts,
            evidence_note=clean_text(evidence_note, field="evidence_note").text[:TEXT_LIMIT],
            recorded_on=local_today(),
            recorded_by=actor,
        )
        violation.cadres.set(cadres)
        audit_log(
            actor=actor,
            action=VIOLATION["record"],
            obj=violation,
            unit_path=village.path,
            note=kind,
        )
    return violation


def accountability_add(
    *,
    actor: Any,
    violation: Violation,
    kind: str,
    decided_on: date,
    person: Person | None = None,
    note: str = "",
) -> Accountability:
    """Append a measure decided one level above the village (A1): by the town or the county.

    The deciding level is the actor's (a village account may not record a measure).
    """
    require_write(actor, violation.unit_path, DECISIONS)
    level = "county" if actor.is_superuser else getattr(actor.unit, "level", "")
    if level not in (Level.TOWN, Level.COUNTY):
        raise NotAllowed(gettext_noop("Measures are decided by the town or the county."))
    if kind not in store.vocabulary()["measures"]:
        raise InvalidInput(gettext_noop("Unknown measure %(kind)s."), {"kind": kind}, field="kind")
    _not_future(decided_on, "decided_on")
    if person is not None and not violation.cadres.filter(pk=person.pk).exists():
        raise InvalidInput(
            gettext_noop("The person is not among the cadres concerned."), field="person"
        )
    with transaction.atomic():
        violation = writes.locked(violation)
        measure = Accountability.objects.create(
            violation=violation,
            person=person,
            kind=kind,
            deciding_level=level,
            decided_on=decided_on,
            note=clean_text(note, field="note").text[:TEXT_LIMIT],
            recorded_by=actor,
        )
        if states.VIOLATION.allows(violation.status, "confirm"):
            writes.transition(
                violation, "confirm", actor=actor, table=states.VIOLATION, field="status", note=kind
            )
        audit_log(
            actor=actor,
            action=ACCOUNTABILITY["add"],
            obj=measure,
            unit_path=violation.unit_path,
            note=kind,
        )
    return measure


def unprocedured_report(
    *, actor: Any, village: Unit, power_code: str, amount: int | None, facts: str
) -> Violation:
    """A contract or payment reported without its procedure becomes a violation to review."""
    if village.level != Level.VILLAGE:
        raise InvalidInput(gettext_noop("A violation belongs to a village."), field="village")
    require_write(actor, village.path, DECISIONS)
    try:
        store.parsed(store.current_version()).power(power_code)
    except InvalidInput as err:
        err.field = "power_code"
        raise
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int) or amount < 0
    ):
        raise InvalidInput(gettext_noop("The amount is whole yuan, 0 or more."), field="amount")
    facts = _text(facts, "facts")
    with transaction.atomic():
        violation = Violation.objects.create(
            village=village,
            unit_path=village.path,
            kind="procedure_skipped",
            status=ViolationStatus.TO_REVIEW,
            facts=facts,
            power_code=power_code,
            amount=amount,
            recorded_on=local_today(),
            recorded_by=actor,
        )
        audit_log(
            actor=actor,
            action=VIOLATION["report_unprocedured"],
            obj=violation,
            unit_path=village.path,
            note=power_code,
        )
    return violation
