"""The two disclosures of a case (resolution and result, §3 steps 5-6), published through the
disclosure services; the step is recorded once the town has approved the item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openvillage.core import writes
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError, WrongState
from openvillage.core.permissions import DECISIONS, require_write
from openvillage.core.text import gettext_noop
from openvillage.decisions import rules, store
from openvillage.decisions.audit_actions import CASE
from openvillage.decisions.models import Case, StepRecord
from openvillage.decisions.services._common import (
    DISCLOSURE_STEPS,
    FALLBACK_MATTER,
    _add_wd,
    _text,
)
from openvillage.decisions.services.cases import (
    StepInput,
    _locked_open,
    _record_steps,
    _require_nothing_pending,
    engine_record,
    live_records,
    procedure_of,
)
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.models import Item
from openvillage.disclosure.models import State as ItemState


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
        # The item before the case (core.writes lock order): publishing it records the case's
        # step through the on-publish handler, which locks the case after the item.
        item_id = getattr(Case.objects.get(pk=case.pk), f"{DISCLOSURE_STEPS[step_code]}_id")
        if item_id is not None:
            writes.locked(Item.objects.filter(pk=item_id)).get()
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
        audit_log(
            actor=actor,
            action=CASE["submit_disclosure"],
            obj=case,
            unit_path=case.unit_path,
            note=step_code,
        )
        return PublishResult(item, None)
    item.refresh_from_db()
    if item.state == ItemState.APPROVED:
        disclosure.item_publish(actor=actor, item=item)  # records the step: disclosure_published
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
    recorded = _published_record(case, step_code, item)
    if recorded is not None:
        return PublishResult(item, recorded)
    published_on = timezone.localtime(item.first_published_at).date()
    data = StepInput(step=step_code, held_on=published_on)
    record = _record_steps(actor, case, [data], item=item)[0]
    return PublishResult(item, record)


def _published_record(case: Case, step_code: str, item: Any) -> StepRecord | None:
    live = case.records.filter(superseded=False, step_code=step_code, disclosure_item=item)
    return live.order_by("-seq").first()


def disclosure_published(*, item: Any, version: Any, actor: Any) -> None:
    """On-publish hook: when a case's resolution or result disclosure is published, wherever the
    clerk pressed "publish", record the step at once (§3 steps 5-6), so the case advances by
    itself. Any other item, a later version, or a case that may not take the step yet (closed,
    an objection unanswered) is left alone; the clerk then records it from the case as before.

    Lock order caveat: here the item is locked before the case, while ``_publish`` locks the case
    before the item; the write path's one lock order should settle which comes first."""
    case = Case.objects.filter(Q(resolution_item_id=item.pk) | Q(result_item_id=item.pk)).first()
    if case is None:
        return
    step_code = next(
        code for code, field in DISCLOSURE_STEPS.items() if getattr(case, f"{field}_id") == item.pk
    )
    if _published_record(case, step_code, item) is not None:
        return  # an amendment: the step was recorded with the first version
    data = StepInput(step=step_code, held_on=timezone.localtime(item.first_published_at).date())
    try:
        with transaction.atomic():  # a savepoint: a refusal leaves the publication standing
            _record_steps(actor, case, [data], item=item)
    except DomainError:
        return


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
