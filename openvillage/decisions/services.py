"""Writes of the decisions app: one ``<entity>_<verb>`` function per change (issue 6).

Each runs in one transaction: permission by scope (``DECISIONS``; ``SUPERVISION_FLAG`` for the
supervision committee's flags), a state check through the pure procedure engine
(``decisions.rules``: a refused step is a :class:`WrongState` with the engine's reason, 409),
the write, one audit row, and a ledger append when a case closes (it becomes public then).
The procedure always comes from the power list version the case was opened under.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openvillage.core.audit import audit_log
from openvillage.core.calendar import add_working_days
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.permissions import (
    DECISIONS,
    FEEDBACK,
    SUPERVISION_FLAG,
    can_write,
    require_write,
)
from openvillage.core.roles import Role
from openvillage.core.text import gettext_noop
from openvillage.decisions import rules, store
from openvillage.decisions.models import (
    Accountability,
    Case,
    CaseObjection,
    CaseStatus,
    Evidence,
    FlagResolution,
    PowerListVersion,
    StepFlag,
    StepNotice,
    StepRecord,
    Violation,
    ViolationStatus,
)
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.attachments import clean_upload
from openvillage.disclosure.models import State as ItemState
from openvillage.org.models import Level, PartyStatus, Person, Term, Unit

#: Bodies whose members come from the registry's terms (decisions.md §1): who should attend.
REGISTRY_BODIES: dict[str, tuple[str, ...]] = {
    "branch_committee": ("branch_committee",),
    "joint_meeting": ("branch_committee", "villagers_committee"),
    "villagers_committee": ("villagers_committee",),
    "supervision_committee": ("supervision_committee",),
}
#: Bodies whose should-attend count the clerk enters: the registry has no list of
#: representatives or of a group's adults, and a villagers' meeting counts adults on the day.
ENTERED_BODIES = frozenset(
    {"villagers_meeting", "representatives_meeting", "village_group_meeting"}
)
#: Publication steps that go through the disclosure services (the two disclosures, §3 steps 5-6).
DISCLOSURE_STEPS = {"resolution_disclosure": "resolution_item", "result_disclosure": "result_item"}
FALLBACK_MATTER = "major_decision"
TEXT_LIMIT = 4000


def _add_wd(start: date, n: int) -> date:
    return add_working_days(start, n).date


def _text(value: str, field_name: str, *, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(gettext_noop("This field is required."), field=field_name)
    if len(value) > limit:
        raise InvalidInput(
            gettext_noop("At most %(limit)s characters."), {"limit": limit}, field=field_name
        )
    return value


def _not_future(day: date, field_name: str) -> None:
    if day > local_today():
        raise InvalidInput(
            gettext_noop("%(day)s is in the future; record what has happened."),
            {"day": day.isoformat()},
            field=field_name,
        )


def _audit(actor: Any, action: str, obj: Any, path: str, changes=None, note: str = "") -> None:
    audit_log(actor=actor, action=action, obj=obj, unit_path=path, changes=changes, note=note)


# --- registry -------------------------------------------------------------------------------


def _current_terms(village: Unit, on: date):
    return Term.objects.filter(village=village, started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )


def expected_people(village: Unit, body: str, on: date) -> list[Person] | None:
    """Who should attend a meeting of ``body`` on ``on``, from the registry; None if not known.

    Committees and the joint meeting: current terms. Party members' meeting: the full members
    registered in the village (probationary members have no vote). Villagers', representatives'
    and group meetings: None, the clerk enters the count (see ``ENTERED_BODIES``).
    """
    if body in REGISTRY_BODIES:
        ids = _current_terms(village, on).filter(body__in=REGISTRY_BODIES[body])
        return list(Person.objects.filter(pk__in=ids.values("person_id")).order_by("name", "id"))
    if body == "party_members_meeting":
        return list(
            Person.objects.filter(village=village, party_status=PartyStatus.FULL).order_by(
                "name", "id"
            )
        )
    return None


def concurrent_secretary_director(village: Unit, on: date) -> bool:
    """Whether one person holds both the secretary's and the director's post on ``on`` (D2)."""
    terms = _current_terms(village, on)
    secretary = terms.filter(body="branch_committee", post="secretary").values("person_id")
    return terms.filter(
        body="villagers_committee", post="director", person_id__in=secretary
    ).exists()


# --- the power list -------------------------------------------------------------------------


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
        _audit(
            actor,
            "decisions.powerlist_publish",
            version,
            actor.unit.path if actor.unit else "",
            note=f"sha256 {version.sha256}",
        )
    return version


# --- cases ----------------------------------------------------------------------------------


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
    version = store.current_version()
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
        _audit(
            actor,
            "decisions.case_open",
            case,
            village.path,
            {"procedure": ["", procedure.code], "amount": [None, amount]},
            f"power list {version.version}",
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
    case = Case.objects.select_for_update().select_related("village", "power_list").get(pk=case.pk)
    if case.is_closed:
        raise WrongState(
            gettext_noop("The case is %(status)s; no further step may be recorded."),
            {"status": CaseStatus(case.status).label},
            code="case_closed",
        )
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
        place=data.place[:120],
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
        minutes=data.minutes[:20000],
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


def _record_steps(
    actor: Any, case: Case, inputs: Sequence[StepInput], *, merged: bool = False, item=None
) -> list[StepRecord]:
    """Check each input against the engine in order and write them all, or nothing."""
    require_write(actor, case.unit_path, DECISIONS)
    for data in inputs:
        _not_future(data.held_on, "held_on")
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
            _audit(
                actor,
                "decisions.step_record",
                record,
                case.unit_path,
                {"outcome": ["", outcome.value]},
                f"case {case.pk} step {step.code}",
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
    case.status = status
    case.closed_on = local_today()
    case.close_reason = reason
    case.save(update_fields=["status", "closed_on", "close_reason"])
    _audit(
        actor, "decisions.case_close", case, case.unit_path, {"status": ["open", status]}, reason
    )
    case.ledger_entry_id = _ledger(case)
    if case.ledger_entry_id is not None:
        case.save(update_fields=["ledger_entry_id"])


def _ledger(case: Case) -> int | None:
    """Append the closed case's record to the public ledger (it becomes public now)."""
    from openvillage.decisions.selectors import case_public_record

    try:
        from openvillage.ledger.services import ledger_append
    except ImportError:  # pragma: no cover - the ledger ships with the product
        return None
    entry = ledger_append(
        kind="decision_case",
        object_type="decisions.case",
        object_id=str(case.pk),
        version=1,
        content=case_public_record(case),
        unit_path=case.unit_path,
        unit_code=case.village.code,
    )
    return getattr(entry, "pk", None)


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
        _audit(
            actor,
            "decisions.notice_record",
            notice,
            case.unit_path,
            {"notice_given_on": [None, notice_given_on.isoformat()]},
            f"case {case.pk} step {step.code}",
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


# --- the two disclosures --------------------------------------------------------------------


def _disclosure_matter(case: Case) -> str:
    from openvillage.disclosure import catalogue_store

    power = store.parsed(case.power_list).power(case.power_code)
    catalogue = catalogue_store.parsed(catalogue_store.current_version())
    try:
        catalogue.matter(power.disclosure_matter or FALLBACK_MATTER)
    except KeyError:
        return FALLBACK_MATTER
    return power.disclosure_matter or FALLBACK_MATTER


@dataclass(frozen=True)
class PublishResult:
    """``record`` is set once the step is published; before, the item awaits the town."""

    item: Any
    record: StepRecord | None


def _publish(actor: Any, case: Case, step_code: str, title: str, body: str) -> PublishResult:
    require_write(actor, case.unit_path, DECISIONS)
    with transaction.atomic():  # the publication and the step record commit together
        return _publish_locked(actor, case, step_code, title, body)


def _publish_locked(actor: Any, case: Case, step_code: str, title: str, body: str):
    item_field = DISCLOSURE_STEPS[step_code]
    today = local_today()
    case = _locked_open(case)
    _require_nothing_pending(case)
    procedure = procedure_of(case)
    step = procedure.step(step_code)  # InvalidInput if the procedure has no such step
    done = live_records(case)
    rules.check_start(
        procedure,
        [engine_record(r) for r in done],
        step.code,
        today,
        concurrent_secretary_director=any(r.concurrent_secretary_director for r in done),
        add_working_days=_add_wd,
    )
    item = getattr(case, item_field)
    if item is None:
        content = disclosure.Content(
            matter=_disclosure_matter(case),
            period_start=case.opened_on,
            period_end=today,
            title=_text(title, "title", limit=200),
            body=body,
        )
        item = disclosure.item_create(actor=actor, village=case.village, content=content)
        disclosure.item_submit(actor=actor, item=item)
        setattr(case, item_field, item)
        case.save(update_fields=[item_field])
        _audit(actor, "decisions.case_disclosure_submit", case, case.unit_path, note=step_code)
        return PublishResult(item, None)
    item.refresh_from_db()
    if item.state == ItemState.APPROVED:
        disclosure.item_publish(actor=actor, item=item)
        item.refresh_from_db()
    if item.state != ItemState.PUBLISHED:
        raise WrongState(
            gettext_noop(
                "The disclosure “%(title)s” is %(state)s; the town must approve it before it "
                "is published."
            ),
            {"title": item.title, "state": ItemState(item.state).label},
            code="not_approved",
        )
    published_on = timezone.localtime(item.first_published_at).date()
    data = StepInput(step=step_code, held_on=published_on)
    record = _record_steps(actor, case, [data], item=item)[0]
    return PublishResult(item, record)


def case_publish_resolution(
    *, actor: Any, case: Case, title: str = "", body: str = ""
) -> PublishResult:
    """Publish the resolution (§3 step 5) as a disclosure item: the first call writes and submits
    it to the town; once approved, the next call publishes it and records the step. The publicity
    period runs from the day of publication."""
    return _publish(actor, case, "resolution_disclosure", title, body)


def case_publish_result(
    *, actor: Any, case: Case, title: str = "", body: str = ""
) -> PublishResult:
    """Publish the result of implementation (§3 step 6), like :func:`case_publish_resolution`."""
    return _publish(actor, case, "result_disclosure", title, body)


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
        _audit(
            actor, "decisions.objection_record", objection, case.unit_path, note=f"case {case.pk}"
        )
    return objection


def case_objection_answer(*, actor: Any, objection: CaseObjection, answer: str) -> CaseObjection:
    """Answer an objection; the case may proceed once every objection is answered."""
    require_write(actor, objection.case.unit_path, DECISIONS)
    answer = _text(answer, "answer")
    with transaction.atomic():
        objection = (
            CaseObjection.objects.select_for_update().select_related("case").get(pk=objection.pk)
        )
        if objection.answered_on is not None:
            raise WrongState(gettext_noop("This objection is already answered."), code="answered")
        objection.answer = answer
        objection.answered_on = local_today()
        objection.answered_by = actor
        objection.save(update_fields=["answer", "answered_on", "answered_by"])
        _audit(actor, "decisions.objection_answer", objection, objection.case.unit_path)
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
        _audit(actor, "decisions.step_flag", flag, case.unit_path, note=f"case {case.pk}")
    return flag


def flag_answer(*, actor: Any, flag: StepFlag, answer: str, redo: bool = False) -> StepFlag:
    """Answer a flag, or accept it and redo the step: the flagged record and every later one are
    superseded (kept for the record) and the case resumes at the flagged step."""
    require_write(actor, flag.case.unit_path, DECISIONS)
    answer = _text(answer, "answer")
    with transaction.atomic():
        case = _locked_open(flag.case)
        flag = StepFlag.objects.select_for_update().select_related("record").get(pk=flag.pk)
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
        _audit(
            actor,
            "decisions.flag_answer",
            flag,
            case.unit_path,
            {"resolution": ["", flag.resolution]},
        )
    return flag


# --- misconduct and accountability ----------------------------------------------------------


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
            evidence_note=evidence_note[:TEXT_LIMIT],
            recorded_on=local_today(),
            recorded_by=actor,
        )
        violation.cadres.set(cadres)
        _audit(actor, "decisions.violation_record", violation, village.path, note=kind)
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
        measure = Accountability.objects.create(
            violation=violation,
            person=person,
            kind=kind,
            deciding_level=level,
            decided_on=decided_on,
            note=note[:TEXT_LIMIT],
            recorded_by=actor,
        )
        if violation.status == ViolationStatus.TO_REVIEW:
            Violation.objects.filter(pk=violation.pk).update(status=ViolationStatus.RECORDED)
        _audit(actor, "decisions.accountability_add", measure, violation.unit_path, note=kind)
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
        _audit(actor, "decisions.unprocedured_report", violation, village.path, note=power_code)
    return violation


__all__ = [
    "PublishResult",
    "StepInput",
    "accountability_add",
    "case_close",
    "case_objection_answer",
    "case_objection_record",
    "case_open",
    "case_publish_resolution",
    "case_publish_result",
    "concurrent_secretary_director",
    "expected_people",
    "flag_answer",
    "meeting_record",
    "notice_from",
    "notice_record",
    "recorded_notice",
    "powerlist_publish",
    "step_flag",
    "step_merge",
    "unprocedured_report",
    "violation_record",
]
