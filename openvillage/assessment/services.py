"""Writes of assessment: one function per action, scope-checked, audited, all or nothing.

Scores are computed from the points ledger (never typed): the ledger is summed per subject and
item by the database (one GROUP BY), then the scheme's arithmetic (:mod:`.rules.stars`) gives
each subject its score, stars and rank. Every item's points keep their evidence in the ledger.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from openvillage.core import extensions, writes
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput, NotAllowed, WrongState
from openvillage.core.permissions import ASSESSMENT, ORG_LIFE, require_write
from openvillage.core.text import clean_text_value, gettext_noop
from openvillage.core.writes import locked, transition, transition_all
from openvillage.org.models import Level, PartyOrganization, PartyStatus, Person, Unit

from . import audit_actions, facts, store
from .models import (
    Appraisal,
    Cycle,
    CycleState,
    EntrySource,
    EntryState,
    OrgLifeMeeting,
    PointEntry,
    Rating,
    RatingState,
    Subject,
    TrainingSession,
    WeakCandidate,
    WeakFollowUp,
    WeakProposer,
)
from .rules import orglife, states
from .rules.stars import rate
from .rules.weak import Organization, OrgLife, triggers

# --- cycles and the ledger -------------------------------------------------------------------


def cycle_open(
    *, actor: Any, unit: Unit, name: str, scheme_code: str, starts_on: date, ends_on: date
) -> Cycle:
    """Open a rating cycle of one scheme over the villages below ``unit``."""
    require_write(actor, unit.path, ASSESSMENT)
    spec = store.scheme(scheme_code)
    if ends_on < starts_on:
        raise InvalidInput(gettext_noop("The end must not be before the start."), field="ends_on")
    with transaction.atomic():
        cycle = Cycle.objects.create(
            unit=unit,
            unit_path=unit.path,
            name=clean_text_value(name, field="name"),
            scheme_code=spec.code,
            scheme_version=store.scheme_version(),
            subject=spec.subject,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        audit_log(actor=actor, action=audit_actions.CYCLE["open"], obj=cycle)
    return cycle


def _subject_filter(cycle: Cycle) -> Q:
    return Q(unit_path__startswith=cycle.unit_path)


def organizations_of(cycle: Cycle) -> list[PartyOrganization]:
    """The rated organizations: each village's top party organization below the cycle's unit."""
    return list(
        PartyOrganization.objects.filter(
            unit__path__startswith=cycle.unit_path, unit__level=Level.VILLAGE, parent__isnull=True
        )
        .select_related("unit")
        .order_by("unit__path", "pk")
    )


def members_of(cycle: Cycle) -> list[Person]:
    return list(
        Person.objects.filter(
            village__path__startswith=cycle.unit_path, party_status=PartyStatus.FULL
        )
        .select_related("village")
        .order_by("village__path", "pk")
    )


def _require_open(cycle: Cycle) -> None:
    if cycle.state not in (CycleState.OPEN, CycleState.SCORED, CycleState.PUBLICITY):
        raise WrongState(gettext_noop("This cycle is final: its ledger is closed."))


def entry_add(
    *,
    actor: Any,
    cycle: Cycle,
    item_code: str,
    count: int,
    reason: str,
    evidence: str = "",
    organization: PartyOrganization | None = None,
    person: Person | None = None,
    claim: bool = False,
) -> PointEntry:
    """Enter an item by hand (assessor) or claim it with evidence (village, approved one up)."""
    village = organization.unit if organization is not None else person.village  # type: ignore[union-attr]
    require_write(actor, village.path, ORG_LIFE if claim else ASSESSMENT)
    if not village.path.startswith(cycle.unit_path):
        raise NotAllowed(gettext_noop("This record is outside your area."))
    spec = store.scheme(cycle.scheme_code)
    if spec.item(item_code) is None:
        raise InvalidInput(gettext_noop("This item is not in the scheme."), field="item_code")
    if (organization is None) == (person is None):
        raise InvalidInput(gettext_noop("Choose who the points are for."), field="organization")
    if count == 0:
        raise InvalidInput(gettext_noop("The count must not be zero."), field="count")
    reason = clean_text_value(reason, field="reason")
    if not reason:
        raise InvalidInput(gettext_noop("Say why."), field="reason")
    with transaction.atomic():
        cycle = locked(cycle)
        _require_open(cycle)
        entry = PointEntry.objects.create(
            cycle=cycle,
            village=village,
            unit_path=village.path,
            organization=organization,
            person=person,
            item_code=item_code,
            count=count,
            source=EntrySource.CLAIM if claim else EntrySource.MANUAL,
            evidence=clean_text_value(evidence, field="evidence")[:300],
            reason=reason,
            state=EntryState.CLAIMED if claim else EntryState.APPROVED,
            created_by=actor,
        )
        verb = "claim" if claim else "add"
        audit_log(
            actor=actor,
            action=audit_actions.ENTRY[verb],
            obj=entry,
            changes={"item_code": ["", item_code], "count": [0, count]},
        )
    return entry


def claim_decide(*, actor: Any, entry: PointEntry, approve: bool) -> PointEntry:
    """Approve or reject a claim: one level up (the town or the county), never the claimant."""
    require_write(actor, entry.unit_path, ASSESSMENT)
    with transaction.atomic():
        entry = locked(entry)
        _require_open(entry.cycle)
        return transition(
            entry, "approve" if approve else "reject", actor=actor, table=states.CLAIM
        )


def _fact_entries(cycle: Cycle, orgs: Sequence[PartyOrganization]) -> list[PointEntry]:
    """New ledger lines for what the platform recorded since the last collection (deltas)."""
    spec = store.scheme(cycle.scheme_code)
    by_village = {org.unit_id: org for org in orgs}
    village_ids = list(by_village)
    counted = {
        (row["organization_id"], row["item_code"]): row["n"]
        for row in PointEntry.objects.filter(cycle=cycle, source=EntrySource.FACT)
        .values("organization_id", "item_code")
        .annotate(n=Sum("count"))
    }
    new = []
    for item in spec.items:
        source = extensions.assessment_facts.get(item.fact or "")
        if source is None:
            continue
        found = source.facts(village_ids, cycle.starts_on, cycle.ends_on)
        for vid, org in by_village.items():
            delta = int(found.get(vid, 0)) - counted.get((org.pk, item.code), 0)
            if delta:
                new.append(
                    PointEntry(
                        cycle=cycle,
                        village_id=vid,
                        unit_path=org.unit.path,
                        organization=org,
                        item_code=item.code,
                        count=delta,
                        source=EntrySource.FACT,
                        fact_source=source.name,
                        evidence=f"{source.name}:{cycle.starts_on}..{cycle.ends_on}",
                    )
                )
    return new


def _member_fact_entries(cycle: Cycle, members: Sequence[Person]) -> list[PointEntry]:
    """Attendance of members at organizational life and training, as ledger deltas."""
    spec = store.scheme(cycle.scheme_code)
    period = (cycle.starts_on, cycle.ends_on)
    through = OrgLifeMeeting.attendees.through
    ids = [m.pk for m in members]
    attended = through.objects.filter(person_id__in=ids, orglifemeeting__held_on__range=period)
    three = attended.filter(orglifemeeting__kind__in=orglife.THREE_MEETINGS_ONE_LESSON)
    meetings = dict(three.values("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))
    theme = attended.filter(orglifemeeting__kind="theme_party_day")
    themes = dict(theme.values("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))
    trained = TrainingSession.attendees.through.objects.filter(
        person_id__in=ids, trainingsession__ends_on__range=period
    )
    trainings = dict(
        trained.values("person_id").annotate(n=Count("pk")).values_list("person_id", "n")
    )
    held = facts.held_per_kind([m.village_id for m in members], *period)
    values = {
        "member_meetings_attended": meetings,
        "member_theme_days_attended": themes,
        "member_trainings_attended": trainings,
    }
    counted = {
        (row["person_id"], row["item_code"]): row["n"]
        for row in PointEntry.objects.filter(cycle=cycle, source=EntrySource.FACT)
        .values("person_id", "item_code")
        .annotate(n=Sum("count"))
    }
    new = []
    for item in spec.items:
        for member in members:
            if item.fact == "member_meetings_missed":
                village_held = held.get(member.village_id, {})
                total = sum(village_held.get(k, 0) for k in orglife.THREE_MEETINGS_ONE_LESSON)
                value = max(0, total - meetings.get(member.pk, 0))
            elif item.fact in values:
                value = values[item.fact].get(member.pk, 0)
            else:
                continue
            delta = value - counted.get((member.pk, item.code), 0)
            if delta:
                new.append(
                    PointEntry(
                        cycle=cycle,
                        village_id=member.village_id,
                        unit_path=member.village.path,
                        person=member,
                        item_code=item.code,
                        count=delta,
                        source=EntrySource.FACT,
                        fact_source=item.fact or "",
                        evidence=f"{item.fact}:{cycle.starts_on}..{cycle.ends_on}",
                    )
                )
    return new


def cycle_collect(*, actor: Any, cycle: Cycle) -> int:
    """Append to the ledger what the platform recorded in the period; return the lines added."""
    require_write(actor, cycle.unit_path, ASSESSMENT)
    with transaction.atomic():
        cycle = locked(cycle)
        _require_open(cycle)
        if cycle.subject == Subject.PARTY_ORGANIZATION:
            new = _fact_entries(cycle, organizations_of(cycle))
        else:
            new = _member_fact_entries(cycle, members_of(cycle))
        PointEntry.objects.bulk_create(new, batch_size=1000)
        audit_log(
            actor=actor,
            action=audit_actions.CYCLE["collect"],
            obj=cycle,
            changes={"entries": [0, len(new)]},
        )
    return len(new)


def ledger_counts(cycle: Cycle) -> dict[int, dict[str, int]]:
    """Counted facts per subject and item, summed by the database in one GROUP BY."""
    key = "organization_id" if cycle.subject == Subject.PARTY_ORGANIZATION else "person_id"
    rows = (
        PointEntry.objects.filter(cycle=cycle, state=EntryState.APPROVED)
        .values_list(key, "item_code")
        .annotate(n=Sum("count"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for subject, code, n in rows:
        counts.setdefault(subject, {})[code] = max(0, n)
    return counts


def _subjects(cycle: Cycle) -> list[tuple[int, int, str]]:
    """(subject id, village id, village path) of everyone the cycle rates, in a stable order."""
    if cycle.subject == Subject.PARTY_ORGANIZATION:
        rows = PartyOrganization.objects.filter(
            unit__path__startswith=cycle.unit_path, unit__level=Level.VILLAGE, parent__isnull=True
        ).values_list("pk", "unit_id", "unit__path")
        return list(rows.order_by("unit__path", "pk"))
    members = Person.objects.filter(
        village__path__startswith=cycle.unit_path, party_status=PartyStatus.FULL
    ).values_list("pk", "village_id", "village__path")
    return list(members.order_by("village__path", "pk"))


Computed = tuple[int, int, str, int, int, int, dict[str, int]]


def compute(cycle: Cycle) -> list[Computed]:
    """Every subject's (id, village id, path, score, stars, rank, items) from the ledger."""
    spec = store.scheme(cycle.scheme_code)
    counts = ledger_counts(cycle)
    subjects = _subjects(cycle)
    rated = rate(spec.scheme(), [(sid, counts.get(sid, {})) for sid, _, _ in subjects])
    return [
        (sid, vid, path, r.score, r.stars, r.rank, r.items)
        for (sid, vid, path), r in zip(subjects, rated, strict=True)
    ]


