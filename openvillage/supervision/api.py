"""API of supervision at ``/api/v1/supervision/``: the problem list (staff, Django session) and a
village's rectified problems (public). Every write calls the same service as the pages."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput
from openvillage.core.permissions import require_read, unit_scope_q
from openvillage.core.text import gettext_noop
from openvillage.org import selectors as org_selectors
from openvillage.org.models import Level, Person, Unit
from openvillage.supervision import selectors, services
from openvillage.supervision.models import Problem
from openvillage.supervision.rules import problems as rules

router = Router(tags=["supervision"])


class ProblemOut(Schema):
    id: int
    village_code: str
    village: str
    title: str
    source: str
    severity: str
    state: str
    overdue: bool
    responsible: str | None
    deadline: date | None
    rejections: int
    escalated_on: date | None


def _out(p: Problem, today: date) -> dict:
    return {
        "id": p.pk,
        "village_code": p.village.code,
        "village": p.village.name,
        "title": p.title,
        "source": p.source,
        "severity": p.severity,
        "state": p.state,
        "overdue": rules.is_overdue(p.state, p.deadline, today),
        "responsible": p.responsible.name if p.responsible else None,
        "deadline": p.deadline,
        "rejections": p.rejections,
        "escalated_on": p.escalated_on,
    }


@router.get("/problems", response=list[ProblemOut], auth=django_auth)
@paginate(LimitOffsetPagination)
def problem_list(request, state: str = "", unit: str = "", overdue: bool = False, source: str = ""):
    today = local_today()
    path = org_selectors.unit_for_staff(request.user, unit).path if unit else ""
    qs = selectors.problem_list(
        request.user, today=today, state=state, unit_path=path, overdue=overdue, source=source
    )
    return [_out(p, today) for p in qs[:1000]]


@router.get("/problems/{pk}", response=ProblemOut, auth=django_auth)
def problem_detail(request, pk: int):
    return _out(selectors.problem(request.user, pk), local_today())


class RaiseIn(Schema):
    village_code: str
    title: str
    severity: str
    source: str = services.INSPECTION
    description: str = ""
    from_villager: bool = False
    public: bool = False
    round_id: int | None = None


@router.post("/problems", response={201: ProblemOut}, auth=django_auth)
def problem_raise(request, payload: RaiseIn):
    village = Unit.objects.filter(code=payload.village_code, level=Level.VILLAGE).first()
    if village is None:
        raise InvalidInput(gettext_noop("Choose a village."), field="village_code")
    org_selectors.unit_for_staff(request.user, village.code)
    round_ = selectors.round_detail(request.user, payload.round_id) if payload.round_id else None
    p = services.problem_raise(
        actor=request.user,
        village=village,
        title=payload.title,
        severity=payload.severity,
        source=payload.source,
        description=payload.description,
        from_villager=payload.from_villager,
        public=payload.public,
        round=round_,
    )
    return 201, _out(p, local_today())


class OrderIn(Schema):
    responsible_id: int
    deadline: date | None = None
    required_evidence: str = ""


@router.post("/problems/{pk}/order", response=ProblemOut, auth=django_auth)
def problem_order(request, pk: int, payload: OrderIn):
    problem = selectors.problem(request.user, pk)
    person = Person.objects.filter(pk=payload.responsible_id).first()
    if person is None:
        raise InvalidInput(
            gettext_noop("Name the one person responsible for the rectification."),
            field="responsible_id",
        )
    p = services.problem_order(
        actor=request.user,
        problem=problem,
        responsible=person,
        deadline=payload.deadline,
        required_evidence=payload.required_evidence,
    )
    return _out(p, local_today())


class ExtendIn(Schema):
    new_deadline: date
    reason: str


@router.post("/problems/{pk}/extend", response=ProblemOut, auth=django_auth)
def problem_extend(request, pk: int, payload: ExtendIn):
    problem = selectors.problem(request.user, pk)
    p = services.problem_extend(
        actor=request.user,
        problem=problem,
        new_deadline=payload.new_deadline,
        reason=payload.reason,
    )
    return _out(p, local_today())


class SubmitIn(Schema):
    rectification: str
    note: str


@router.post("/problems/{pk}/submit", response=ProblemOut, auth=django_auth)
def problem_submit(request, pk: int, payload: SubmitIn):
    problem = selectors.problem(request.user, pk)
    p = services.problem_submit(
        actor=request.user, problem=problem, rectification=payload.rectification, note=payload.note
    )
    return _out(p, local_today())


class RejectIn(Schema):
    reason: str
    deadline: date | None = None


@router.post("/problems/{pk}/reject", response=ProblemOut, auth=django_auth)
def problem_reject(request, pk: int, payload: RejectIn):
    problem = selectors.problem(request.user, pk)
    p = services.problem_reject(
        actor=request.user, problem=problem, reason=payload.reason, deadline=payload.deadline
    )
    return _out(p, local_today())


class VerifyIn(Schema):
    verification: str


@router.post("/problems/{pk}/verify", response=ProblemOut, auth=django_auth)
def problem_verify(request, pk: int, payload: VerifyIn):
    problem = selectors.problem(request.user, pk)
    p = services.problem_verify(actor=request.user, problem=problem, record=payload.verification)
    return _out(p, local_today())


@router.post("/problems/{pk}/close", response=ProblemOut, auth=django_auth)
def problem_close(request, pk: int):
    problem = selectors.problem(request.user, pk)
    return _out(services.problem_close(actor=request.user, problem=problem), local_today())


class ReasonIn(Schema):
    reason: str


@router.post("/problems/{pk}/reopen", response=ProblemOut, auth=django_auth)
def problem_reopen(request, pk: int, payload: ReasonIn):
    problem = selectors.problem(request.user, pk)
    p = services.problem_reopen(actor=request.user, problem=problem, reason=payload.reason)
    return _out(p, local_today())


class RectifiedOut(Schema):
    id: int
    title: str
    rectification: str
    closed_on: date | None


@router.get("/villages/{code}/rectified", response=list[RectifiedOut])
@paginate(LimitOffsetPagination)
def village_rectified(request, code: str):
    village = org_selectors.public_village(code)
    return [
        {"id": p.pk, "title": p.title, "rectification": p.rectification, "closed_on": p.closed_on}
        for p in selectors.public_closed(village)[:1000]
    ]


class NoticeLineIn(Schema):
    problem_id: int
    responsible_id: int
    deadline: date | None = None


class NoticeIn(Schema):
    title: str
    lines: list[NoticeLineIn]


class NoticeOut(Schema):
    id: int
    title: str
    issued_on: date
    problems: list[int]


@router.post("/notices", response={201: NoticeOut}, auth=django_auth)
def notice_issue(request, payload: NoticeIn):
    """One rectification notice grouping several problems, each with its own person and deadline."""
    orders = []
    for line in payload.lines:
        problem = selectors.problem(request.user, line.problem_id)
        person = Person.objects.filter(pk=line.responsible_id).first()
        if person is None:
            raise InvalidInput(
                gettext_noop("Name the one person responsible for the rectification."),
                field="responsible_id",
            )
        orders.append((problem, person, line.deadline))
    issuer = request.user.unit
    if issuer is None:
        raise InvalidInput(gettext_noop("Your account is bound to no unit."), field="issuer")
    notice = services.notice_issue(
        actor=request.user, issuer=issuer, title=payload.title, orders=orders
    )
    ids = sorted(notice.problems.values_list("pk", flat=True))
    return 201, {
        "id": notice.pk,
        "title": notice.title,
        "issued_on": notice.issued_on,
        "problems": ids,
    }


class RoundOut(Schema):
    id: int
    unit: str
    level: str
    mode: str
    title: str
    started_on: date


@router.get("/rounds", response=list[RoundOut], auth=django_auth)
@paginate(LimitOffsetPagination)
def round_list(request):
    return [
        {"id": r.pk, "unit": r.unit.code, "level": r.level, "mode": r.mode, "title": r.title,
         "started_on": r.started_on}
        for r in selectors.rounds(request.user)[:1000]
    ]  # fmt: skip


class ItemResultIn(Schema):
    item: str
    outcome: str
    note: str = ""


class ResultsIn(Schema):
    village_code: str
    results: list[ItemResultIn]


class ItemResultOut(Schema):
    village_code: str
    item: str
    outcome: str
    note: str


def _result_out(r) -> dict:
    return {
        "village_code": r.village.code,
        "item": r.item_code,
        "outcome": r.outcome,
        "note": r.note,
    }


@router.get("/rounds/{pk}/results", response=list[ItemResultOut], auth=django_auth)
def round_results(request, pk: int):
    """The checklist results of a round, per village and item, in the reader's scope."""
    round_ = selectors.round_detail(request.user, pk)
    rows = round_.results.filter(unit_scope_q(request.user, "unit_path")).select_related("village")
    return [_result_out(r) for r in rows[:10_000]]


