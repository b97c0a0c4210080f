"""Objections received during publicity and the supervision committee's flags (D7): both
hold the case until answered; a flag may be accepted and the step redone."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from openvillage.core import writes
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import WrongState
from openvillage.core.permissions import (
    DECISIONS,
    FEEDBACK,
    SUPERVISION_FLAG,
    can_write,
    require_write,
)
from openvillage.core.text import gettext_noop
from openvillage.decisions.audit_actions import FLAG, OBJECTION, REVIEW
from openvillage.decisions.models import (
    Case,
    CaseObjection,
    FlagResolution,
    ReviewOutcome,
    StepFlag,
    StepRecord,
    StepReview,
)
from openvillage.decisions.services._common import DISCLOSURE_STEPS, _not_future, _text
from openvillage.decisions.services.cases import _locked_open

# --- objections -----------------------------------------------------------------------------


def case_objection_record(
    *,
    actor: Any,
    case: Case,
    text: str,
    received_on: date,
    source: str = "clerk",
    source_ref: str = "",
) -> CaseObjection:
    """Attach a villager's objection to an open case; it holds the case until answered.

    The feedback app calls this with ``source="feedback"`` and the message id in ``source_ref``.
    """
    if not (
        can_write(actor, case.unit_path, DECISIONS) or can_write(actor, case.unit_path, FEEDBACK)
    ):
        require_write(actor, case.unit_path, DECISIONS)
    text = _text(text, "text")
    _not_future(received_on, "received_on")
    with transaction.atomic():
        case = _locked_open(case)
        objection = CaseObjection.objects.create(
            case=case,
            text=text,
            received_on=received_on,
            source=source[:20],
            source_ref=source_ref[:60],
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_log(
            actor=actor,
            action=OBJECTION["record"],
            obj=objection,
            unit_path=case.unit_path,
            note=f"case {case.pk}",
        )
    return objection


def case_objection_answer(*, actor: Any, objection: CaseObjection, answer: str) -> CaseObjection:
    """Answer an objection; the case may proceed once every objection is answered."""
    require_write(actor, objection.case.unit_path, DECISIONS)
    answer = _text(answer, "answer")
    with transaction.atomic():
        objection = writes.locked(objection, "case")
        if objection.answered_on is not None:
            raise WrongState(gettext_noop("This objection is already answered."), code="answered")
        objection.answer = answer
        objection.answered_on = local_today()
        objection.answered_by = actor
        objection.save(update_fields=["answer", "answered_on", "answered_by"])
        audit_log(
            actor=actor,
            action=OBJECTION["answer"],
            obj=objection,
            unit_path=objection.case.unit_path,
        )
    return objection


# --- supervision committee ------------------------------------------------------------------


def step_flag(*, actor: Any, record: StepRecord, reason: str) -> StepFlag:
    """The village supervision committee flags a step as irregular (D7); the case waits."""
    require_write(actor, record.case.unit_path, SUPERVISION_FLAG)
    reason = _text(reason, "reason")
    with transaction.atomic():
        case = _locked_open(record.case)
        record = StepRecord.objects.get(pk=record.pk)
        if record.superseded:
            raise WrongState(gettext_noop("This step was already redone."), code="superseded")
        flag = StepFlag.objects.create(
            record=record, case=case, reason=reason, raised_on=local_today(), raised_by=actor
        )
        audit_log(
            actor=actor,
            action=FLAG["raise"],
            obj=flag,
            unit_path=case.unit_path,
            note=f"case {case.pk}",
        )
    return flag


def flag_answer(*, actor: Any, flag: StepFlag, answer: str, redo: bool = False) -> StepFlag:
    """Answer a flag, or accept it and redo the step: the flagged record and every later one are
    superseded (kept for the record) and the case resumes at the flagged step."""
    require_write(actor, flag.case.unit_path, DECISIONS)
    answer = _text(answer, "answer")
    with transaction.atomic():
        case = _locked_open(flag.case)
        flag = writes.locked(flag, "record")
        if flag.resolution:
            raise WrongState(gettext_noop("This flag is already answered."), code="answered")
        flag.resolution = FlagResolution.REDONE if redo else FlagResolution.ANSWERED
        flag.answer = answer
        flag.answered_on = local_today()
        flag.answered_by = actor
        flag.save(update_fields=["resolution", "answer", "answered_on", "answered_by"])
        if redo:
            later = case.records.filter(seq__gte=flag.record.seq, superseded=False)
            items = set(
                later.exclude(disclosure_item=None).values_list("disclosure_item", flat=True)
            )
            later.update(superseded=True)
            for name in DISCLOSURE_STEPS.values():
                if getattr(case, f"{name}_id") in items:
                    setattr(case, name, None)
                    case.save(update_fields=[name])
        audit_log(
            actor=actor,
            action=FLAG["answer"],
            obj=flag,
            unit_path=case.unit_path,
            changes={"resolution": ["", flag.resolution]},
        )
    return flag


def step_review(*, actor: Any, record: StepRecord, approve: bool, reason: str = "") -> StepReview:
    """The supervision committee approves a step, or returns it with a reason (D7).

    A returned step is also flagged (:class:`StepFlag`): the case waits until the clerk answers
    the flag or redoes the step, and a redone step comes back to the queue for a new review.
    """
    require_write(actor, record.case.unit_path, SUPERVISION_FLAG)
    # A remark on an approval is optional; free text is masked like every other (core.text).
    reason = _text(reason, "reason") if not approve or reason.strip() else ""
    with transaction.atomic():
        case = _locked_open(record.case)
        record = StepRecord.objects.get(pk=record.pk)
        if record.superseded:
            raise WrongState(gettext_noop("This step was already redone."), code="superseded")
        if StepReview.objects.filter(record=record).exists():
            raise WrongState(gettext_noop("This step is already reviewed."), code="reviewed")
        today = local_today()
        flag = None
        if not approve:
            flag = StepFlag.objects.create(
                record=record, case=case, reason=reason, raised_on=today, raised_by=actor
            )
        outcome = ReviewOutcome.APPROVED if approve else ReviewOutcome.RETURNED
        review = StepReview.objects.create(
            record=record, case=case, outcome=outcome, reason=reason, flag=flag,
            reviewed_on=today, reviewed_by=actor,
        )  # fmt: skip
        audit_log(
            actor=actor,
            action=REVIEW["approve" if approve else "return"],
            obj=review,
            unit_path=case.unit_path,
            changes={"review": ["", str(outcome)]},
            note=f"case {case.pk} step {record.step_code}",
        )
    return review
