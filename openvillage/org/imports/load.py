"""Pass 2 of an import: write a file that pass 1 found valid, as upserts in batches.

Called inside one ``transaction.atomic``. Each kind re-reads the file in chunks and upserts by
natural key (unit: code; person: ID hash, or village + name + birth date when there is no ID;
household: village + number; roll entry: person; term: village + person + body + post + start).
A row equal to what is stored is counted as unchanged and not written, so that importing the
same file twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from openvillage.core.crypto import protect_phone
from openvillage.org.imports.validate import (
    Checker,
    Parsed,
    PostsChecker,
    RollChecker,
    UnitChecker,
    _is_hashed,
    resolve_masked,
)
from openvillage.org.models import Household, Level, Person, RollEntry, Term, Unit
from openvillage.org.services import touch_public

BATCH = 2000

ROLL_PERSON_FIELDS = ("name", "gender", "birth_date")
PEOPLE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "education",
    "phone",
    "party_status",
    "party_joined_on",
)
_DEFAULTS = {"education": "", "phone": "", "party_status": "none", "party_joined_on": None}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def _person_values(parsed: Parsed, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {f: parsed.values[f] for f in fields if f in parsed.values}
    if "party_status" in values and not values["party_status"]:
        values["party_status"] = "none"
    if "phone" in values:  # sealed, with a lookup hash; the column shows the mask (core.crypto)
        phone = values.pop("phone") or ""
        if "*" not in phone:  # a masked phone (from a masked copy) keeps the stored one
            values.update(protect_phone(phone).fields())
    return values


def _hash_of(parsed: Parsed) -> str | None:
    if _is_hashed(parsed):
        return parsed.values["id_number"].hash
    return parsed.extra.get("hash")


def upsert_people(chunk: list[Parsed], fields: tuple[str, ...], counts: Counts) -> dict[int, int]:
    """Create or update the people of a chunk; return ``{row: person id}``."""
    resolve_masked(chunk, None)
    hashes = {h for h in (_hash_of(p) for p in chunk) if h}
    by_hash = {p.id_hash: p for p in Person.objects.filter(id_hash__in=hashes)}
    # A row with an ID number may also complete a person first registered without one.
    named = [p for p in chunk if _hash_of(p) not in by_hash]
    by_name: dict[tuple, Person] = {}
    if named:
        stored = Person.objects.filter(
            village_id__in={p.village.id for p in named},
            name__in={p.values["name"] for p in named},
            id_hash__isnull=True,
        ).order_by("-pk")
        by_name = {(p.village_id, p.name, p.birth_date): p for p in stored}
    now = timezone.now()
    creates, updates, changed_fields, found = [], [], set(), {}
    for parsed in chunk:
        hashed = _hash_of(parsed)
        wanted = _person_values(parsed, fields)
        protected = parsed.values.get("id_number")
        person = by_hash.get(hashed) if hashed else None
        if person is None:
            person = by_name.pop((parsed.village.id, wanted["name"], wanted["birth_date"]), None)
            if person is not None and hashed:
                wanted.update(id_hash=hashed, id_masked=protected.masked)
        if person is None:
            person = Person(
                village=parsed.village,
                id_hash=hashed,
                id_masked=getattr(protected, "masked", ""),
                **{**_DEFAULTS, **wanted},
            )
            creates.append((parsed.row, person))
            continue
        found[parsed.row] = person.pk
        diff = [name for name, value in wanted.items() if getattr(person, name) != value]
        if "phone_hash" not in diff:  # a new seal of the same phone is no change
            diff = [name for name in diff if name not in ("phone", "phone_sealed")]
        if not diff:
            counts.unchanged += 1
            continue
        for name in diff:
            setattr(person, name, wanted[name])
        person.updated_at = now
        changed_fields.update(diff)
        updates.append(person)
    Person.objects.bulk_create([p for _, p in creates], batch_size=BATCH)
    # A renamed cadre shows on the public team page: move those villages' pages on.
    touch_public({p.village_id for p in updates})
    if updates:
        Person.objects.bulk_update(updates, [*changed_fields, "updated_at"], batch_size=BATCH)
    counts.created += len(creates)
    counts.updated += len(updates)
    found.update({row: person.pk for row, person in creates})
    return found


def load_people(checker: Checker, chunks: Iterable[list[Parsed]]) -> dict[str, Counts]:
    counts = Counts()
    for chunk in chunks:
        upsert_people(chunk, PEOPLE_FIELDS, counts)
    return {"people": counts}


def upsert_households(
    wanted: dict[tuple[int, str], tuple[str | None, str | None]], counts: Counts
) -> dict[tuple[int, str], int]:
    """Create or update households ``{(village id, number): (group, address)}``; None keeps."""
    ids: dict[tuple[int, str], int] = {}
    villages = {village_id for village_id, _ in wanted}
    stored = Household.objects.filter(village_id__in=villages).only(
        "pk", "village_id", "number", "village_group", "address"
    )
    updates = []
    for household in stored.iterator(chunk_size=BATCH):
        key = (household.village_id, household.number)
        if key not in wanted:
            continue
        ids[key] = household.pk
        group, address = wanted[key]
        new_group = household.village_group if group is None else group
        new_address = household.address if address is None else address
        if (new_group, new_address) == (household.village_group, household.address):
            counts.unchanged += 1
            continue
        household.village_group, household.address = new_group, new_address
        updates.append(household)
    creates = [
        Household(village_id=key[0], number=key[1], village_group=g or "", address=a or "")
        for key, (g, a) in wanted.items()
        if key not in ids
    ]
    Household.objects.bulk_create(creates, batch_size=BATCH)
    Household.objects.bulk_update(updates, ["village_group", "address"], batch_size=BATCH)
    counts.created += len(creates)
    counts.updated += len(updates)
    ids.update({(h.village_id, h.number): h.pk for h in creates})
    return ids


def load_households(checker: Checker, chunks: Iterable[list[Parsed]]) -> dict[str, Counts]:
    counts = Counts()
    for chunk in chunks:
        wanted = {
            (p.village.id, p.values["number"]): (
                p.values.get("village_group") if "village_group" in checker.present else None,
                p.values.get("address") if "address" in checker.present else None,
            )
            for p in chunk
        }
        upsert_households(wanted, counts)
    return {"households": counts}


def load_roll(checker: RollChecker, chunks: Iterable[list[Parsed]]) -> dict[str, Counts]:
    """Households first (from pass 1's keys), then people and roll entries chunk by chunk.

    Heads are written last: a household may change its head within the file, and the former
    head must step down before the new one is written (one head per household, a constraint).
    """
    counts = {"households": Counts(), "people": Counts(), "roll": Counts()}
    present = checker.present
    wanted = {
        key: (
            group if "village_group" in present else None,
            address if "address" in present else None,
        )
        for key, (_row, group, address) in checker.households.items()
    }
    household_ids = upsert_households(wanted, counts["households"])
    heads: list[tuple[int, int, str]] = []
    for chunk in chunks:
        people = upsert_people(chunk, ROLL_PERSON_FIELDS, counts["people"])
        stored = {e.person_id: e for e in RollEntry.objects.filter(person_id__in=people.values())}
        creates, updates = [], []
        for parsed in chunk:
            values = parsed.values
            person_id = people[parsed.row]
            household_id = household_ids[(parsed.village.id, values["household_number"])]
            want = (household_id, values["relation"], values["registration"])
            entry = stored.get(person_id)
            now = entry and (entry.household_id, entry.relation, entry.registration)
            if now == want:
                counts["roll"].unchanged += 1
            elif values["relation"] == "head":
                heads.append((person_id, household_id, values["registration"]))
            elif entry is None:
                creates.append(
                    RollEntry(
                        person_id=person_id,
                        household_id=household_id,
                        relation=want[1],
                        registration=want[2],
                    )
                )
            else:
                entry.household_id, entry.relation, entry.registration = want
                updates.append(entry)
        _write_entries(creates, updates, counts["roll"])
    _write_heads(heads, counts["roll"])
    return counts


def _write_entries(creates: list[RollEntry], updates: list[RollEntry], counts: Counts) -> None:
    RollEntry.objects.bulk_create(creates, batch_size=BATCH)
    RollEntry.objects.bulk_update(
        updates, ["household_id", "relation", "registration"], batch_size=BATCH
    )
    counts.created += len(creates)
    counts.updated += len(updates)


def _write_heads(heads: list[tuple[int, int, str]], counts: Counts) -> None:
    # Step down every head that changes first, so that no household has two heads at once.
    for start in range(0, len(heads), BATCH):
        person_ids = [person_id for person_id, _, _ in heads[start : start + BATCH]]
        RollEntry.objects.filter(person_id__in=person_ids, relation="head").update(relation="other")
    for start in range(0, len(heads), BATCH):
        batch = heads[start : start + BATCH]
        stored = {
            e.person_id: e for e in RollEntry.objects.filter(person_id__in=[p for p, _, _ in batch])
        }
        creates, updates = [], []
        for person_id, household_id, registration in batch:
            entry = stored.get(person_id)
            if entry is None:
                creates.append(
                    RollEntry(
                        person_id=person_id,
                        household_id=household_id,
                        relation="head",
                        registration=registration,
                    )
                )
            else:
                entry.household_id, entry.relation = household_id, "head"
                entry.registration = registration
                updates.append(entry)
        _write_entries(creates, updates, counts)


def load_posts(checker: PostsChecker, chunks: Iterable[list[Parsed]]) -> dict[str, Counts]:
    """Terms are few (a village has a dozen posts): pass 1 kept them; ended terms go first."""
    counts = Counts()
    stored = Term.objects.in_bulk([t.pk for t in checker.terms if t.pk])
    updates, creates = [], []
    for term in checker.terms:
        existing = stored.get(term.pk) if term.pk else None
        if existing is None:
            creates.append(
                Term(
                    village_id=term.village_id,
                    person_id=term.person_id,
                    body=term.body,
                    post=term.post,
                    started_on=term.started_on,
                    ended_on=term.ended_on,
                    end_reason=term.end_reason,
                )
            )
        elif (existing.ended_on, existing.end_reason) == (term.ended_on, term.end_reason):
            counts.unchanged += 1
        else:
            existing.ended_on, existing.end_reason = term.ended_on, term.end_reason
            updates.append(existing)
    Term.objects.bulk_update(updates, ["ended_on", "end_reason"], batch_size=BATCH)
    Term.objects.bulk_create(creates, batch_size=BATCH)
    touch_public({t.village_id for t in [*creates, *updates]})
    counts.created, counts.updated = len(creates), len(updates)
    return {"terms": counts}


LEVEL_ORDER = {Level.COUNTY: 0, Level.TOWN: 1, Level.VILLAGE: 2}


def load_units(checker: UnitChecker, chunks: Iterable[list[Parsed]]) -> dict[str, Counts]:
    """Units are few (a county has a few hundred): parents are created before their children."""
    counts = Counts()
    rows = sorted(
        (p for chunk in chunks for p in chunk),
        key=lambda p: (LEVEL_ORDER[p.values["level"]], p.row),
    )
    codes = {p.values["code"] for p in rows} | {p.values.get("parent_code") for p in rows}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes - {"", None})}
    updates = []
    for parsed in rows:
        values = parsed.values
        kind = values.get("kind") or values["level"]
        unit = units.get(values["code"])
        if unit is None:
            parent = units.get(values.get("parent_code") or "")
            unit = Unit.objects.create(
                code=values["code"],
                name=values["name"],
                level=values["level"],
                kind=kind,
                parent=parent,
                path=checker.units[values["code"]][2],
            )
            units[unit.code] = unit
            counts.created += 1
        elif (unit.name, unit.kind) == (values["name"], kind) or (
            "kind" not in values and unit.name == values["name"]
        ):
            counts.unchanged += 1
        else:
            unit.name = values["name"]
            unit.kind = kind if "kind" in values else unit.kind
            updates.append(unit)
    Unit.objects.bulk_update(updates, ["name", "kind"])
    touch_public({u.id for u in updates})  # a new name shows on the county and village pages
    counts.updated = len(updates)
    return {"units": counts}


LOADERS = {
    "units": load_units,
    "people": load_people,
    "households": load_households,
    "roll": load_roll,
    "posts": load_posts,
}
