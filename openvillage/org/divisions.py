"""A county's towns and villages from the national statistical division code lists (pure).

The lists come in the layout of the ``china-division`` package: ``areas.csv``
(code,name,cityCode,provinceCode), ``streets.csv`` (code,name,areaCode,provinceCode,cityCode) and
``villages.csv`` (code,name,streetCode,provinceCode,cityCode,areaCode), with 6-, 9- and 12-digit
codes. Codes are padded to the registry's 12 digits.

Villagers' and residents' committees are told apart by the last three digits of the code, as the
statistical division rules define them: 001-199 residents' committees (communities), 200-399
villagers' committees (villages). The name is a cross-check only (about 6 % of names end in neither
村委会 nor 居委会): a disagreement is reported, and the name decides only where the code cannot.

:func:`plan` compares the list with what the registry holds and says what to add, rename or recode
(a changed code keeps the old one as an alias: public URLs are forever) and what is no longer
listed (reported, never deleted).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

COUNTY, TOWN, VILLAGE = "county", "town", "village"
FILES = {
    COUNTY: ("areas.csv", "code", None),
    TOWN: ("streets.csv", "code", "areaCode"),
    VILLAGE: ("villages.csv", "code", "streetCode"),
}
DIGITS = {COUNTY: 6, TOWN: 9, VILLAGE: 12}
RESIDENTS = range(1, 200)  # 001-199: residents' committees
VILLAGERS = range(200, 400)  # 200-399: villagers' committees
VILLAGE_SUFFIXES = ("村委会", "村民委员会")
COMMUNITY_SUFFIXES = ("居委会", "居民委员会", "社区")


class DivisionError(ValueError):
    """A list cannot be read; the message names the file and the line."""


@dataclass(frozen=True)
class Division:
    code: str  # 12 digits
    name: str
    level: str
    kind: str
    parent_code: str | None
    note: str = ""


@dataclass(frozen=True)
class Existing:
    name: str
    level: str
    parent_code: str | None


@dataclass
class Plan:
    added: list[Division] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new name
    recoded: list[tuple[str, str, str]] = field(default_factory=list)  # old code, new, name
    missing: list[tuple[str, str]] = field(default_factory=list)  # code, name
    notes: list[tuple[str, str]] = field(default_factory=list)  # code, note

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.renamed) + len(self.recoded)


def pad(code: str) -> str:
    """A 6-, 9- or 12-digit division code as the registry's 12 digits."""
    return code.ljust(12, "0")


def county_kind(name: str) -> str:
    return "district" if name.endswith("区") else "county"


def town_kind(name: str) -> str:
    if name.endswith("街道") or name.endswith("街道办事处"):
        return "street"
    if name.endswith("乡"):
        return "township"
    return "town"


def committee_kind(code: str, name: str) -> tuple[str, str]:
    """Village or community from the code's last three digits; the name as a cross-check."""
    number = int(code[9:12])
    by_name = (
        "village"
        if name.endswith(VILLAGE_SUFFIXES)
        else "community"
        if name.endswith(COMMUNITY_SUFFIXES)
        else None
    )
    by_code = "community" if number in RESIDENTS else "village" if number in VILLAGERS else None
    if by_code is None:
        if by_name is None:
            return "village", "code and name say neither village nor community; taken as village"
        return by_name, "code outside 001-399; kind taken from the name"
    if by_name is not None and by_name != by_code:
        return by_code, f"the name suggests a {by_name}; the code decides"
    return by_code, ""


def _rows(directory: Path, level: str) -> list[tuple[int, dict[str, str]]]:
    filename, _, _ = FILES[level]
    target = directory / filename
    if not target.is_file():
        raise DivisionError(f"{filename}: not found in the folder given")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return [(number, row) for number, row in enumerate(reader, start=2)]


def _code(value: str | None, level: str, where: str) -> str:
    code = (value or "").strip()
    if not code.isdigit() or len(code) not in (DIGITS[level], 12):
        raise DivisionError(f"{where}: {code!r} is not a {DIGITS[level]}-digit division code")
    return code


def read_lists(directory: Path, county: str) -> list[Division]:
    """The county, its towns and its villages from the three lists, in code order."""
    county6 = county[:6]
    if not county6.isdigit() or len(county6) != 6 or county[6:].strip("0"):
        raise DivisionError(f"{county!r} is not a county code (6 digits, or 12 ending in zeros)")
    found: dict[str, Division] = {}
    for level in (COUNTY, TOWN, VILLAGE):
        filename, _, parent_column = FILES[level]
        for number, row in _rows(directory, level):
            where = f"{filename} line {number}"
            code = _code(row.get("code"), level, where)
            if not code.startswith(county6):
                continue
            name = (row.get("name") or "").strip()
            if not name:
                raise DivisionError(f"{where}: the name is empty")
            parent = None
            if parent_column is not None:
                parent_level = COUNTY if level == TOWN else TOWN
                parent = pad(_code(row.get(parent_column), parent_level, where))
            if level == COUNTY:
                kind, note = county_kind(name), ""
            elif level == TOWN:
                kind, note = town_kind(name), ""
            else:
                kind, note = committee_kind(pad(code), name)
            division = Division(pad(code), name, level, kind, parent, note)
            if division.code in found:
                raise DivisionError(f"{where}: the code {code} is listed twice")
            found[division.code] = division
    if pad(county6) not in found:
        raise DivisionError(f"areas.csv: the county {county6} is not in the list")
    for division in found.values():
        if division.parent_code is not None and division.parent_code not in found:
            raise DivisionError(
                f"{division.code} {division.name}: its parent {division.parent_code} is not listed"
            )
    return sorted(found.values(), key=lambda d: (list(DIGITS).index(d.level), d.code))


def plan(listed: Sequence[Division], existing: Mapping[str, Existing]) -> Plan:
    """What loading ``listed`` changes in a registry that holds ``existing`` (code -> unit)."""
    result = Plan()
    listed_codes = {d.code for d in listed}
    gone = {code: unit for code, unit in existing.items() if code not in listed_codes}
    recode: dict[str, str] = {}  # old code -> new code, parents first
    for division in listed:
        if division.note:
            result.notes.append((division.code, division.note))
        unit = existing.get(division.code)
        if unit is not None:
            if unit.name != division.name:
                result.renamed.append((division.code, unit.name, division.name))
            continue
        old = next(
            (
                code
                for code, unit in gone.items()
                if unit.level == division.level
                and unit.name == division.name
                and recode.get(unit.parent_code or "", unit.parent_code) == division.parent_code
            ),
            None,
        )
        if old is not None:
            recode[old] = division.code
            del gone[old]
            result.recoded.append((old, division.code, division.name))
        else:
            result.added.append(division)
    result.missing = sorted((code, unit.name) for code, unit in gone.items())
    return result
