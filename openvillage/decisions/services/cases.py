"""Cases and their steps: open a case, record meetings, merged meetings and notices, close a
case; the replay through the pure procedure engine and the ledger append on closing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from openvillage.core import writes
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.permissions import DECISIONS, require_write
from openvillage.core.text import clean_text, gettext_noop
from openvillage.decisions import rules, store
from openvillage.decisions.audit_actions import CASE, NOTICE, STEP
from openvillage.decisions.models import Case, CaseStatus, Evidence, StepNotice, StepRecord
from openvillage.decisions.rules import states
from openvillage.decisions.services._common import (
    DISCLOSURE_STEPS,
    _add_wd,
    _not_future,
    _text,
    concurrent_secretary_director,
    expected_people,
)
from openvillage.disclosure.attachments import clean_upload
from openvillage.org.models import Level, Person, Unit


def procedure_of(case: Case) -> rules.Procedure:
    """The procedure of the case, from the list version it was opened under."""
    return store.parsed(case.power_list).procedure(case.procedure_code)


def live_records(case: Case) -> list[StepRecord]:
    return list(case.records.filter(superseded=False).order_by("seq"))


def engine_record(record: StepRecord) -> rules.StepRecord:
    counts = None
    if record.kind == "meeting" and record.should_attend is not None:
        counts = rules.MeetingCounts(
            should_attend=record.should_attend,
            present=record.present or 0,
            votes_for=record.votes_for,
            votes_against=record.votes_against,
            votes_abstain=record.votes_abstain,
            households=record.households,
            households_represented=record.households_represented,
        )
    return rules.StepRecord(
        step=record.step_code,
        held_on=record.held_on,
        body=record.body,
        counts=counts,
        approved=record.approved,
        notice_given_on=record.notice_given_on,
        published_on=record.published_on,
        merged=record.merged,
        authorized=record.authorized,
    )


def engine_state(case: Case, records: Sequence[StepRecord] | None = None) -> rules.CaseState:
    records = live_records(case) if records is None else records
    return rules.replay(
        procedure_of(case),
        [engine_record(r) for r in records],
        concurrent_secretary_director=any(r.concurrent_secretary_director for r in records),
        add_working_days=_add_wd,
    )


def case_open(
    *,
    actor: Any,
    village: Unit,
    power_code: str,
    amount: int | None,
    description: str,
    variant: str = "",
) -> Case:
    """Open a case under a power; the procedure is chosen by money tier (or variant)."""
    if village.level != Level.VILLAGE:
        raise InvalidInput(gettext_noop("A case belongs to a village."), field="village")
    require_write(actor, village.path, DECISIONS)
    description = _text(description, "description")
    version = store.stored_current_version()  # the case points at it
    procedure = store.parsed(version).procedure_for(power_code, amount, variant or None)
    with transaction.atomic():
        case = Case.objects.create(
            village=village,
            unit_path=village.path,
            power_list=version,
            power_code=power_code,
            procedure_code=procedure.code,
            variant=variant,
            amount=amount,
            description=description,
            opened_on=local_today(),
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action=CASE["open"],
            obj=case,
            unit_path=village.path,
            changes={"procedure": ["", procedure.code], "amount": [None, amount]},
            note=f"power list {version.version}",
        )
    return case


@dataclass(frozen=True)
class StepInput:
    """What the clerk records for one step (decisions.md D4). Counts are whole numbers."""

    step: str
    held_on: date
    body: str | None = None
    place: str = ""
    notice_given_on: date | None = None
    should_attend: int | None = None  # only for ENTERED_BODIES; others come from the registry
    present: int | None = None  # a count, or given by ``attendee_ids`` (sign-in)
    attendee_ids: tuple[int, ...] = ()
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    households: int | None = None
    households_represented: int | None = None
    approved: bool | None = None
    authorized: bool = False
    minutes: str = ""
    evidence: tuple[tuple[str, str, bytes], ...] = field(default=())  # (kind, name, bytes)


def _locked_open(case: Case) -> Case:
    """Lock the case's row alone (not its village nor its power list) and check it is open."""
    case = writes.locked(case, "village", "power_list")
    writes.check(case, "record", table=states.CASE, field="status", code="case_closed")
    return case


