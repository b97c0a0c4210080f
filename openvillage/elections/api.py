"""API of the elections app: public election of a village; staff reads and the main writes."""

from __future__ import annotations

from datetime import date

from ninja import Query, Router, Schema
from ninja.security import django_auth

from openvillage.core.errors import NotAllowed
from openvillage.core.text import gettext_noop
from openvillage.elections import selectors, services
from openvillage.elections.opening import parse_open_form
from openvillage.org import selectors as org_selectors

router = Router(tags=["elections"])
staff = Router(tags=["elections (staff)"], auth=django_auth)


class TimetableRow(Schema):
    step: str
    label: str
    due: date | None
    done: date | None
    late: bool


class RoundOut(Schema):
    id: int
    number: int
    kind: str
    status: str
    rule: str
    eligible: int | None
    present: int | None
    ballots_collected: int | None
    invalid_ballots: int | None
    output: dict
    posts: dict
    voided: list


class PublicElectionOut(Schema):
    law: str
    election_day: date
    state: str
    timetable: list[TimetableRow]
    roll: list[str]
    candidates: list[dict]
    proxies: list[dict]
    rounds: list[RoundOut]
    elected: list[list[str]]


class ElectionOut(Schema):
    id: int
    village_code: str
    law: str
    state: str
    election_day: date
    seats: dict

    # The next step of the timetable not yet done (a town's or village's task), in words.
    next_task: str | None = None
    next_task_due: date | None = None

    @staticmethod
    def resolve_village_code(obj) -> str:
        return obj.village.code

    @staticmethod
    def resolve_next_task(obj) -> str | None:
        task = selectors.next_task(obj)
        return str(task["label"]) if task else None

    @staticmethod
    def resolve_next_task_due(obj) -> date | None:
        task = selectors.next_task(obj)
        return task["due"] if task else None


class TallyIn(Schema):
    round_id: int
    station_id: int
    post: str
    voters_voted: int
    ballots_issued: int
    ballots_collected: int
    invalid_ballots: int
    # Keyed by the candidate's person number (the round's candidates list them); a name is
    # accepted when no other candidate of the post has it; any other name is a write-in.
    votes: dict[str, int]


class TallyOut(Schema):
    id: int
    status: str
    differences: list


def _public(view: dict) -> dict:
    e = view["election"]
    return {
        "law": e.law,
        "election_day": e.election_day,
        "state": e.state,
        "timetable": [{**row, "label": str(row["label"])} for row in view["timetable"]],
        "roll": view["roll"],
        "candidates": [{k: str(v) for k, v in c.items()} for c in view["candidates"]],
        "proxies": view["proxies"],
        "rounds": view["rounds"],
        "elected": [list(pair) for pair in view["elected"]],
    }


@router.get("/villages/{village_code}/election", response=list[PublicElectionOut])
def public_election(request, village_code: str):
    """The village's published election: timetable, masked roll, candidates and results."""
    village = org_selectors.public_village(village_code)
    return [_public(selectors.public_view(e)) for e in selectors.public_elections(village)]


@staff.get("/elections", response=list[ElectionOut])
def election_list(request, limit: int = Query(100, ge=1, le=500), offset: int = Query(0, ge=0)):
    return list(selectors.elections_visible_to(request.user)[offset : offset + min(limit, 500)])


@staff.get("/elections/{pk}/rounds", response=list[RoundOut])
def election_rounds(request, pk: int):
    return list(selectors.election_for_staff(request.user, pk).rounds.order_by("number"))


@staff.post("/elections/{pk}/tally", response=TallyOut)
def tally_enter(request, pk: int, body: TallyIn):
    """Enter a tally sheet (first or second entry); the answer says whether the entries agree."""
    election = selectors.election_for_staff(request.user, pk)
    return services.tally_enter(
        actor=request.user,
        round=selectors.round_of(election, body.round_id),
        station=selectors.station_of(election, body.station_id),
        post=body.post,
        figures={k: getattr(body, k) for k in services.FIGURES},
        votes=body.votes,
    )


@staff.post("/elections/{pk}/rounds/{round_id}/count", response=RoundOut)
def round_count(request, pk: int, round_id: int):
    election = selectors.election_for_staff(request.user, pk)
    return services.round_count(actor=request.user, round=selectors.round_of(election, round_id))


@staff.post("/elections/{pk}/publish", response=ElectionOut)
def result_publish(request, pk: int):
    election = selectors.election_for_staff(request.user, pk)
    return services.result_publish(actor=request.user, election=election)


class GeneralIn(Schema):
    county_code: str = ""
    name: str
    profile: str = "national"
    election_day: date


class PreviewRowOut(Schema):
    step: str
    label: str
    by: date
    days: int
    rule: str


class GeneralPreviewOut(Schema):
    county_code: str
    profile: str
    election_day: date
    towns: int
    villages: int
    timetable: list[PreviewRowOut]


class GeneralOut(Schema):
    id: int
    county_code: str
    name: str
    profile: str
    state: str
    election_day: date
    village_elections: int

    @staticmethod
    def resolve_county_code(obj) -> str:
        return obj.county.code

    @staticmethod
    def resolve_village_elections(obj) -> int:
        return obj.village_elections.count()


def _open_fields(request, body: GeneralIn) -> dict:
    data = {
        "county": body.county_code,
        "name": body.name,
        "profile": body.profile,
        "election_day": body.election_day.isoformat(),
    }
    counties = selectors.counties_openable(request.user)
    if not counties:
        raise NotAllowed(
            gettext_noop("Only the county's election office may open a general election.")
        )
    return parse_open_form(data, counties)


@staff.post("/elections/general/preview", response=GeneralPreviewOut)
def general_preview(request, body: GeneralIn):
    """The timetable a general election would have, without opening it (nothing is stored)."""
    fields = _open_fields(request, body)
    rows = selectors.timetable_preview(fields["profile"], fields["election_day"])
    return {
        "county_code": fields["county"].code,
        "profile": fields["profile"],
        "election_day": fields["election_day"],
        **selectors.villages_of(fields["county"]),
        "timetable": [{**r, "label": str(r["label"])} for r in rows],
    }


@staff.post("/elections/general", response={201: GeneralOut})
def general_open(request, body: GeneralIn):
    """Open the county's general election: both elections in every village, with the timetable."""
    fields = _open_fields(request, body)
    return 201, services.election_open(actor=request.user, **fields)
