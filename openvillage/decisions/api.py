"""API of the decisions app: the power list (public), closed cases (public), staff cases."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema, Status
from ninja.security import django_auth

from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput
from openvillage.decisions import selectors, services, store
from openvillage.decisions.labels import explain, label
from openvillage.org import selectors as org_selectors
from openvillage.org.models import Unit

router = Router(tags=["decisions"])
staff = Router(tags=["decisions (staff)"], auth=django_auth)


class PowerOut(Schema):
    code: str
    name: str
    category: str
    category_label: str
    procedure: str | None
    tiers: list[dict]


class PowerListOut(Schema):
    region: str
    version: str
    sha256: str
    powers: list[PowerOut]


class RecordOut(Schema):
    id: int
    step_code: str
    body: str
    held_on: date
    should_attend: int | None
    present: int | None
    votes_for: int
    votes_against: int
    votes_abstain: int
    outcome: str
    superseded: bool
    step_label: str
    body_label: str
    outcome_label: str

    @staticmethod
    def resolve_step_label(obj) -> str:
        return label("step", obj.step_code)

    @staticmethod
    def resolve_body_label(obj) -> str:
        return label("body", obj.body)

    @staticmethod
    def resolve_outcome_label(obj) -> str:
        return label("outcome", obj.outcome)


class CaseOut(Schema):
    id: int
    village: str
    power_code: str
    procedure_code: str
    power_list_version: str
    amount: int | None
    description: str
    status: str
    status_label: str
    power_name: str
    opened_on: date
    closed_on: date | None


class CaseDetailOut(CaseOut):
    records: list[RecordOut]
    next_step: str | None
    next_step_label: str | None
    earliest_start: date | None
    blocked_because: str | None


class CaseIn(Schema):
    village: str
    power_code: str
    amount: int | None = None
    description: str
    variant: str = ""


class StepIn(Schema):
    step: str
    held_on: date
    body: str | None = None
    place: str = ""
    notice_given_on: date | None = None
    should_attend: int | None = None
    present: int | None = None
    attendee_ids: list[int] = []
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    households: int | None = None
    households_represented: int | None = None
    approved: bool | None = None
    authorized: bool = False
    minutes: str = ""


def _power_name(case) -> str:
    try:
        return str(store.parsed(case.power_list).power(case.power_code).name)
    except InvalidInput:
        return case.power_code


def _case_out(case) -> dict:
    return {
        "id": case.pk,
        "village": case.village.code,
        "power_code": case.power_code,
        "procedure_code": case.procedure_code,
        "power_list_version": case.power_list.version,
        "amount": case.amount,
        "description": case.description,
        "status": case.status,
        "status_label": label("case_status", case.status),
        "power_name": _power_name(case),
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
    }


def _detail(case) -> dict:
    view = selectors.case_view(case, local_today())
    upcoming = view.next
    return {
        **_case_out(case),
        "records": list(case.records.order_by("seq")),
        "next_step": upcoming.step.code if upcoming and upcoming.step else None,
        "next_step_label": label("step", upcoming.step.code)
        if upcoming and upcoming.step
        else None,
        "earliest_start": upcoming.earliest_start if upcoming else None,
        "blocked_because": explain(upcoming.reason) if upcoming and upcoming.reason else None,
    }


@router.get("/powerlist", response=PowerListOut, summary="The current power list")
def power_list(request):
    version = store.current_version()
    parsed = store.parsed(version)
    powers = [
        {
            "code": p.code,
            "name": str(p.name),
            "category": p.category,
            "category_label": label("category", p.category),
            "procedure": p.procedure,
            "tiers": [
                {"from": t.from_amount, "below": t.below, "procedure": t.procedure} for t in p.tiers
            ],
        }
        for p in parsed.powers
    ]
    return {
        "region": version.region,
        "version": version.version,
        "sha256": version.sha256,
        "powers": powers,
    }


@router.get("/villages/{code}/cases", response=list[CaseOut], summary="Closed cases of a village")
def village_cases(request, code: str):
    village = org_selectors.public_village(code)
    return [
        _case_out(c)
        for c in selectors.public_cases(village).select_related("village", "power_list")[:200]
    ]


@router.get("/villages/{code}/cases/{case_id}", response=CaseDetailOut, summary="A closed case")
def village_case(request, code: str, case_id: int):
    village = org_selectors.public_village(code)
    return _detail(selectors.public_case(village, case_id))


@staff.get("/cases", response=list[CaseOut], summary="Cases in your area")
def cases(request, status: str = ""):
    qs = selectors.cases_for_staff(request.user, status=status[:10]).select_related("power_list")
    return [_case_out(c) for c in qs[:200]]


@staff.post("/cases", response={201: CaseDetailOut}, summary="Open a case")
def case_open(request, payload: CaseIn):
    village = org_selectors.unit_for_staff(request.user, payload.village)
    case = services.case_open(
        actor=request.user,
        village=village if isinstance(village, Unit) else None,
        power_code=payload.power_code,
        amount=payload.amount,
        description=payload.description,
        variant=payload.variant,
    )
    return Status(201, _detail(case))


@staff.get("/cases/{case_id}", response=CaseDetailOut, summary="A case with its steps")
def case_detail(request, case_id: int):
    return _detail(selectors.case_for_staff(request.user, case_id))


@staff.post("/cases/{case_id}/steps", response={201: CaseDetailOut}, summary="Record a step")
def step_record(request, case_id: int, payload: StepIn):
    case = selectors.case_for_staff(request.user, case_id)
    data = services.StepInput(**{**payload.dict(), "attendee_ids": tuple(payload.attendee_ids)})
    services.meeting_record(actor=request.user, case=case, data=data)
    case.refresh_from_db()
    return Status(201, _detail(case))