def _require_nothing_pending(case: Case) -> None:
    """Unanswered objections (publicity) and flags (supervision) hold the case (issue 6 §3-4)."""
    open_objections = case.objections.filter(answered_on__isnull=True).count()
    if open_objections:
        raise WrongState(
            gettext_noop(
                "%(n)s objection(s) received during publicity are not answered yet; answer them "
                "before the case proceeds."
            ),
            {"n": open_objections},
            code="objection_unanswered",
        )
    open_flags = case.flags.filter(resolution="").count()
    if open_flags:
        raise WrongState(
            gettext_noop(
                "The supervision committee flagged %(n)s step(s) as irregular; redo the step or "
                "answer the flag first."
            ),
            {"n": open_flags},
            code="flag_unanswered",
        )


def _attendance(
    case: Case, step: rules.Step, body: str, data: StepInput
) -> tuple[int | None, int | None, list[Person], list[Person]]:
    """Return should_attend, present, the people expected and the people who signed in."""
    if step.kind != "meeting":
        return None, None, [], []
    expected = expected_people(case.village, body, data.held_on)
    if expected is None:
        if data.should_attend is None:
            raise InvalidInput(
                gettext_noop(
                    "Give how many should attend: the registry has no member list for %(body)s."
                ),
                {"body": body},
                field="should_attend",
            )
        should_attend = data.should_attend
    else:
        should_attend = len(expected)
        if data.should_attend is not None and data.should_attend != should_attend:
            raise InvalidInput(
                gettext_noop(
                    "%(body)s has %(n)s members in the registry on that day, not %(given)s."
                ),
                {"body": body, "n": should_attend, "given": data.should_attend},
                field="should_attend",
            )
    attendees: list[Person] = []
    present = data.present
    if data.attendee_ids:
        pool = {p.pk: p for p in expected} if expected is not None else None
        if pool is None:
            pool = {
                p.pk: p
                for p in Person.objects.filter(village=case.village, pk__in=data.attendee_ids)
            }
        unknown = [pk for pk in data.attendee_ids if pk not in pool]
        if unknown:
            raise InvalidInput(
                gettext_noop("%(n)s person(s) signed in who are not members of %(body)s."),
                {"n": len(unknown), "body": body},
                field="attendees",
            )
        attendees = [pool[pk] for pk in dict.fromkeys(data.attendee_ids)]
        if present is not None and present != len(attendees):
            raise InvalidInput(
                gettext_noop("Present (%(present)s) differs from the %(n)s people signed in."),
                {"present": present, "n": len(attendees)},
                field="present",
            )
        present = len(attendees)
    if present is None:
        raise InvalidInput(
            gettext_noop("Give who came: sign people in or give the count present."),
            field="present",
        )
    return should_attend, present, expected or [], attendees


def _clean_evidence(data: StepInput):
    cleaned = []
    for kind, name, content in data.evidence:
        if kind not in rules.powerlist.EVIDENCE:
            raise InvalidInput(
                gettext_noop("Unknown kind of evidence %(kind)s."), {"kind": kind}, field="evidence"
            )
        cleaned.append((kind, clean_upload(name, content)))
    return cleaned