def _store_ratings(cycle: Cycle, computed: Sequence[Computed]) -> None:
    """Write the ratings set-based: one executemany for the new, one for the changed; the
    states of existing ratings (appealed, final) are kept. The ORM's per-object bulk_update
    builds a CASE per row and took 90 s for 20,000 members; this takes well under a second."""
    field = "organization_id" if cycle.subject == Subject.PARTY_ORGANIZATION else "person_id"
    existing = dict(cycle.ratings.values_list(field, "pk"))
    items = Rating._meta.get_field("items")
    stamp = Rating._meta.get_field("scored_at").get_db_prep_save(timezone.now(), connection)
    updates, inserts = [], []
    for sid, vid, path, score, stars, rank, points in computed:
        value = items.get_db_prep_save(points, connection)
        if sid in existing:
            updates.append((score, stars, rank, value, stamp, existing[sid]))
        else:
            org = sid if field == "organization_id" else None
            person = sid if field == "person_id" else None
            inserts.append((cycle.pk, vid, path, org, person, score, stars, rank, value, stamp))
    with connection.cursor() as cursor:
        if updates:
            cursor.executemany(
                "UPDATE assessment_rating SET score = %s, stars = %s, rank = %s, items = %s, "
                "scored_at = %s WHERE id = %s",
                updates,
            )
        if inserts:
            cursor.executemany(
                "INSERT INTO assessment_rating (cycle_id, village_id, unit_path, organization_id, "
                "person_id, score, stars, rank, items, scored_at, state, appeal_reason, "
                "demotion_reason) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '')",
                [(*row, RatingState.PROPOSED.value) for row in inserts],
            )


