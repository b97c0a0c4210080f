"""The disclosure catalogue as data: loader and validator (disclosure.md §2, §3, §5, §6).

A catalogue is versioned YAML per region (``catalogues/default.yaml`` documents the schema):
modules -> categories -> matters, each matter with a schedule of obligations (a cadence and a
deadline rule, K1–K5). :func:`parse_catalogue` turns the loaded YAML into frozen dataclasses or
raises :class:`~openvillage.core.errors.InvalidInput` naming the entry (``params["where"]``, and
``params["matter"]`` inside a matter) and the field (``err.field``, e.g.
``schedule[0].deadline.day``). Pure: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import Any, NoReturn

import yaml

from openvillage.core.errors import InvalidInput
from openvillage.core.masking import MASKING_PROFILES
from openvillage.core.text import gettext_noop

DEFAULT_CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "catalogues" / "default.yaml"

# Module code (glossary) -> public URL slug (disclosure.md §2); fixed for every region.
MODULE_SLUGS: Mapping[str, str] = {
    "party_affairs": "party",
    "finance": "finance",
    "village_affairs": "affairs",
    "services": "services",
}
CHANNELS = ("notice_board", "qr_code", "website")
LEVELS = ("village", "group")


class Cadence(StrEnum):
    """How often, or on what, a matter is published (disclosure.md §3)."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    IMMEDIATE = "immediate"
    AFTER_APPROVAL = "after_approval"
    BY_STAGE = "by_stage"
    ON_CHANGE = "on_change"
    PER_CASE = "per_case"

    @property
    def periodic(self) -> bool:
        return self in (Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.YEARLY)


# The event an event-driven cadence waits for when the obligation does not name one.
DEFAULT_EVENTS: Mapping[Cadence, str] = {
    Cadence.IMMEDIATE: "event",
    Cadence.AFTER_APPROVAL: "approval",
    Cadence.BY_STAGE: "stage",
    Cadence.ON_CHANGE: "change",
    Cadence.PER_CASE: "case",
}


class DeadlineKind(StrEnum):
    """The forms of a deadline rule (one key of the YAML ``deadline`` mapping)."""

    DAY_OF_MONTH = "day"  # {day: D, months_after_period: M}
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    DAYS_BEFORE_EVENT = "days_before_event"


@dataclass(frozen=True)
class LocalizedName:
    zh: str
    en: str


@dataclass(frozen=True)
class DeadlineRule:
    """``DAY_OF_MONTH``: day ``day`` (31 = last) of the ``months_after_period``-th month after
    the period's last month; the other kinds: ``days`` counted from the event."""

    kind: DeadlineKind
    day: int = 0
    months_after_period: int = 0
    days: int = 0


@dataclass(frozen=True)
class Obligation:
    cadence: Cadence
    deadline: DeadlineRule
    event: str | None = None  # None for periodic cadences
    publicity_days: int | None = None


@dataclass(frozen=True)
class Matter:
    code: str
    name: LocalizedName
    category: str
    module: str
    legal_basis: str
    schedule: tuple[Obligation, ...]
    publisher_role: str
    approver_role: str | None
    channels: tuple[str, ...]
    level: str
    masking_profile: str
    retention_years: int | None

    @property
    def slug(self) -> str:
        return MODULE_SLUGS[self.module]

    @property
    def periodic(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.schedule if o.cadence.periodic)

    @property
    def event_driven(self) -> tuple[Obligation, ...]:
        return tuple(o for o in self.schedule if not o.cadence.periodic)


@dataclass(frozen=True)
class Category:
    code: str
    module: str
    name: LocalizedName
    matters: tuple[Matter, ...]


@dataclass(frozen=True)
class Module:
    code: str
    slug: str
    name: LocalizedName


