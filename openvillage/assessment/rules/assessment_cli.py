"""JSON in, JSON out: ``openvillage stars score`` and ``openvillage screen weak``, pure.

``stars score`` reads ``{"scheme": {"base", "min", "max", "items": [{"code", "points", "cap"?}],
"bands": [{"stars", "min", "requires"?}]}, "subjects": [{"id", "facts": {code: count}}]}`` and
writes ``{"subjects": [{"id", "score", "stars", "rank", "items": {code: points}}]}``.

``screen weak`` reads ``{"today", "organizations": [{"id", ...optional facts...}]}`` and writes
``{"organizations": [{"id", "triggers": [...]}]}``; a fact left out gives no trigger.

Both keep their input order; malformed input exits 2 with ``{"error": "..."}``.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from openvillage.core.jsonio import (
    Malformed,
    check_unique_ids,
    read_bool,
    read_date,
    read_id,
    read_int,
    read_object,
    read_text_list,
    run_json_command,
)

from .stars import Band, Item, Scheme, SchemeError, rate
from .weak import Organization, OrgLife, screen

ORG_FIELDS = (
    "id",
    "secretary_vacant_since",
    "work_stalled",
    "org_life",
    "years_without_development_candidate",
    "annual_rank",
    "annual_last_rank",
    "satisfied",
    "respondents",
)


def _list(value: Any, where: str) -> list[Any]:
    if type(value) is not list:
        raise Malformed(f"{where} must be a list")
    return value


def parse_scheme(value: Any) -> Scheme:
    data = read_object(value, "scheme", ("base", "min", "max", "items", "bands"))
    items = []
    for i, raw in enumerate(_list(data["items"], "scheme.items")):
        where = f"scheme.items[{i}]"
        item = read_object(raw, where, ("code", "points", "cap"), required=("code", "points"))
        if type(item["code"]) is not str or not item["code"]:
            raise Malformed(f"{where}.code must be a text")
        cap = item.get("cap")
        items.append(
            Item(
                code=item["code"],
                points=read_int(item["points"], f"{where}.points", minimum=None),
                cap=None if cap is None else read_int(cap, f"{where}.cap", minimum=None),
            )
        )
    bands = []
    for i, raw in enumerate(_list(data["bands"], "scheme.bands")):
        where = f"scheme.bands[{i}]"
        band = read_object(raw, where, ("stars", "min", "requires"), required=("stars", "min"))
        bands.append(
            Band(
                stars=read_int(band["stars"], f"{where}.stars"),
                min=read_int(band["min"], f"{where}.min", minimum=None),
                requires=read_text_list(band.get("requires", []), f"{where}.requires"),
            )
        )
    scheme = Scheme(
        base=read_int(data["base"], "scheme.base", minimum=None),
        min=read_int(data["min"], "scheme.min", minimum=None),
        max=read_int(data["max"], "scheme.max", minimum=None),
        items=tuple(items),
        bands=tuple(bands),
    )
    try:
        scheme.check()
    except SchemeError as err:
        raise Malformed(str(err)) from None
    return scheme


def stars_answer(document: Any) -> dict[str, Any]:
    data = read_object(document, "the input", ("scheme", "subjects"))
    scheme = parse_scheme(data["scheme"])
    codes = {item.code for item in scheme.items}
    subjects = []
    for i, raw in enumerate(_list(data["subjects"], "subjects")):
        sid = read_id(raw.get("id") if type(raw) is dict else None, f"subject #{i + 1}")
        where = f"subject {sid!r}"
        subject = read_object(raw, where, ("id", "facts"))
        if type(subject["facts"]) is not dict:
            raise Malformed(f"{where}: field 'facts' must be a JSON object")
        facts = {}
        for code, count in subject["facts"].items():
            if code not in codes:
                raise Malformed(f"{where}: fact {code!r} is not an item of the scheme")
            facts[code] = read_int(count, f"{where}: fact {code!r}")
        subjects.append((sid, facts))
    check_unique_ids([sid for sid, _ in subjects], "subject")
    return {
        "subjects": [
            {"id": r.id, "score": r.score, "stars": r.stars, "rank": r.rank, "items": r.items}
            for r in rate(scheme, subjects)
        ]
    }


def _organization(raw: Any, index: int) -> Organization:
    oid = read_id(raw.get("id") if type(raw) is dict else None, f"organization #{index + 1}")
    where = f"organization {oid!r}"
    data = read_object(raw, where, ORG_FIELDS, required=("id",))

    def number(name: str) -> int | None:
        value = data.get(name)
        return None if value is None else read_int(value, f"{where}: field {name!r}")

    org_life = {}
    if data.get("org_life") is not None:
        if type(data["org_life"]) is not dict:
            raise Malformed(f"{where}: field 'org_life' must be a JSON object")
        for kind, counts in data["org_life"].items():
            place = f"{where}: org_life {kind!r}"
            life = read_object(counts, place, ("held", "required"))
            org_life[kind] = OrgLife(
                held=read_int(life["held"], f"{place}.held"),
                required=read_int(life["required"], f"{place}.required"),
            )
    satisfied, respondents = number("satisfied"), number("respondents")
    if satisfied is not None and respondents is not None and satisfied > respondents:
        raise Malformed(f"{where}: field 'satisfied' is above 'respondents'")
    vacant = data.get("secretary_vacant_since")
    stalled = data.get("work_stalled")
    return Organization(
        id=oid,
        secretary_vacant_since=(
            None
            if vacant is None
            else read_date(vacant, f"{where}: field 'secretary_vacant_since'")
        ),
        work_stalled=None
        if stalled is None
        else read_bool(stalled, f"{where}: field 'work_stalled'"),
        org_life=org_life,
        years_without_development_candidate=number("years_without_development_candidate"),
        annual_rank=number("annual_rank"),
        annual_last_rank=number("annual_last_rank"),
        satisfied=satisfied,
        respondents=respondents,
    )


def weak_answer(document: Any) -> dict[str, Any]:
    data = read_object(document, "the input", ("today", "organizations"))
    today = read_date(data["today"], "today")
    organizations = [
        _organization(raw, i) for i, raw in enumerate(_list(data["organizations"], "organizations"))
    ]
    check_unique_ids([org.id for org in organizations], "organization")
    return {
        "organizations": [
            {"id": oid, "triggers": found} for oid, found in screen(organizations, today)
        ]
    }


def stars_main(stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    return run_json_command(stars_answer, stdin or sys.stdin, stdout or sys.stdout)


def weak_main(stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    return run_json_command(weak_answer, stdin or sys.stdin, stdout or sys.stdout)