def cycle_score(*, actor: Any, cycle: Cycle) -> Cycle:
    """Score every subject from the ledger; the ratings are proposed until published and final."""
    require_write(actor, cycle.unit_path, ASSESSMENT)
    with transaction.atomic():
        cycle = locked(cycle)
        transition(cycle, "score", actor=actor, table=states.CYCLE)
        _store_ratings(cycle, compute(cycle))
    return cycle


def cycle_publish(*, actor: Any, cycle: Cycle, today: date) -> Cycle:
    """Publish the proposed ratings for the scheme's publicity days."""
    require_write(actor, cycle.unit_path, ASSESSMENT)
    spec = store.scheme(cycle.scheme_code)
    with transaction.atomic():
        cycle = locked(cycle)
        return transition(
            cycle,
            "publish",
            actor=actor,
            table=states.CYCLE,
            changes={
                "published_on": today,
                "publicity_until": today + timedelta(days=spec.publicity_days),
            },
        )


def rating_appeal(*, actor: Any, rating: Rating, reason: str) -> Rating:
    """The rated branch (or member's village) appeals a proposed rating during publicity."""
    require_write(actor, rating.unit_path, ORG_LIFE)
    reason = clean_text_value(reason, field="appeal_reason")
    if not reason:
        raise InvalidInput(gettext_noop("Say why."), field="appeal_reason")
    with transaction.atomic():
        rating = locked(rating)
        if rating.cycle.state != CycleState.PUBLICITY:
            raise WrongState(gettext_noop("Appeals are taken while the ratings are in publicity."))
        return transition(
            rating,
            "appeal",
            actor=actor,
            table=states.RATING,
            changes={"appeal_reason": reason},
            audited=(),
        )