def _check_counts_shape(data: StepInput) -> None:
    for name in ("should_attend", "present", "votes_for", "votes_against", "votes_abstain"):
        value = getattr(data, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInput(gettext_noop("A whole number is needed."), field=name)
        if value is not None and value < 0:
            raise InvalidInput(gettext_noop("The count cannot be negative."), field=name)


def _save_record(
    actor: Any,
    case: Case,
    seq: int,
    step: rules.Step,
    data: StepInput,
    body: str,
    outcome: rules.Outcome,
    attendance,
    evidence,
    *,
    merged: bool = False,
    concurrent: bool = False,
    item=None,
) -> StepRecord:
    should_attend, present, expected, attendees = attendance
    record = StepRecord.objects.create(
        case=case,
        seq=seq,
        step_code=step.code,
        kind=step.kind,
        body=body,
        held_on=data.held_on,
        place=clean_text(data.place, field="place").text[:120],
        notice_given_on=data.notice_given_on,
        published_on=data.held_on if step.kind == "publication" else None,
        merged=merged,
        concurrent_secretary_director=concurrent,
        authorized=data.authorized,
        approved=data.approved,
        should_attend=should_attend,
        present=present,
        votes_for=data.votes_for,
        votes_against=data.votes_against,
        votes_abstain=data.votes_abstain,
        households=data.households,
        households_represented=data.households_represented,
        minutes=clean_text(data.minutes, field="minutes").text[:20000],
        outcome=outcome.value,
        disclosure_item=item,
        recorded_by=actor,
    )
    if expected:
        record.expected.set(expected)
    if attendees:
        record.attendees.set(attendees)
    for kind, clean in evidence:
        ev = Evidence(
            record=record,
            kind=kind,
            name=clean.name,
            content_type=clean.content_type,
            extension=clean.extension,
            size=len(clean.content),
            sha256=clean.sha256,
        )
        ev.file.save(clean.name, ContentFile(clean.content), save=False)
        ev.save()
    return record


def _not_before_case(case: Case, day: date) -> None:
    """A step cannot have happened before its case began (issue 12: such steps were accepted)."""
    if case.opened_on and day < case.opened_on:
        raise InvalidInput(
            gettext_noop("%(day)s is before the case was opened on %(opened)s."),
            {"day": day.isoformat(), "opened": case.opened_on.isoformat()},
            field="held_on",
        )


def _record_steps(
    actor: Any, case: Case, inputs: Sequence[StepInput], *, merged: bool = False, item=None
) -> list[StepRecord]:
    """Check each input against the engine in order and write them all, or nothing."""
    require_write(actor, case.unit_path, DECISIONS)
    for data in inputs:
        _not_future(data.held_on, "held_on")
        _not_before_case(case, data.held_on)
        _check_counts_shape(data)
    evidence = [_clean_evidence(d) for d in inputs]
    with transaction.atomic():
        case = _locked_open(case)
        _require_nothing_pending(case)
        procedure = procedure_of(case)
        done = live_records(case)
        concurrent = any(r.concurrent_secretary_director for r in done)
        if merged:
            concurrent = concurrent_secretary_director(case.village, inputs[0].held_on)
        engine = [engine_record(r) for r in done]
        seq = case.records.count()
        written = []
        for data, files in zip(inputs, evidence, strict=True):
            step = procedure.step(data.step)
            if step.code in DISCLOSURE_STEPS and item is None:
                raise WrongState(
                    gettext_noop(
                        "Step %(step)s is published through the disclosure, not recorded."
                    ),
                    {"step": step.code},
                    code="use_disclosure",
                )
            body = step.option(data.body).body
            if data.notice_given_on is None and step.option(data.body).notice is not None:
                notice = recorded_notice(case, step.code, body)
                if notice is not None:
                    data = replace(data, notice_given_on=notice.notice_given_on)
            rules.check_start(
                procedure,
                engine,
                step.code,
                data.held_on,
                notice_given_on=data.notice_given_on,
                body=body,
                merged=merged,
                authorized=data.authorized,
                concurrent_secretary_director=concurrent,
                add_working_days=_add_wd,
            )
            attendance = _attendance(case, step, body, data)
            new = rules.StepRecord(
                step=step.code,
                held_on=data.held_on,
                body=body,
                counts=(
                    rules.MeetingCounts(
                        should_attend=attendance[0],
                        present=attendance[1],
                        votes_for=data.votes_for,
                        votes_against=data.votes_against,
                        votes_abstain=data.votes_abstain,
                        households=data.households,
                        households_represented=data.households_represented,
                    )
                    if step.kind == "meeting"
                    else None
                ),
                approved=data.approved,
                notice_given_on=data.notice_given_on,
                published_on=data.held_on if step.kind == "publication" else None,
                merged=merged,
                authorized=data.authorized,
            )
            outcome = rules.step_outcome(step, new)
            seq += 1
            record = _save_record(
                actor, case, seq, step, data, body, outcome, attendance, files,
                merged=merged, concurrent=concurrent and merged, item=item,
            )  # fmt: skip
            engine.append(new)
            written.append(record)
            audit_log(
                actor=actor,
                action=STEP["record"],
                obj=record,
                unit_path=case.unit_path,
                changes={"outcome": ["", outcome.value]},
                note=f"case {case.pk} step {step.code}",
            )
        state = rules.replay(
            procedure, engine, concurrent_secretary_director=concurrent, add_working_days=_add_wd
        )
        _apply_state(actor, case, state)
    return written


def _apply_state(actor: Any, case: Case, state: rules.CaseState) -> None:
    if state.status is rules.CaseStatus.OPEN:
        return
    _close(actor, case, CaseStatus(state.status.value), "")


def _close(actor: Any, case: Case, status: str, reason: str) -> None:
    """Complete or reject the case through its table and publish its record."""
    action = "reject" if status == CaseStatus.REJECTED else "complete"
    changes = {"closed_on": local_today(), "close_reason": reason}
    writes.transition(
        case, action, actor=actor, table=states.CASE, field="status", changes=changes, note=reason,
        audited=(),
    )  # fmt: skip
    case.ledger_entry_id = _ledger(case)
    if case.ledger_entry_id is not None:
        case.save(update_fields=["ledger_entry_id"])
    from openvillage.core.extensions import CASE_CLOSED, emit

    emit(CASE_CLOSED, case_id=case.pk, village_id=case.village_id, status=str(status))


def _ledger(case: Case) -> int | None:
    """Append the closed case's record to the public ledger (it becomes public now)."""
    from openvillage.decisions.selectors import case_public_record

    return writes.publish(
        kind="decision_case",
        obj=case,
        object_type="decisions.case",
        version=1,
        content=case_public_record(case),
        unit_path=case.unit_path,
        unit_code=case.village.code,
    )


def meeting_record(*, actor: Any, case: Case, data: StepInput) -> StepRecord:
    """Record the next step (meeting, approval, task or notice-board publication) of a case.

    Refused with 409 and the engine's reason when the step is out of order, early (notice,
    publicity, interval) or the case is held by an objection or a flag; 422 naming the field for
    impossible counts (more votes than present, more present than should attend).
    """
    return _record_steps(actor, case, [data])[0]


def step_merge(
    *, actor: Any, case: Case, proposal: StepInput, consultation: StepInput
) -> list[StepRecord]:
    """Record steps 1 and 2 as one meeting where the secretary is also the director (D2).

    Whether the posts are held by one person is read from the registry's terms on the day.
    """
    if proposal.held_on != consultation.held_on:
        raise InvalidInput(
            gettext_noop("A merged meeting has one date for both steps."), field="held_on"
        )
    return _record_steps(actor, case, [proposal, consultation], merged=True)


def recorded_notice(case: Case, step_code: str, body: str | None = None) -> StepNotice | None:
    """The latest notice recorded for a step of the case (for ``body`` when given)."""
    qs = case.notices.filter(step_code=step_code)
    if body:
        qs = qs.filter(body=body)
    return qs.order_by("-notice_given_on", "-id").first()


def notice_from(case: Case, notice: StepNotice) -> date:
    """The first day the meeting may be held after ``notice``, by the step's notice rule
    (calendar or working days on the official calendar)."""
    option = procedure_of(case).step(notice.step_code).option(notice.body)
    assert option.notice is not None
    return rules.procedure.add_days(notice.notice_given_on, option.notice, _add_wd)


def notice_record(
    *, actor: Any, case: Case, step_code: str, notice_given_on: date, body: str | None = None
) -> StepNotice:
    """Record the notice of the next step's meeting before it is held (§3 steps 3 and 4).

    The meeting record takes this date when it gives none; the engine's notice rule says from
    when the meeting may be held (:func:`notice_from`). Only the next step, only a step whose
    rule asks for notice, not before the previous record and not in the future.
    """
    require_write(actor, case.unit_path, DECISIONS)
    _not_future(notice_given_on, "notice_given_on")
    with transaction.atomic():
        case = _locked_open(case)
        step = procedure_of(case).step(step_code)  # InvalidInput if no such step
        option = step.option(body or None)
        if option.notice is None:
            raise InvalidInput(
                gettext_noop("Step %(step)s needs no notice."),
                {"step": step.code},
                field="step_code",
            )
        state = engine_state(case)
        if state.next_step is None or state.next_step.code != step.code:
            raise WrongState(
                gettext_noop("Notice can be given only for the next step, %(next)s."),
                {"next": state.next_step.code if state.next_step else "—"},
                code="not_next_step",
            )
        last = state.last_record
        if last is not None and notice_given_on < last.held_on:
            raise InvalidInput(
                gettext_noop("The notice for %(step)s predates the previous step (%(previous)s)."),
                {"step": step.code, "previous": last.held_on.isoformat()},
                field="notice_given_on",
            )
        notice = StepNotice.objects.create(
            case=case,
            step_code=step.code,
            body=option.body,
            notice_given_on=notice_given_on,
            recorded_by=actor,
        )
        audit_log(
            actor=actor,
            action=NOTICE["record"],
            obj=notice,
            unit_path=case.unit_path,
            changes={"notice_given_on": [None, notice_given_on.isoformat()]},
            note=f"case {case.pk} step {step.code}",
        )
    return notice


def case_close(*, actor: Any, case: Case, reason: str) -> Case:
    """Close a case as rejected after a failed vote where the procedure allows it (D3)."""
    require_write(actor, case.unit_path, DECISIONS)
    reason = _text(reason, "reason")
    with transaction.atomic():
        case = _locked_open(case)
        state = engine_state(case)
        if not state.may_close:
            raise WrongState(
                gettext_noop("The case can be closed only after a failed vote or refusal."),
                code="may_not_close",
            )
        _close(actor, case, CaseStatus.REJECTED, reason)
    return case
