"""Writes of voting and counting: proxies, polling stations, tally sheets entered twice,
counting a round and opening a further round (V19-V27, V36, V40-V45)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.masking import mask_name
from openvillage.core.text import gettext_noop
from openvillage.core.writes import check, locked, transition
from openvillage.elections.models import (
    Law,
    PollingStation,
    Proxy,
    RoundResult,
    TallySheet,
    VillageElection,
)
from openvillage.elections.rules import (
    composition,
    count_cli,
    eligibility,
    outcome,
    states,
    timetable,
)
from openvillage.elections.rules.profiles import get_profile
from openvillage.elections.services._common import (
    FIGURES,
    _allowed,
    _audit,
    _ledger,
    _locked,
    _move,
    _require,
    _text,
    _voter,
    counted_round,
    labelled,
    person_key,
    post_label,
)
from openvillage.org.models import Person

# --- 5. proxies ---------------------------------------------------------------------------------


def proxy_record(
    *,
    actor: Any,
    election: VillageElection,
    principal: Person,
    proxy: Person,
    relationship: str,
    written: bool,
    requested_on: date | None = None,
) -> Proxy:
    """Record a written proxy (V19-V21); refused with the reason otherwise."""
    _require(actor, election)
    requested_on = requested_on or local_today()
    cap = timetable.days(election.profile)["proxy_cap"]
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "proxy.record")
        if election.proxies.filter(principal=principal).exists():
            raise WrongState(
                gettext_noop("%(name)s has already given a proxy."), {"name": principal.name}
            )
        problem = eligibility.proxy_problem(
            relationship=relationship,
            written=written,
            principal_on_roll=_voter(election, principal),
            proxy_on_roll=_voter(election, proxy),
            proxy_is_candidate=election.candidates.filter(person=proxy).exists(),
            principals_already=election.proxies.filter(proxy=proxy).count(),
            cap=cap,
            requested_on=requested_on,
            requests_by=election.proxy_requests_by,
            same_person=principal.pk == proxy.pk,
            proxy_is_principal=election.proxies.filter(principal=proxy).exists(),
        )
        if problem:
            error = WrongState if requested_on > election.proxy_requests_by else InvalidInput
            raise error(problem[0], problem[1])
        row = Proxy.objects.create(
            election=election,
            principal=principal,
            proxy=proxy,
            relationship=relationship,
            written=written,
            requested_on=requested_on,
        )
        _audit(actor, "proxy.record", row, election, {"relationship": relationship})
    return row


def public_proxies(election: VillageElection) -> list[dict[str, str]]:
    rows = election.proxies.select_related("principal", "proxy")
    return [
        {"principal": mask_name(r.principal.name), "proxy": mask_name(r.proxy.name)} for r in rows
    ]


def proxy_list_publish(*, actor: Any, election: VillageElection) -> VillageElection:
    """Publish the list of principals and proxies before election day (V20, V21)."""
    _require(actor, election)
    today = local_today()
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "proxies.publish")
        if today > election.proxy_list_by:
            raise WrongState(
                gettext_noop("The proxy list had to be published by %(date)s (V20)."),
                {"date": election.proxy_list_by.isoformat()},
            )
        election.proxy_list_published_on = today
        election.save(update_fields=["proxy_list_published_on"])
        _ledger("election_proxies", election, election, {"proxies": public_proxies(election)})
        _audit(actor, "proxies.publish", election, election, {"proxy_list_published_on": today})
    return election


# --- 6. stations ---------------------------------------------------------------------


def station_add(
    *,
    actor: Any,
    election: VillageElection,
    name: str,
    kind: str,
    scrutineers: list[str],
    approved_by_town: bool = False,
) -> PollingStation:
    """Add a polling station or a mobile ballot box (V24: approved, >= 3 scrutineers; V25)."""
    _require(actor, election)
    scrutineers = [s.strip() for s in scrutineers if s.strip()]
    if kind not in PollingStation.Kind.values:
        raise InvalidInput(gettext_noop("Choose the kind of station."), field="kind")
    if kind == PollingStation.Kind.MOBILE_BOX and (len(scrutineers) < 3 or not approved_by_town):
        raise InvalidInput(
            gettext_noop("A mobile ballot box needs the town's approval and 3 scrutineers (V24)."),
            field="scrutineers",
        )
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "station.add")
        candidates = set(election.candidates.values_list("person__name", flat=True))
        if candidates & set(scrutineers):
            raise InvalidInput(
                gettext_noop("A candidate may not scrutinise or count (V25)."), field="scrutineers"
            )
        if election.stations.filter(name=name.strip()).exists():
            raise InvalidInput(gettext_noop("This station name is already used."), field="name")
        station = PollingStation.objects.create(
            election=election,
            name=_text(name, "name"),
            kind=kind,
            scrutineers=scrutineers,
            approved_by_town=approved_by_town,
        )
        _audit(actor, "station.add", station, election, {"kind": kind})
    return station


# --- 7. tally sheets and counting ---------------------------------------------------------------


def candidate_names(keys: Iterable[str]) -> dict[str, str]:
    """The name behind each key: a person's name for an id, the write-in's name otherwise."""
    keys = list(keys)
    ids = [int(k) for k in keys if k.isdigit()]
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return {k: names.get(int(k), k) if k.isdigit() else k for k in keys}


def _vote_key(raw: Any, names: Mapping[str, str]) -> str:
    """The person a vote count is for: a candidate by person or number, a candidate by name if
    no other candidate of the post has that name, else a write-in by name."""
    if isinstance(raw, Person):
        return person_key(raw)
    text = str(raw).strip()
    if text in names:
        return text
    if text.lstrip("#").isdigit():
        if text.lstrip("#") in names:
            return text.lstrip("#")
        raise InvalidInput(
            gettext_noop("No candidate of this post has the number %(number)s."),
            {"number": text},
            field="votes",
        )
    same = [key for key, name in names.items() if name == text and key != name]
    if len(same) > 1:
        raise InvalidInput(
            gettext_noop(
                "%(n)s candidates of this post are named %(name)s: enter their votes by "
                "candidate number (%(numbers)s)."
            ),
            {"n": len(same), "name": text, "numbers": ", ".join(same)},
            field="votes",
        )
    return same[0] if same else text


def _figures(
    round: RoundResult, post: str, figures: Mapping[str, Any], votes: Mapping[Any, int]
) -> dict:
    clean: dict[str, Any] = {}
    for key in FIGURES:
        value = figures.get(key)
        if type(value) is not int or value < 0:
            raise InvalidInput(
                gettext_noop("%(field)s must be a whole number, 0 or more."),
                {"field": key},
                field=key,
            )
        clean[key] = value
    names = candidate_names(round.candidates.get(post, []))
    clean_votes: dict[str, int] = {}
    for raw, n in votes.items():
        if not str(raw).strip() or type(n) is not int or n < 0:
            raise InvalidInput(gettext_noop("Each vote count is a whole number."), field="votes")
        key = _vote_key(raw, names)
        if key in clean_votes:
            raise InvalidInput(
                gettext_noop("The votes of %(name)s are entered twice."),
                {"name": names.get(key, key)},
                field="votes",
            )
        clean_votes[key] = n
    for key in names:
        clean_votes.setdefault(key, 0)
    clean["votes"] = dict(sorted(clean_votes.items()))
    return clean


def _differences(first: dict, second: dict) -> list[str]:
    keys = [k for k in FIGURES if first.get(k) != second.get(k)]
    names = sorted(set(first["votes"]) | set(second["votes"]))
    return keys + [n for n in names if first["votes"].get(n, 0) != second["votes"].get(n, 0)]


def tally_enter(
    *,
    actor: Any,
    round: RoundResult,
    station: PollingStation,
    post: str,
    figures: Mapping[str, int],
    votes: Mapping[str, int],
) -> TallySheet:
    """Enter a station's count for one post; the second entry, by another clerk, is compared.

    The election and the round are re-read under a lock (election first, as every write of the
    election does): the round's seats, candidates and status decide, not the caller's copy.
    """
    _require(actor, round.election)
    with transaction.atomic():
        election = _locked(round.election)
        round = locked(round)
        if round.election_id != election.pk or station.election_id != election.pk:
            raise InvalidInput(
                gettext_noop("This station belongs to another election."), field="station"
            )
        if post not in round.seats:
            raise InvalidInput(
                gettext_noop("Post %(post)s has no seats in this round; its result is refused."),
                {"post": post_label(post)},
                field="post",
            )
        check(round, "tally.enter", table=states.ROUND, field="status")
        entry = _figures(round, post, figures, votes)
        sheet = TallySheet.objects.filter(round=round, station=station, post=post).first()
        if sheet is None:
            sheet = TallySheet.objects.create(
                round=round, station=station, post=post, first=entry, first_by=actor
            )
            _audit(actor, "tally.first", sheet, election, {"first": entry})
            return sheet
        sheet = locked(sheet)
        check(sheet, "agree", table=states.TALLY_SHEET, field="status")
        if sheet.first_by_id == actor.pk:
            raise WrongState(
                gettext_noop("The second entry must be made by another clerk than the first.")
            )
        differences = _differences(sheet.first, entry)
        transition(
            sheet,
            "differ" if differences else "agree",
            actor=actor,
            table=states.TALLY_SHEET,
            field="status",
            changes={"second": entry, "second_by": actor, "differences": differences},
            unit_path=election.village.path,
        )
    return sheet


def tally_resolve(
    *,
    actor: Any,
    sheet: TallySheet,
    figures: Mapping[str, int],
    votes: Mapping[str, int],
    note: str,
) -> TallySheet:
    """Enter the recounted figures of a sheet whose two entries differ, with a note."""
    election = sheet.round.election
    _require(actor, election)
    note = _text(note, "note")
    entry = _figures(sheet.round, sheet.post, figures, votes)
    with transaction.atomic():
        _locked(election)
        locked(sheet.round)
        sheet = locked(sheet)
        transition(
            sheet,
            "resolve",
            actor=actor,
            table=states.TALLY_SHEET,
            field="status",
            changes={"resolved": entry, "resolved_by": actor, "resolution_note": note},
            note=note,
            unit_path=election.village.path,
        )
    return sheet


def eligible_count(election: VillageElection) -> int:
    """V (registered voters) or should_attend (P6: full members minus approved exclusions)."""
    roll = election.roll.filter(removed_on__isnull=True)
    if election.law == Law.PARTY_BRANCH:
        roll = roll.filter(excluded_from_should_attend=False)
    return roll.count()


def count_document(round: RoundResult) -> dict[str, Any]:
    """Build the ``openvillage count`` input from the agreed sheets of every station and post."""
    election = round.election
    sheets = list(round.sheets.select_related("station"))
    blocking = [s for s in sheets if s.status not in states.SETTLED]
    if blocking:
        raise WrongState(
            gettext_noop(
                "%(n)s tally sheets are not settled (a second entry missing or entries that "
                "differ); the result waits until they are."
            ),
            {"n": len(blocking)},
        )
    stations = list(election.stations.all())
    have = {(s.station_id, s.post) for s in sheets}
    missing = [(st.name, p) for st in stations for p in round.seats if (st.pk, p) not in have]
    if not stations or missing:
        raise WrongState(
            gettext_noop("Tally sheets are missing (%(missing)s)."),
            {"missing": ", ".join(f"{n}/{p}" for n, p in missing) or "-"},
        )
    totals = dict.fromkeys(FIGURES, 0)
    votes: dict[str, dict[str, int]] = {post: {} for post in round.seats}
    for station in stations:
        mine = [s.final for s in sheets if s.station_id == station.pk]
        if any({k: f[k] for k in FIGURES} != {k: mine[0][k] for k in FIGURES} for f in mine):
            raise WrongState(
                gettext_noop("The sheets of %(station)s disagree on the ballot figures."),
                {"station": station.name},
            )
        for key in FIGURES:
            totals[key] += mine[0][key]
    for sheet in sheets:
        for key, n in sheet.final["votes"].items():
            votes[sheet.post][key] = votes[sheet.post].get(key, 0) + n
    names = candidate_names({k for keys in round.candidates.values() for k in keys})
    return {
        "law": election.law,
        "profile": election.profile,
        "round": round.kind,
        "eligible": eligible_count(election),
        "present": totals["voters_voted"],
        "ballots_issued": totals["ballots_issued"],
        "ballots_collected": totals["ballots_collected"],
        "seats": dict(round.seats),
        # A person is listed with the id and the name (two candidates may share a name); a
        # write-in carried into a further round stays a name (openvillage count, both formats).
        "candidates": {
            post: [{"id": k, "name": names[k]} if k.isdigit() else k for k in keys]
            for post, keys in round.candidates.items()
        },
        "tally": votes,
        "invalid_ballots": totals["invalid_ballots"],
    }


def round_count(*, actor: Any, round: RoundResult) -> RoundResult:
    """Count a round with the pure counting module and store its outcome (C3, C5)."""
    election = round.election
    _require(actor, election)
    with transaction.atomic():
        # Lock order: the election, then the round (as tally_enter does), never the reverse.
        election = _locked(election)
        round = locked(round)
        round.election = election
        check(round, "count", table=states.ROUND, field="status")
        _allowed(election, "round.count")
        document = count_document(round)
        try:
            result, names = count_cli.count_document_with_names(document)
        except InvalidInput as err:
            raise InvalidInput(err.message, labelled(err.params), field=err.field) from None
        round.document, round.output = document, count_cli.result_document(result, names)
        round.status = check(round, result.status, table=states.ROUND, field="status")
        round.rule = result.rule
        round.posts = {
            p.post: {
                "threshold_base": p.threshold_base,
                "threshold_base_value": p.threshold_base_value,
                "rule": p.rule,
            }
            for p in result.posts
        }
        for key in ("eligible", "present", "ballots_issued", "ballots_collected"):
            setattr(round, key, document[key])
        round.invalid_ballots = document["invalid_ballots"]
        round.avoided = _relative_avoidance(election, round, document, result)
        round.counted_at, round.counted_by = timezone.now(), actor
        round.save()
        _move(
            actor,
            election,
            "round.count",
            audit={"round": [None, round.number], "status": [None, result.status]},
            note=result.rule,
        )
    return round


def near_relatives(election: VillageElection) -> dict[frozenset, str]:
    """V39: near relatives by person key, from the village's households and the office's
    declarations (two people of the same name are never taken for one another)."""
    from openvillage.org.models import RollEntry

    rows = RollEntry.objects.filter(household__village=election.village).values_list(
        "household_id", "person_id", "relation"
    )
    pairs = composition.household_relatives((h, str(p), r) for h, p, r in rows)
    for d in election.relative_declarations.all():
        pairs[frozenset((str(d.person_id), str(d.relative_id)))] = d.kind
    return pairs


def _relative_avoidance(election, round, document, result) -> list[dict[str, Any]]:
    """Apply V39 when the profile says so (zhejiang): seats given up and who took them."""
    rules = get_profile(election.profile).rules(election.law)
    if not rules.relative_avoidance or result.status != RoundResult.Status.VALID:
        return []
    seats, waiting, least = [], {}, 1
    for p in result.posts:
        votes = document["tally"].get(p.post, {})
        seats += [composition.Seat(n, p.post, votes.get(n, 0)) for n in p.elected]
        waiting[p.post] = [
            (n, v)
            for n, v in sorted(votes.items(), key=lambda nv: (-nv[1], nv[0]))
            if n not in p.elected and n not in p.tied
        ]
        least = p.threshold
    _kept, avoided = composition.relative_avoidance(
        seats, near_relatives(election), rules.post_order, waiting, least
    )
    return [
        {
            "post": a.post,
            "name": a.name,
            "relative": a.relative,
            "kind": a.kind,
            "replaced_by": a.replaced_by,
        }
        for a in avoided
    ]


def relative_declare(
    *, actor: Any, election: VillageElection, person: Person, relative: Person, kind: str
):
    """The election office declares two people near relatives (V39) beyond the households."""
    from openvillage.elections.models import RelativeDeclaration

    _require(actor, election)
    if kind not in RelativeDeclaration.Kind.values:
        raise InvalidInput(gettext_noop("Choose the relation."), field="kind")
    if person.pk == relative.pk:
        raise InvalidInput(gettext_noop("Choose two different people."), field="relative")
    with transaction.atomic():
        election = _locked(election)
        _allowed(election, "relative.declare")
        row = RelativeDeclaration.objects.create(
            election=election,
            person=person,
            relative=relative,
            kind=kind,
            declared_by=actor,
            declared_on=local_today(),
        )
        _audit(actor, "relative.declare", row, election, {"kind": kind}, "V39")
    return row


def further_round_plan(rounds: list[RoundResult]) -> tuple[str, dict, dict]:
    """Return ``(kind, seats, candidates)`` of the round after ``rounds`` (``rules.outcome``)."""
    plan = outcome.further_round_plan([counted_round(r) for r in rounds])
    return plan.kind, plan.seats, plan.candidates


def vacancy_status(election: VillageElection) -> str:
    """V46 for the villagers' committee: ``required``, ``optional`` or ``not_needed``."""
    from openvillage.elections.services.results import elected_people

    elected = elected_people(election)
    vacant = max(sum(election.seats.values()) - len(elected), 0)
    return composition.additional_election_required(
        election.profile, len(elected), any(p == "director" for p, _n in elected), vacant
    )