def rating_rescore(*, actor: Any, rating: Rating) -> Rating:
    """Re-score an appealed rating from the ledger (corrections entered first); ranks follow."""
    require_write(actor, rating.cycle.unit_path, ASSESSMENT)
    with transaction.atomic():
        cycle = locked(rating.cycle)
        rating = locked(rating)
        before = rating.score
        transition(rating, "rescore", actor=actor, table=states.RATING)
        _store_ratings(cycle, compute(cycle))
        rating.refresh_from_db()
        audit_log(
            actor=actor,
            action=audit_actions.CYCLE["rescore"],
            obj=cycle,
            changes={"score": [before, rating.score]},
        )
    return rating


def cycle_finalize(*, actor: Any, cycle: Cycle, today: date) -> Cycle:
    """Make the ratings final once the publicity period is over and no appeal is open (T2)."""
    require_write(actor, cycle.unit_path, ASSESSMENT)
    with transaction.atomic():
        cycle = locked(cycle)
        if cycle.publicity_until is not None and today <= cycle.publicity_until:
            raise WrongState(
                gettext_noop("The publicity period runs until %(date)s."),
                {"date": cycle.publicity_until.isoformat()},
            )
        if cycle.ratings.filter(state=RatingState.APPEALED).exists():
            raise WrongState(gettext_noop("An appeal is still open in this cycle."))
        transition(
            cycle, "finalize", actor=actor, table=states.CYCLE, changes={"finalized_on": today}
        )
        transition_all(cycle.ratings.all(), "finalize", actor=actor, table=states.RATING)
        cycle.public_record = public_record(cycle)
        cycle.ledger_entry_id = writes.publish(
            kind=LEDGER_KIND,
            obj=cycle,
            object_type="assessment.cycle",
            version=1,
            content=cycle.public_record,
            unit_path=cycle.unit_path,
            unit_code=cycle.unit.code,
        )
        cycle.save(update_fields=["public_record", "ledger_entry_id"])
    return cycle