@router.post("/rounds/{pk}/results", response=list[ItemResultOut], auth=django_auth)
def round_results_record(request, pk: int, payload: ResultsIn):
    """Record one village's checklist results (all or nothing), as the round's page does."""
    round_ = selectors.round_detail(request.user, pk)
    village = Unit.objects.filter(code=payload.village_code, level=Level.VILLAGE).first()
    if village is None:
        raise InvalidInput(gettext_noop("Choose a village."), field="village")
    require_read(request.user, village.path)
    saved = services.round_results_record(
        actor=request.user,
        round=round_,
        village=village,
        results={r.item: (r.outcome, r.note) for r in payload.results},
    )
    return [_result_out(r) for r in saved]


class ReviewOut(Schema):
    id: int
    held_on: date
    conclusions: str
    named_villages: list[str]
    screening_proposed: list[str]


@router.get("/reviews", response=list[ReviewOut], auth=django_auth)
@paginate(LimitOffsetPagination)
def review_list(request):
    """County analysis-and-review meetings, with the villages proposed for screening (read by
    the assessment capability)."""
    meetings = selectors.review_meetings(request.user).prefetch_related(
        "named_villages", "screening_proposed"
    )
    return [
        {"id": m.pk, "held_on": m.held_on, "conclusions": m.conclusions,
         "named_villages": [v.code for v in m.named_villages.all()],
         "screening_proposed": [v.code for v in m.screening_proposed.all()]}
        for m in meetings[:1000]
    ]  # fmt: skip


class SurveyOut(Schema):
    id: int
    village_code: str
    subject: str
    period: str
    respondents: str
    satisfied: int
    basically: int
    dissatisfied: int
    below_85: bool
    below_60: bool


@router.get("/surveys", response=list[SurveyOut], auth=django_auth)
@paginate(LimitOffsetPagination)
def survey_list(request):
    from openvillage.core.permissions import unit_scope_q
    from openvillage.supervision.models import Survey
    from openvillage.supervision.rules import satisfaction

    rows = Survey.objects.filter(unit_scope_q(request.user, "unit_path")).select_related("village")
    out = []
    for s in rows[:1000]:
        tally = satisfaction.Tally(s.satisfied, s.basically, s.dissatisfied)
        out.append(
            {"id": s.pk, "village_code": s.village.code, "subject": s.subject, "period": s.period,
             "respondents": s.respondents, "satisfied": s.satisfied, "basically": s.basically,
             "dissatisfied": s.dissatisfied,
             "below_85": satisfaction.below(tally, satisfaction.LOW),
             "below_60": satisfaction.below(tally, satisfaction.VERY_LOW)}
        )  # fmt: skip
    return out