@dataclass(frozen=True)
class Catalogue:
    version: str
    region: str
    effective_date: date
    name: LocalizedName
    modules: tuple[Module, ...]
    categories: tuple[Category, ...]

    @property
    def matters(self) -> tuple[Matter, ...]:
        return tuple(m for c in self.categories for m in c.matters)

    def matter(self, code: str) -> Matter:
        """Return the matter with this code (KeyError if absent)."""
        for matter in self.matters:
            if matter.code == code:
                return matter
        raise KeyError(code)

    def module_by_slug(self, slug: str) -> Module:
        """Return the module with this public URL slug (KeyError if absent)."""
        for module in self.modules:
            if module.slug == slug:
                return module
        raise KeyError(slug)

    def categories_of(self, module: str) -> tuple[Category, ...]:
        return tuple(c for c in self.categories if c.module == module)


# --- validation ---------------------------------------------------------------------------

_CODE = re.compile(r"[a-z][a-z0-9_]*")
_MATTER_FIELDS = {
    "publisher_role",
    "approver_role",
    "channels",
    "level",
    "masking_profile",
    "retention_years",
}


@dataclass(frozen=True)
class _Where:
    """Where in the catalogue a value sits, for error messages."""

    where: str
    matter: str | None = None
    prefix: str = ""

    def fail(self, message: str, field: str, **params: Any) -> NoReturn:
        path = f"{self.prefix}{field}"
        extra = {"matter": self.matter} if self.matter else {}
        raise InvalidInput(
            message, {"where": self.where, "field": path, **extra, **params}, field=path
        )

    def nested(self, prefix: str) -> _Where:
        return _Where(self.where, self.matter, f"{self.prefix}{prefix}.")

    def mapping(self, data: object, allowed: set[str], required: set[str]) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            self.fail(gettext_noop("%(where)s: %(field)s must be a mapping."), "(entry)")
        for key in data:
            if key not in allowed:
                self.fail(gettext_noop("%(where)s: unknown field %(field)s."), str(key))
        for key in sorted(required - set(data)):
            self.fail(gettext_noop("%(where)s: %(field)s is missing."), key)
        return data

    def text(self, data: Mapping[str, Any], key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(gettext_noop("%(where)s: %(field)s must be non-empty text."), key)
        return value.strip()

    def code(self, data: Mapping[str, Any], key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            self.fail(
                gettext_noop("%(where)s: %(field)s must be a code in snake_case, not %(value)s."),
                key,
                value=value,
            )
        return value

    def choice(self, data: Mapping[str, Any], key: str, choices: Sequence[str]) -> str:
        value = data.get(key)
        if value not in choices:
            self.fail(
                gettext_noop("%(where)s: %(field)s must be one of %(choices)s, not %(value)s."),
                key,
                choices=", ".join(choices),
                value=value,
            )
        return str(value)

    def integer(self, data: Mapping[str, Any], key: str, low: int, high: int) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                gettext_noop(
                    "%(where)s: %(field)s must be a whole number from %(low)s to %(high)s, "
                    "not %(value)s."
                ),
                key,
                low=low,
                high=high,
                value=value,
            )
        return value

    def name(self, data: Mapping[str, Any], key: str) -> LocalizedName:
        inner = self.nested(key)
        names = inner.mapping(data.get(key), {"zh", "en"}, {"zh", "en"})
        return LocalizedName(zh=inner.text(names, "zh"), en=inner.text(names, "en"))

    def items(self, data: Mapping[str, Any], key: str) -> list[Any]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.fail(gettext_noop("%(where)s: %(field)s must be a non-empty list."), key)
        return value


def _deadline(where: _Where, cadence: Cadence, data: object) -> DeadlineRule:
    forms = [k.value for k in DeadlineKind]
    rule = where.mapping(data, {*forms, "months_after_period"}, set())
    given = [k for k in forms if k in rule]
    if len(given) != 1:
        where.fail(
            gettext_noop("%(where)s: %(field)s must give exactly one of %(choices)s."),
            "(form)",
            choices=", ".join(forms),
        )
    kind = DeadlineKind(given[0])
    if cadence.periodic != (kind is DeadlineKind.DAY_OF_MONTH):
        where.fail(
            gettext_noop(
                "%(where)s: a %(cadence)s cadence needs a deadline of the form %(expected)s."
            ),
            kind.value,
            cadence=cadence.value,
            expected="day" if cadence.periodic else "calendar_days, working_days",
        )
    if kind is DeadlineKind.DAY_OF_MONTH:
        day = 31 if rule["day"] == "last" else where.integer(rule, "day", 1, 31)
        if "months_after_period" not in rule:
            where.fail(gettext_noop("%(where)s: %(field)s is missing."), "months_after_period")
        months = where.integer(rule, "months_after_period", 0, 12)
        return DeadlineRule(kind, day=day, months_after_period=months)
    if "months_after_period" in rule:
        where.fail(gettext_noop("%(where)s: unknown field %(field)s."), "months_after_period")
    low, high = (1, 60) if kind is DeadlineKind.WORKING_DAYS else (0, 366)
    return DeadlineRule(kind, days=where.integer(rule, kind.value, low, high))


def _obligation(where: _Where, data: object) -> Obligation:
    allowed = {"cadence", "deadline", "event", "publicity_days"}
    entry = where.mapping(data, allowed, {"cadence", "deadline"})
    cadence = Cadence(where.choice(entry, "cadence", [c.value for c in Cadence]))
    deadline = _deadline(where.nested("deadline"), cadence, entry["deadline"])
    event = None
    if cadence.periodic and "event" in entry:
        where.fail(gettext_noop("%(where)s: a periodic cadence takes no %(field)s."), "event")
    if not cadence.periodic:
        event = where.code(entry, "event") if "event" in entry else DEFAULT_EVENTS[cadence]
    publicity = None
    if entry.get("publicity_days") is not None:
        publicity = where.integer(entry, "publicity_days", 1, 90)
    return Obligation(cadence, deadline, event, publicity)


def _matter_settings(where: _Where, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the matter fields that the catalogue's ``defaults`` may also give."""
    out: dict[str, Any] = {}
    if "publisher_role" in data:
        out["publisher_role"] = where.code(data, "publisher_role")
    if "approver_role" in data:
        out["approver_role"] = None
        if data["approver_role"] is not None:
            out["approver_role"] = where.code(data, "approver_role")
    if "channels" in data:
        channels = where.items(data, "channels")
        for i in range(len(channels)):
            where.choice({f"channels[{i}]": channels[i]}, f"channels[{i}]", CHANNELS)
        out["channels"] = tuple(channels)
    if "level" in data:
        out["level"] = where.choice(data, "level", LEVELS)
    if "masking_profile" in data:
        out["masking_profile"] = where.choice(data, "masking_profile", MASKING_PROFILES)
    if "retention_years" in data:
        out["retention_years"] = None
        if data["retention_years"] is not None:
            out["retention_years"] = where.integer(data, "retention_years", 1, 100)
    return out


def _matter(category: Category, defaults: Mapping[str, Any], data: object, path: str) -> Matter:
    code = data.get("code") if isinstance(data, Mapping) else None
    where = _Where(f"{path}/{code}", matter=code if isinstance(code, str) else None)
    allowed = {"code", "name", "legal_basis", "schedule", *_MATTER_FIELDS}
    entry = where.mapping(data, allowed, {"code", "name", "legal_basis", "schedule"})
    settings = {**defaults, **_matter_settings(where, entry)}
    for key in sorted(_MATTER_FIELDS - set(settings)):
        where.fail(gettext_noop("%(where)s: %(field)s is missing."), key)
    schedule = tuple(
        _obligation(where.nested(f"schedule[{i}]"), item)
        for i, item in enumerate(where.items(entry, "schedule"))
    )
    events = [o.event for o in schedule if o.event is not None]
    if len(events) != len(set(events)):
        where.fail(
            gettext_noop("%(where)s: two event-driven obligations wait for the same event."),
            "schedule",
        )
    return Matter(
        code=where.code(entry, "code"),
        name=where.name(entry, "name"),
        category=category.code,
        module=category.module,
        legal_basis=where.text(entry, "legal_basis"),
        schedule=schedule,
        **settings,
    )


def _category(defaults: Mapping[str, Any], data: object, index: int) -> Category:
    code = data.get("code") if isinstance(data, Mapping) else None
    where = _Where(str(code) if isinstance(code, str) else f"categories[{index}]")
    entry = where.mapping(data, {"code", "module", "name", "matters"}, {"code", "module", "name"})
    shell = Category(
        code=where.code(entry, "code"),
        module=where.choice(entry, "module", list(MODULE_SLUGS)),
        name=where.name(entry, "name"),
        matters=(),
    )
    matters = tuple(
        _matter(shell, defaults, item, shell.code) for item in where.items(entry, "matters")
    )
    return Category(shell.code, shell.module, shell.name, matters)


def _module(data: object, index: int) -> Module:
    where = _Where(f"modules[{index}]")
    entry = where.mapping(data, {"code", "slug", "name"}, {"code", "slug", "name"})
    code = where.choice(entry, "code", list(MODULE_SLUGS))
    slug = where.choice(entry, "slug", [MODULE_SLUGS[code]])
    return Module(code, slug, where.name(entry, "name"))


def _header(where: _Where, data: Mapping[str, Any]) -> tuple[str, date]:
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, str | int) or version == "":
        where.fail(
            gettext_noop('%(where)s: %(field)s must be text such as "2026.1" (quote it).'),
            "version",
        )
    effective = data.get("effective_date")
    if isinstance(effective, str):
        try:
            effective = date.fromisoformat(effective)
        except ValueError:
            effective = None
    if not isinstance(effective, date):
        where.fail(
            gettext_noop("%(where)s: %(field)s must be a date (YYYY-MM-DD)."), "effective_date"
        )
    return str(version), effective


def _unique(where: _Where, codes: Sequence[str], field: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            where.fail(
                gettext_noop("%(where)s: the code %(value)s is used more than once."),
                field,
                value=code,
            )
        seen.add(code)


def parse_catalogue(data: object) -> Catalogue:
    """Validate loaded YAML and return the catalogue, or raise InvalidInput (see module doc)."""
    where = _Where("catalogue")
    top = {"version", "region", "effective_date", "name", "defaults", "modules", "categories"}
    root = where.mapping(data, top, top - {"defaults"})
    version, effective = _header(where, root)
    region = where.code(root, "region")
    defaults_where = _Where("defaults")
    defaults = _matter_settings(
        defaults_where, defaults_where.mapping(root.get("defaults", {}), _MATTER_FIELDS, set())
    )
    modules = tuple(_module(m, i) for i, m in enumerate(where.items(root, "modules")))
    _unique(where, [m.code for m in modules], "modules")
    if {m.code for m in modules} != set(MODULE_SLUGS):
        where.fail(
            gettext_noop("%(where)s: %(field)s must list the modules %(choices)s."),
            "modules",
            choices=", ".join(MODULE_SLUGS),
        )
    categories = tuple(
        _category(defaults, c, i) for i, c in enumerate(where.items(root, "categories"))
    )
    _unique(where, [c.code for c in categories], "categories")
    _unique(where, [m.code for c in categories for m in c.matters], "matters")
    return Catalogue(version, region, effective, where.name(root, "name"), modules, categories)


def load_catalogue_text(text: str) -> Catalogue:
    """Parse and validate a catalogue from YAML text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidInput(
            gettext_noop("The catalogue is not valid YAML: %(problem)s"),
            {"problem": str(exc)},
            field="catalogue",
        ) from exc
    return parse_catalogue(data)


def load_catalogue_file(path: str | PathLike[str]) -> Catalogue:
    """Parse and validate a catalogue from a YAML file (UTF-8)."""
    return load_catalogue_text(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """Return the platform default catalogue (disclosure.md §6), loaded once."""
    return load_catalogue_file(DEFAULT_CATALOGUE_PATH)