#: The kind of the public record's entry of a cycle's final ratings.
LEDGER_KIND = "assessment_ratings"


def public_record(cycle: Cycle) -> dict[str, Any]:
    """What the public record keeps of a cycle made final (what the ledger hashes).

    A party organization's rating is public in full: score, stars, rank and each item's points.
    Party members are counted per village and stars, never named: their ratings are publicized
    on the village's notice board for the publicity period, not kept in the permanent record.
    """
    ratings = cycle.ratings.select_related("village", "organization").order_by(
        "rank", "unit_path", "pk"
    )
    record: dict[str, Any] = {
        "cycle": cycle.name,
        "unit": cycle.unit.code,
        "scheme": f"{cycle.scheme_code} {cycle.scheme_version}",
        "subject": cycle.subject,
        "period": [cycle.starts_on.isoformat(), cycle.ends_on.isoformat()],
        "publicity": [
            cycle.published_on.isoformat() if cycle.published_on else None,
            cycle.publicity_until.isoformat() if cycle.publicity_until else None,
        ],
        "final_on": cycle.finalized_on.isoformat() if cycle.finalized_on else None,
    }
    if cycle.subject == Subject.PARTY_ORGANIZATION:
        record["ratings"] = [
            {
                "village": r.village.code,
                "organization": r.organization.name if r.organization else "",
                "score": r.score,
                "stars": r.stars,
                "rank": r.rank,
                "items": dict(sorted(r.items.items())),
            }
            for r in ratings
        ]
    else:
        rows = (
            cycle.ratings.values("village__code", "stars")
            .annotate(n=Count("pk"))
            .order_by("village__code", "-stars")
        )
        record["members_per_stars"] = [
            {"village": row["village__code"], "stars": row["stars"], "members": row["n"]}
            for row in rows
        ]
    return record


def rating_demote(
    *, actor: Any, rating: Rating, stars: int, reason: str, today: date | None = None
) -> Rating:
    """Lower a final rating when a standard lapses; the reason is kept. The cycle's public
    record gets a new version with the lowered stars and the demotion (the first version stays
    in the ledger)."""
    require_write(actor, rating.cycle.unit_path, ASSESSMENT)
    reason = clean_text_value(reason, field="demotion_reason")
    if not reason:
        raise InvalidInput(gettext_noop("Say why."), field="demotion_reason")
    if not 0 <= stars < rating.stars:
        raise InvalidInput(gettext_noop("The new rating must be lower."), field="stars")
    with transaction.atomic():
        cycle = locked(rating.cycle)
        rating = locked(rating)
        transition(
            rating,
            "demote",
            actor=actor,
            table=states.RATING,
            changes={"stars": stars, "demotion_reason": reason},
            audited=("stars",),
        )
        _republish(cycle, rating, today or local_today())
    return rating


