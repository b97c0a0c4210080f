"""Pass 1 of an import: check every row, collecting every error, without writing anything.

Rows are parsed one by one (syntax: dates, choices, ID numbers) and checked in chunks against
the database (one query per chunk, not per row) and against the earlier rows of the file. Only
small keys stay in memory for the whole file: ID hashes and name/birth keys of people, household
numbers and heads, unit codes, and the terms of office (a handful per village).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from openvillage.core import permissions
from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError, InvalidInput
from openvillage.core.idnumbers import ProtectedId, protect_id_number
from openvillage.core.text import gettext_noop
from openvillage.org import rules
from openvillage.org.imports.templates import (
    CHOICE,
    CODE,
    DATE,
    ID,
    KINDS,
    Column,
    choice_lookup,
    normalize_label,
)
from openvillage.org.models import Level, Person, RollEntry, Term, Unit

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class MaskedId:
    """A masked ID number as exported (``990101********0014``): keep the stored number."""

    masked: str


@dataclass
class Parsed:
    row: int
    values: dict[str, Any]
    village: Unit | None = None
    key: Any = None  # the natural key of the person (hash, or village/name/birth)
    extra: dict[str, Any] = field(default_factory=dict)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 100000:  # an Excel serial day number in a cell without a date format
            return _EXCEL_EPOCH + timedelta(days=int(value))
        value = _text(value)
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{8}", text):
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        match = _DATE_RE.match(text)
        if match:
            return date(*(int(g) for g in match.groups()))
    except ValueError:
        pass
    raise InvalidInput(
        gettext_noop("%(value)s is not a date; write it as 2024-03-31."), {"value": text}
    )


def parse_id(value: Any) -> ProtectedId | MaskedId | None:
    if isinstance(value, float):
        raise InvalidInput(
            gettext_noop(
                "Excel stored this ID number as a number and lost its last digits; format the "
                "column as text and type the number again."
            )
        )
    text = _text(value).upper()
    if not text:
        return None
    if "*" in text:
        if len(text) != 18:
            raise InvalidInput(
                gettext_noop("An ID number has 18 characters; this one has %(length)s."),
                {"length": len(text)},
            )
        return MaskedId(text)
    return protect_id_number(text)


class RowParser:
    """Turn one row's cells into typed values, collecting an error per bad cell."""

    def __init__(self, kind: str) -> None:
        self.columns = KINDS[kind]
        self.lookups = {c.key: choice_lookup(c.choices) for c in self.columns if c.type == CHOICE}

    def parse(self, record: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        values: dict[str, Any] = {}
        errors: list[tuple[str, str]] = []
        for column in self.columns:
            if column.key not in record:
                continue
            try:
                values[column.key] = self.cell(column, record[column.key])
            except DomainError as error:
                errors.append((column.key, error.translated()))
        return values, errors

    def cell(self, column: Column, raw: Any) -> Any:
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if empty:
            if column.required:
                raise InvalidInput(gettext_noop("This column is required."))
            return None if column.type in (DATE, ID) else ""
        if column.type == DATE:
            return parse_date(raw)
        if column.type == ID:
            return parse_id(raw)
        text = _text(raw)
        if column.type == CHOICE:
            value = self.lookups[column.key].get(normalize_label(text))
            if value is None:
                raise InvalidInput(
                    gettext_noop("%(value)s is not one of the allowed values: %(values)s."),
                    {"value": text, "values": "、".join(_choice_labels(column))},
                )
            return value
        if column.type == CODE and not rules.CODE_RE.match(text):
            raise InvalidInput(
                gettext_noop("A division code has exactly 12 digits; %(code)s does not."),
                {"code": text},
            )
        if column.max_length and len(text) > column.max_length:
            raise InvalidInput(
                gettext_noop("At most %(n)s characters; this has %(length)s."),
                {"n": column.max_length, "length": len(text)},
            )
        return text


def _choice_labels(column: Column) -> list[str]:
    from openvillage.org.imports.templates import CHOICE_LABELS

    return list(CHOICE_LABELS[column.choices].values())


class Checker:
    """Pass 1 for one kind: collects every error as ``{row: [(column key, message)]}``."""

    kind = ""

    def __init__(self, actor: Any, target: Unit) -> None:
        self.actor = actor
        self.target = target
        self.parser = RowParser(self.kind)
        self.errors: dict[int, list[tuple[str, str]]] = defaultdict(list)
        self.rows = 0
        self._units: dict[str, Unit | tuple[str, dict[str, Any]]] = {}
        self.present: set[str] = set()

    def error(self, row: int, key: str, message: str, params: dict | None = None) -> None:
        self.errors[row].append((key, InvalidInput(message, params).translated()))

    def parse(self, row: int, record: dict[str, Any]) -> Parsed | None:
        self.rows += 1
        self.present = set(record)  # the columns of the file (absent ones keep stored values)
        values, errors = self.parser.parse(record)
        for key, message in errors:
            self.errors[row].append((key, message))
        parsed = Parsed(row, values)
        if "village_code" in [c.key for c in self.parser.columns]:
            parsed.village = self.village_for(row, values.get("village_code", ""))
        if errors or (parsed.village is None and self.needs_village):
            return None
        return parsed

    needs_village = True

    def village_for(self, row: int, code: str | None) -> Unit | None:
        """The village a row belongs to (the target when the code is empty), scope checked."""
        if not code:
            if self.target.level == Level.VILLAGE:
                return self.target
            self.error(
                row,
                "village_code",
                gettext_noop("Give the village code: %(unit)s is not a village."),
                {"unit": self.target.name},
            )
            return None
        if code not in self._units:
            self._units[code] = self._resolve_village(code)
        found = self._units[code]
        if isinstance(found, tuple):
            self.error(row, "village_code", found[0], found[1])
            return None
        return found

    def _resolve_village(self, code: str) -> Unit | tuple[str, dict[str, Any]]:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            return gettext_noop("No unit has the division code %(code)s."), {"code": code}
        if unit.level != Level.VILLAGE:
            return gettext_noop("%(code)s is not the code of a village."), {"code": code}
        if not unit.path.startswith(self.target.path):
            return (
                gettext_noop("Village %(code)s is not in %(unit)s, where this file is imported."),
                {"code": code, "unit": self.target.name},
            )
        try:
            permissions.require_write(self.actor, unit.path, permissions.ORG)
        except DomainError as error:
            return error.message, error.params
        return unit

    def check_chunk(self, chunk: list[Parsed]) -> None:
        """Check a chunk of parsed rows against the database and the earlier rows."""

    def finish(self) -> None:
        """Checks that need the whole file (heads of households, overlapping terms)."""


def person_key(parsed: Parsed, hashed: str | None) -> tuple:
    if hashed:
        return ("h", hashed)
    values = parsed.values
    return ("n", parsed.village.id, values["name"], values["birth_date"])


class PeopleChecker(Checker):
    """People: one row per person; the key is the ID hash, or village + name + birth date."""

    kind = "people"

    def __init__(self, actor: Any, target: Unit) -> None:
        super().__init__(actor, target)
        self.seen: dict[tuple, int] = {}

    def parse(self, row: int, record: dict[str, Any]) -> Parsed | None:
        parsed = super().parse(row, record)
        if parsed is None:
            return None
        values = parsed.values
        protected = values.get("id_number")
        number = str(record.get("id_number") or "") if isinstance(protected, ProtectedId) else ""
        # Issue 12: the birth date agrees with the ID number and is not in the future; a mobile
        # phone has 11 digits (org.rules.person_problems). Every problem of the row is reported.
        problems = rules.person_problems(
            birth_date=values.get("birth_date"),
            id_number=number,
            phone=str(values.get("phone") or ""),
            today=local_today(),
        )
        for column, message, params in problems:
            self.error(row, column, message, params)
        if problems:
            return None
        if "phone" in values and values["phone"]:
            values["phone"] = rules.normalize_mobile(str(values["phone"]))
        if self.kind == "people" and not self._party_ok(row, values):
            return None
        return parsed

    def _party_ok(self, row: int, values: dict[str, Any]) -> bool:
        if values.get("party_status") in ("", None, "none") or values.get("party_joined_on"):
            return True
        self.error(
            row,
            "party_joined_on",
            gettext_noop("A party member needs the date they joined the party."),
        )
        return False

    def check_chunk(self, chunk: list[Parsed]) -> None:
        resolve_masked(chunk, self)
        hashes = [p.values["id_number"].hash for p in chunk if _is_hashed(p)]
        elsewhere = dict(
            Person.objects.filter(id_hash__in=hashes).values_list("id_hash", "village_id")
        )
        for parsed in chunk:
            if _is_masked(parsed) and "hash" not in parsed.extra:
                continue  # refused by resolve_masked
            hashed = parsed.extra.get("hash")
            if _is_hashed(parsed):
                hashed = parsed.values["id_number"].hash
                village_id = elsewhere.get(hashed)
                if village_id is not None and village_id != parsed.village.id:
                    self.error(
                        parsed.row,
                        "id_number",
                        gettext_noop(
                            "A person with this ID number is registered in another village."
                        ),
                    )
                    continue
            parsed.key = person_key(parsed, hashed)
            first = self.seen.setdefault(parsed.key, parsed.row)
            if first != parsed.row:
                column = "id_number" if hashed else "name"
                self.error(
                    parsed.row,
                    column,
                    gettext_noop("The same person is already on row %(row)s."),
                    {"row": first},
                )
                parsed.key = None
                continue
            self.check_row(parsed)

    def check_row(self, parsed: Parsed) -> None:
        """Further checks of a valid person row (the roll adds its household checks)."""


def _is_hashed(parsed: Parsed) -> bool:
    return isinstance(parsed.values.get("id_number"), ProtectedId)


def _is_masked(parsed: Parsed) -> bool:
    return isinstance(parsed.values.get("id_number"), MaskedId)


def resolve_masked(chunk: list[Parsed], checker: Checker | None) -> None:
    """Find the stored hash behind each masked ID (same village, name, birth date and mask)."""
    masked = [p for p in chunk if _is_masked(p)]
    if not masked:
        return
    found: dict[tuple, list[str]] = defaultdict(list)
    rows = Person.objects.filter(
        village_id__in={p.village.id for p in masked},
        id_masked__in={p.values["id_number"].masked for p in masked},
    ).values_list("village_id", "name", "birth_date", "id_masked", "id_hash")
    for village_id, name, born, mask, hashed in rows:
        found[(village_id, name, born, mask)].append(hashed)
    for parsed in masked:
        values = parsed.values
        key = (parsed.village.id, values.get("name"), values.get("birth_date"))
        hashes = found.get((*key, values["id_number"].masked), [])
        if len(hashes) == 1:
            parsed.extra["hash"] = hashes[0]
        elif checker is not None:
            checker.error(
                parsed.row,
                "id_number",
                gettext_noop(
                    "A masked ID number keeps the stored one, but nobody here is registered with "
                    "this name, birth date and ID number; type the full ID number."
                ),
            )


class RollChecker(PeopleChecker):
    """The roll: a person per row, with their household and relation to its head."""

    kind = "roll"

    def __init__(self, actor: Any, target: Unit) -> None:
        super().__init__(actor, target)
        # (village id, household number) -> [first row, group, address]
        self.households: dict[tuple[int, str], list[Any]] = {}
        self.heads: dict[tuple[int, str], tuple[int, tuple]] = {}

    def check_row(self, parsed: Parsed) -> None:
        values = parsed.values
        number = values["household_number"]
        key = (parsed.village.id, number)
        known = self.households.setdefault(key, [parsed.row, "", ""])
        for index, column in ((1, "village_group"), (2, "address")):
            given = values.get(column) or ""
            if given and known[index] and given != known[index]:
                self.error(
                    parsed.row,
                    column,
                    gettext_noop("Household %(number)s has %(value)s here but %(other)s earlier."),
                    {"number": number, "value": given, "other": known[index]},
                )
            elif given:
                known[index] = given
        if values["relation"] == "head":
            first = self.heads.setdefault(key, (parsed.row, parsed.key))
            if first[0] != parsed.row:
                self.error(
                    parsed.row,
                    "relation",
                    gettext_noop("Household %(number)s already has a head on row %(row)s."),
                    {"number": number, "row": first[0]},
                )

    def finish(self) -> None:
        """A head in the file must not meet another head already stored for that household."""
        villages = {village_id for village_id, _ in self.heads}
        stored = RollEntry.objects.filter(
            household__village_id__in=villages, relation="head"
        ).values_list(
            "household__village_id",
            "household__number",
            "person__id_hash",
            "person__name",
            "person__birth_date",
        )
        for village_id, number, hashed, name, born in stored.iterator(chunk_size=2000):
            file_head = self.heads.get((village_id, number))
            if file_head is None:
                continue
            key = ("h", hashed) if hashed else ("n", village_id, name, born)
            if key != file_head[1] and key not in self.seen:
                self.error(
                    file_head[0],
                    "relation",
                    gettext_noop(
                        "Household %(number)s already has %(name)s as its head; change that "
                        "person's relation in the same file."
                    ),
                    {"number": number, "name": name},
                )


class HouseholdChecker(Checker):
    kind = "households"

    def __init__(self, actor: Any, target: Unit) -> None:
        super().__init__(actor, target)
        self.seen: dict[tuple[int, str], int] = {}

    def check_chunk(self, chunk: list[Parsed]) -> None:
        for parsed in chunk:
            key = (parsed.village.id, parsed.values["number"])
            first = self.seen.setdefault(key, parsed.row)
            if first != parsed.row:
                self.error(
                    parsed.row,
                    "number",
                    gettext_noop("Household %(number)s is already on row %(row)s."),
                    {"number": parsed.values["number"], "row": first},
                )


@dataclass
class TermRow:
    row: int
    village_id: int
    person_id: int
    body: str
    post: str
    started_on: date
    ended_on: date | None
    end_reason: str
    pk: int | None = None

    @property
    def key(self) -> tuple:
        return (self.village_id, self.person_id, self.body, self.post, self.started_on)

    def facts(self) -> rules.TermFacts:
        return rules.TermFacts(self.person_id, self.body, self.post, self.started_on, self.ended_on)


class PostsChecker(Checker):
    """Terms of office: the person must be registered; the rules of org.rules.check_term hold."""

    kind = "posts"

    def __init__(self, actor: Any, target: Unit) -> None:
        super().__init__(actor, target)
        self.terms: list[TermRow] = []
        self.seen: dict[tuple, int] = {}

    def parse(self, row: int, record: dict[str, Any]) -> Parsed | None:
        parsed = super().parse(row, record)
        if parsed is None:
            return None
        values = parsed.values
        if not values.get("id_number") and not values.get("birth_date"):
            self.error(
                row,
                "birth_date",
                gettext_noop("Give the ID number or the birth date to identify the person."),
            )
            return None
        ended, reason = values.get("ended_on"), values.get("end_reason")
        if reason and not ended:
            self.error(row, "ended_on", gettext_noop("An end reason needs the end date."))
            return None
        return parsed

    def check_chunk(self, chunk: list[Parsed]) -> None:
        resolve_masked(chunk, self)
        people = find_people(chunk)
        for parsed in chunk:
            person_id = self._person(parsed, people)
            if person_id is None:
                continue
            values = parsed.values
            term = TermRow(
                parsed.row,
                parsed.village.id,
                person_id,
                values["body"],
                values["post"],
                values["started_on"],
                values.get("ended_on"),
                values.get("end_reason") or ("term_ended" if values.get("ended_on") else ""),
            )
            first = self.seen.setdefault(term.key, term.row)
            if first != term.row:
                self.error(
                    term.row,
                    "started_on",
                    gettext_noop("The same term is already on row %(row)s."),
                    {"row": first},
                )
                continue
            self.terms.append(term)

    def _person(self, parsed: Parsed, people: dict[tuple, list[tuple]]) -> int | None:
        values = parsed.values
        if _is_masked(parsed) and "hash" not in parsed.extra:
            return None
        hashed = parsed.extra.get("hash") or (
            values["id_number"].hash if _is_hashed(parsed) else None
        )
        if hashed:
            match = [m for m in people.get(("h", hashed), []) if m[2] == parsed.village.id]
            if match and match[0][1] != values["name"]:
                self.error(
                    parsed.row,
                    "name",
                    gettext_noop("The ID number belongs to a person with another name."),
                )
                return None
        else:
            match = people.get(("n", parsed.village.id, values["name"], values["birth_date"]), [])
        if len(match) == 1:
            return match[0][0]
        if not match:
            self.error(
                parsed.row,
                "name",
                gettext_noop(
                    "%(name)s is not registered in this village; import the people or the roll "
                    "first."
                ),
                {"name": values["name"]},
            )
        else:
            self.error(
                parsed.row,
                "id_number",
                gettext_noop(
                    "Several people here have this name and birth date; give the ID number."
                ),
            )
        return None

    def finish(self) -> None:
        """Check every term against the stored terms it does not replace and the earlier rows."""
        villages = {t.village_id for t in self.terms}
        stored: dict[int, list[TermRow]] = defaultdict(list)
        for term in Term.objects.filter(village_id__in=villages):
            stored[term.village_id].append(
                TermRow(
                    0,
                    term.village_id,
                    term.person_id,
                    term.body,
                    term.post,
                    term.started_on,
                    term.ended_on,
                    term.end_reason,
                    term.pk,
                )
            )
        keys = {t.key for t in self.terms}
        by_key = {t.key: t for ts in stored.values() for t in ts}
        earlier: dict[int, list[TermRow]] = defaultdict(list)
        for term in self.terms:
            if term.key in by_key:
                term.pk = by_key[term.key].pk
            others = [t for t in stored[term.village_id] if t.key not in keys]
            if self._conflict(term, [*others, *earlier[term.village_id]]):
                continue
            earlier[term.village_id].append(term)

    def _conflict(self, term: TermRow, others: list[TermRow]) -> bool:
        new = term.facts()
        try:
            rules.check_term(new, [], [])
            for other in others:
                facts = other.facts()
                same_person = [facts] if other.person_id == term.person_id else []
                same_post = [facts] if (other.body, other.post) == (term.body, term.post) else []
                try:
                    rules.check_term(new, same_person, same_post)
                except InvalidInput as error:
                    if other.row:
                        error.message = error.message + " " + gettext_noop("(See row %(row)s.)")
                        error.params["row"] = other.row
                    raise
        except InvalidInput as error:
            column = error.field if error.field in {c.key for c in KINDS["posts"]} else "post"
            self.errors[term.row].append((column, _render(error)))
            return True
        return False


def _render(error: InvalidInput) -> str:
    """Translate a message that may be two sentences joined by the importer."""
    from django.utils.translation import gettext

    suffix = " " + gettext_noop("(See row %(row)s.)")
    if error.message.endswith(suffix):
        head = error.message[: -len(suffix)]
        return error.render(gettext(head)) + " " + error.render(gettext(suffix.strip()))
    return error.translated()


def find_people(chunk: list[Parsed]) -> dict[tuple, list[tuple]]:
    """Stored people of a chunk's rows by key: ("h", hash) and ("n", village, name, birth).

    Each value lists ``(pk, name, village id)`` of the people with that key.
    """
    hashes = {p.extra.get("hash") for p in chunk} | {
        p.values["id_number"].hash for p in chunk if _is_hashed(p)
    }
    hashes.discard(None)
    found: dict[tuple, list[tuple]] = defaultdict(list)
    for pk, hashed, name, village_id in Person.objects.filter(id_hash__in=hashes).values_list(
        "pk", "id_hash", "name", "village_id"
    ):
        found[("h", hashed)].append((pk, name, village_id))
    named = [p for p in chunk if not p.values.get("id_number")]
    if named:
        rows = Person.objects.filter(
            village_id__in={p.village.id for p in named},
            name__in={p.values["name"] for p in named},
        ).values_list("pk", "village_id", "name", "birth_date")
        for pk, village_id, name, born in rows:
            found[("n", village_id, name, born)].append((pk, name, village_id))
    return found


class UnitChecker(Checker):
    """Administrative units under the target: the parent must exist or come earlier."""

    kind = "units"
    needs_village = False

    def __init__(self, actor: Any, target: Unit) -> None:
        super().__init__(actor, target)
        # code -> (row, level, path, parent code) of every unit of the file
        self.units: dict[str, tuple[int, str, str, str]] = {}
        self.changes: list[dict[str, Any]] = []

    def check_chunk(self, chunk: list[Parsed]) -> None:
        codes = {p.values["code"] for p in chunk} | {p.values.get("parent_code") for p in chunk}
        stored = {
            u.code: u for u in Unit.objects.filter(code__in=codes - {""}).select_related("parent")
        }
        for parsed in chunk:
            self._check(parsed, stored)

    def _check(self, parsed: Parsed, stored: dict[str, Unit]) -> None:
        values, row = parsed.values, parsed.row
        code, level, parent_code = values["code"], values["level"], values.get("parent_code") or ""
        if code in self.units:
            self.error(
                row,
                "code",
                gettext_noop("The same code is already on row %(row)s."),
                {"row": self.units[code][0]},
            )
            return
        try:
            rules.check_division_code(code, level, parent_code or None)
        except InvalidInput as error:
            column = "parent_code" if error.field == "parent" else "code"
            self.errors[row].append((column, error.translated()))
            return
        parent_path = self._parent_path(row, level, parent_code, stored)
        if parent_path is None:
            return
        path = f"{parent_path}{code}/"
        existing = stored.get(code)
        if existing is not None and existing.path != path:
            self.error(
                row,
                "parent_code",
                gettext_noop(
                    "%(code)s is registered under another unit; an import cannot move it."
                ),
                {"code": code},
            )
            return
        if existing is not None and existing.level != level:
            self.error(
                row,
                "level",
                gettext_noop(
                    "%(code)s is registered as another level; an import cannot change it."
                ),
                {"code": code},
            )
            return
        if not self._in_scope(row, path, parent_path, existing):
            return
        self.units[code] = (row, level, path, parent_code)

    def _parent_path(
        self, row: int, level: str, parent_code: str, stored: dict[str, Unit]
    ) -> str | None:
        if level == Level.COUNTY:
            return "/"
        if parent_code in self.units:
            parent_level, parent_path = self.units[parent_code][1:3]
        elif parent_code in stored:
            parent_level, parent_path = stored[parent_code].level, stored[parent_code].path
        else:
            self.error(
                row,
                "parent_code",
                gettext_noop("No unit has the division code %(code)s."),
                {"code": parent_code},
            )
            return None
        if parent_level != rules.PARENT_LEVEL[level]:
            self.error(
                row,
                "parent_code",
                gettext_noop("A %(level)s must sit under a %(parent_level)s."),
                {"level": level, "parent_level": rules.PARENT_LEVEL[level]},
            )
            return None
        return parent_path

    def _in_scope(self, row: int, path: str, parent_path: str, existing: Unit | None) -> bool:
        if not path.startswith(self.target.path):
            self.error(
                row,
                "code",
                gettext_noop("This unit is not under %(unit)s, where this file is imported."),
                {"unit": self.target.name},
            )
            return False
        if parent_path == "/" and not getattr(self.actor, "is_superuser", False):
            self.error(row, "level", gettext_noop("Only a superuser can add a county."))
            return False
        try:
            permissions.require_write(
                self.actor, existing.path if existing else parent_path, permissions.ORG
            )
        except DomainError as error:
            self.errors[row].append(("code", error.translated()))
            return False
        return True


CHECKERS: dict[str, type[Checker]] = {
    "units": UnitChecker,
    "people": PeopleChecker,
    "households": HouseholdChecker,
    "roll": RollChecker,
    "posts": PostsChecker,
}