def additional_round_open(*, actor: Any, election: VillageElection, held_on: date) -> RoundResult:
    """Open the next round: a re-vote if the last round was invalid (V27), a re-vote among the
    tied (V36), else the additional election for the seats left empty (V40, V41, V45)."""
    _require(actor, election)
    with transaction.atomic():
        election = _locked(election)
        rounds = list(election.rounds.order_by("number"))
        last = rounds[-1] if rounds else None
        if last is None or last.status == RoundResult.Status.OPEN:
            raise WrongState(gettext_noop("Count the current round first."))
        _allowed(election, "round.open")
        if held_on > election.additional_election_by or held_on < last.held_on:
            raise WrongState(
                gettext_noop("A further round must be held by %(date)s (V45)."),
                {"date": election.additional_election_by.isoformat()},
            )
        kind, seats, candidates = further_round_plan(rounds)
        if not seats:
            raise WrongState(gettext_noop("No seat is left to fill by a further round."))
        row = RoundResult.objects.create(
            election=election,
            number=last.number + 1,
            kind=kind,
            seats=seats,
            candidates=candidates,
            held_on=held_on,
        )
        changes = {"round": row.number, "seats": seats, "candidates": candidates}
        if election.law == Law.VILLAGERS_COMMITTEE and kind == RoundResult.Kind.ADDITIONAL:
            changes["vacancy"] = vacancy_status(election)  # V46: required or optional
        _move(actor, election, "round.open", audit={k: [None, v] for k, v in changes.items()})
    return row