def _republish(cycle: Cycle, demoted: Rating, on: date) -> None:
    """Append the cycle's record again after a demotion: version 1 + the demotions so far (a
    rating is demoted at most once), the earlier demotions carried over."""
    if cycle.public_record is None:
        return
    before = cycle.public_record.get("demotions", [])
    record = public_record(cycle)
    record["demotions"] = [
        *before,
        {"village": demoted.village.code, "stars": demoted.stars, "on": on.isoformat()},
    ]
    cycle.public_record = record
    cycle.ledger_entry_id = writes.publish(
        kind=LEDGER_KIND,
        obj=cycle,
        object_type="assessment.cycle",
        version=1 + cycle.ratings.filter(state=RatingState.DEMOTED).count(),
        content=record,
        unit_path=cycle.unit_path,
        unit_code=cycle.unit.code,
    )
    cycle.save(update_fields=["public_record", "ledger_entry_id"])


# --- weak and scattered screening (§6) ---------------------------------------------------------


def _require_county(actor: Any) -> None:
    """Identification belongs to the county organization department."""
    unit = getattr(actor, "unit", None)
    if not actor.is_superuser and (unit is None or unit.level != Level.COUNTY):
        raise NotAllowed(
            gettext_noop("Only the county identifies weak and scattered organizations.")
        )


def _secretary_vacancy(village_ids: Sequence[int], today: date) -> dict[int, date]:
    """When each village's secretary post fell vacant (no secretary in office today)."""
    from openvillage.org.models import PostKind, Term

    terms = Term.objects.filter(village_id__in=village_ids, post=PostKind.SECRETARY)
    seated = set(
        terms.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today)).values_list(
            "village_id", flat=True
        )
    )
    vacant: dict[int, date] = {}
    for vid, ended in terms.filter(ended_on__lte=today).values_list("village_id", "ended_on"):
        if vid not in seated and (vid not in vacant or ended > vacant[vid]):
            vacant[vid] = ended
    return vacant


def _last_places(year: int, village_ids: Sequence[int]) -> set[int]:
    """Villages whose organization holds the last place of a final rating of that year (W5)."""
    last: set[int] = set()
    cycles = Cycle.objects.filter(
        subject=Subject.PARTY_ORGANIZATION, state=CycleState.FINAL, ends_on__year=year
    )
    for cycle in cycles:
        worst = cycle.ratings.order_by("-rank").values_list("rank", flat=True).first()
        last.update(
            cycle.ratings.filter(rank=worst, village_id__in=village_ids).values_list(
                "village_id", flat=True
            )
        )
    return last


def screening(
    unit: Unit, year: int, today: date
) -> list[tuple[PartyOrganization, list[str], dict]]:
    """Every organization below ``unit`` with its triggers for ``year`` and what triggered them."""
    orgs = list(
        PartyOrganization.objects.filter(
            unit__path__startswith=unit.path, unit__level=Level.VILLAGE, parent__isnull=True
        ).select_related("unit")
    )
    ids = [o.unit_id for o in orgs]
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    held = facts.held_per_kind(ids, start, end)
    recent = facts.held_per_kind(ids, today - timedelta(days=92), today)
    months = orglife.whole_months(start.year, start.month, end.year, end.month)
    vacant = _secretary_vacancy(ids, today)
    last = _last_places(year - 1, ids)
    rated = facts.satisfaction(ids, start, end)
    out = []
    for org in orgs:
        vid = org.unit_id
        org_held = held.get(vid, {})
        life = {
            kind: OrgLife(held=org_held.get(kind, 0), required=orglife.required(kind, months))
            for kind in orglife.PER_YEAR
        }
        found = triggers(
            Organization(
                id=org.pk,
                secretary_vacant_since=vacant.get(vid),
                work_stalled=not recent.get(vid),
                org_life=life,
                annual_rank=1 if vid in last else None,
                annual_last_rank=1 if vid in last else None,
                satisfied=rated.get(vid, (None, None))[0],
                respondents=rated.get(vid, (None, None))[1],
            ),
            today,
        )
        details: dict[str, Any] = {}
        if "W1" in found:
            details["W1"] = {"since": vacant[vid].isoformat()}
        if "W2" in found:
            details["W2"] = {k: list(v) for k, v in orglife.missed(org_held, months).items()}
        if "W6" in found:
            details["W6"] = {"satisfied": rated[vid][0], "respondents": rated[vid][1]}
        out.append((org, found, details))
    return out


def weak_screen(*, actor: Any, unit: Unit, year: int, today: date) -> list[WeakCandidate]:
    """Propose as candidates the organizations with a trigger; the county decides on each."""
    require_write(actor, unit.path, ASSESSMENT)
    with transaction.atomic():
        taken = set(
            WeakCandidate.objects.filter(year=year, unit_path__startswith=unit.path).values_list(
                "organization_id", flat=True
            )
        )
        new = [
            WeakCandidate(
                year=year,
                organization=org,
                village_id=org.unit_id,
                unit_path=org.unit.path,
                proposed_by=WeakProposer.SCREENING,
                triggers=found,
                details=details,
            )
            for org, found, details in screening(unit, year, today)
            if found and org.pk not in taken
        ]
        WeakCandidate.objects.bulk_create(new)
        audit_log(
            actor=actor,
            action=audit_actions.WEAK["screen"],
            unit_path=unit.path,
            object_type="org.unit",
            object_id=str(unit.pk),
            object_label=unit.name,
            changes={"candidates": [0, len(new)]},
        )
    return new


def weak_propose(
    *, actor: Any, organization: PartyOrganization, year: int, reason: str
) -> WeakCandidate:
    """The county review meeting proposes an organization the triggers did not."""
    require_write(actor, organization.unit.path, ASSESSMENT)
    _require_county(actor)
    reason = clean_text_value(reason, field="decision_note")
    if not reason:
        raise InvalidInput(gettext_noop("Say why."), field="decision_note")
    if WeakCandidate.objects.filter(year=year, organization=organization).exists():
        raise WrongState(gettext_noop("This organization is already a candidate this year."))
    with transaction.atomic():
        candidate = WeakCandidate.objects.create(
            year=year,
            organization=organization,
            village=organization.unit,
            unit_path=organization.unit.path,
            proposed_by=WeakProposer.REVIEW_MEETING,
            decision_note=reason,
        )
        audit_log(actor=actor, action=audit_actions.WEAK["propose"], obj=candidate)
    return candidate


def weak_decide(
    *, actor: Any, candidate: WeakCandidate, identify: bool, note: str, today: date | None = None
) -> WeakCandidate:
    """The county identifies a candidate (then it is published) or dismisses it."""
    today = today or local_today()
    require_write(actor, candidate.unit_path, ASSESSMENT)
    _require_county(actor)
    note = clean_text_value(note, field="decision_note")
    if not note:
        raise InvalidInput(gettext_noop("Say why."), field="decision_note")
    with transaction.atomic():
        candidate = locked(candidate)
        return transition(
            candidate,
            "identify" if identify else "dismiss",
            actor=actor,
            table=states.WEAK,
            changes={"decision_note": note, "identified_on": today if identify else None},
            audited=(),
        )


def weak_plan(
    *, actor: Any, candidate: WeakCandidate, plan: str, rectify_by: date
) -> WeakCandidate:
    require_write(actor, candidate.unit_path, ASSESSMENT)
    plan = clean_text_value(plan, field="plan")
    if not plan:
        raise InvalidInput(gettext_noop("Write the plan."), field="plan")
    with transaction.atomic():
        candidate = locked(candidate)
        return transition(
            candidate,
            "plan",
            actor=actor,
            table=states.WEAK,
            changes={"plan": plan, "rectify_by": rectify_by},
            audited=("rectify_by",),
        )


def weak_follow_up(*, actor: Any, candidate: WeakCandidate, on: date, note: str) -> WeakFollowUp:
    require_write(actor, candidate.unit_path, ASSESSMENT)
    note = clean_text_value(note, field="note")
    if not note:
        raise InvalidInput(gettext_noop("Write what was found."), field="note")
    with transaction.atomic():
        candidate = locked(candidate)
        transition(candidate, "follow_up", actor=actor, table=states.WEAK)
        return WeakFollowUp.objects.create(candidate=candidate, on=on, note=note, created_by=actor)


def weak_delist(*, actor: Any, candidate: WeakCandidate, today: date) -> WeakCandidate:
    """Accept the rectification and delist (the county)."""
    require_write(actor, candidate.unit_path, ASSESSMENT)
    _require_county(actor)
    with transaction.atomic():
        candidate = locked(candidate)
        if not candidate.followups.exists():
            raise WrongState(gettext_noop("Record at least one follow-up before acceptance."))
        return transition(
            candidate, "delist", actor=actor, table=states.WEAK, changes={"delisted_on": today}
        )


# --- appraisal, organizational life, training -------------------------------------------------


def appraisal_record(
    *, actor: Any, person: Person, year: int, grade: str, appraised_on: date
) -> Appraisal:
    """Record a committee member's yearly democratic appraisal (one per year)."""
    require_write(actor, person.village.path, ASSESSMENT)
    if Appraisal.objects.filter(year=year, person=person).exists():
        raise WrongState(gettext_noop("This member was already appraised that year."))
    with transaction.atomic():
        appraisal = Appraisal.objects.create(
            year=year,
            person=person,
            village=person.village,
            unit_path=person.village.path,
            grade=grade,
            appraised_on=appraised_on,
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action=audit_actions.APPRAISAL["record"],
            obj=appraisal,
            changes={"grade": ["", grade]},
        )
    return appraisal


def org_life_record(
    *,
    actor: Any,
    organization: PartyOrganization,
    kind: str,
    held_on: date,
    topic: str,
    expected: int,
    attendees: Sequence[Person] = (),
) -> OrgLifeMeeting:
    village = organization.unit
    require_write(actor, village.path, ORG_LIFE)
    topic = clean_text_value(topic, field="topic")
    if not topic:
        raise InvalidInput(gettext_noop("Write the topic."), field="topic")
    if any(p.village_id != village.pk for p in attendees):
        raise InvalidInput(gettext_noop("Attendees must be of this village."), field="attendees")
    if len(attendees) > expected:
        raise InvalidInput(gettext_noop("More attended than were expected."), field="expected")
    with transaction.atomic():
        meeting = OrgLifeMeeting.objects.create(
            organization=organization,
            village=village,
            unit_path=village.path,
            kind=kind,
            held_on=held_on,
            topic=topic,
            expected=expected,
            created_by=actor,
        )
        meeting.attendees.set(attendees)
        audit_log(
            actor=actor,
            action=audit_actions.ORG_LIFE["record"],
            obj=meeting,
            changes={"kind": ["", kind], "attended": [0, len(attendees)]},
        )
    return meeting


def training_record(
    *,
    actor: Any,
    unit: Unit,
    course: str,
    area: str,
    mode: str,
    starts_on: date,
    ends_on: date,
    hours: int,
    base: str = "",
    attendees: Sequence[Person] = (),
) -> TrainingSession:
    require_write(actor, unit.path, ORG_LIFE)
    course = clean_text_value(course, field="course")
    if not course:
        raise InvalidInput(gettext_noop("Write the course."), field="course")
    if ends_on < starts_on:
        raise InvalidInput(gettext_noop("The end must not be before the start."), field="ends_on")
    if hours <= 0:
        raise InvalidInput(gettext_noop("The hours must be more than 0."), field="hours")
    if any(not p.village.path.startswith(unit.path) for p in attendees):
        raise InvalidInput(gettext_noop("Attendees must be of your area."), field="attendees")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            unit=unit,
            unit_path=unit.path,
            course=course,
            area=area,
            mode=mode,
            base=clean_text_value(base, field="base"),
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
            created_by=actor,
        )
        session.attendees.set(attendees)
        audit_log(
            actor=actor,
            action=audit_actions.TRAINING["record"],
            obj=session,
            changes={"hours": [0, hours], "attended": [0, len(attendees)]},
        )
    return session
