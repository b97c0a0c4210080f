"""The small and micro power list (小微权力清单) as data: dataclasses, validator and loader.

A region's list is a versioned YAML file (``decisions/powerlists/<region>.yaml``). Amounts are
**integer yuan** (decisions.md §6). A money tier is the half-open interval ``[from, below)``: a
boundary amount belongs to the upper tier, as in §6 (``{below: 2000}`` then ``{from: 2000, ...}``)
and the Civil Code reading of 以上 (includes the number) and 不满 (excludes it), Art. 1259.

Schema in brief::

    version: "2025.1"            # required, text
    <text>: "plain" or {zh: "中文", en: "English"}   # name, legal_basis, risk points
    x-anything: ...              # ignored; holds YAML anchors (e.g. shared tiers)
    region: default              # required, text
    amount_unit: yuan            # only yuan
    procedures:
      <procedure_code>: {name: <text>, source, steps: [<step>, ...]}
    powers:
      - {code, name: <text>, category, legal_basis: <text>, responsible_post, source: S|D,
         procedure: <code>  |  tiers: [{from?, below?, procedure}, ...],
         variants?: {<condition>: <procedure_code>}, disclosure_matter?, risk_points?: [<text>]}

    <step>: {code, name?: <text>, kind: meeting|approval|publication|task, body, co_signer?,
             quorum?, pass?, notice?, publicity?, deadline?, interval?, evidence: [...],
             alternatives?: [{body, quorum, pass, notice?, requires_authorization?}],
             requires_authorization?, on_failure?: {return_to?, may_close?},
             mergeable_with_previous?}
    notice / publicity / interval: {days, count: calendar|working}
    deadline: {days, count, after: previous_step|completion}
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO, TypeGuard

import yaml

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

from .quorum import PASS_RULES, QUORUM_RULES
from .vocabulary import (
    BODIES,
    CATEGORIES,
    DAY_COUNTS,
    DEADLINE_ANCHORS,
    EVIDENCE,
    KINDS,
    OFFICE_BODIES,
    OPTION_KEYS,
    POSTS,
    POWER_KEYS,
    SOURCES,
    STEP_KEYS,
)

DEFAULT_POWER_LIST = Path(__file__).resolve().parent.parent / "powerlists" / "default.yaml"


# Dataclasses ----------------------------------------------------------------------------------


def _active_language() -> str:
    """The language of the request being served, Chinese when no Django runs.

    Looked up in ``sys.modules`` rather than imported: this module stays free of Django, and in
    a Django process the translation module is always loaded already.
    """
    translation = sys.modules.get("django.utils.translation")
    conf = sys.modules.get("django.conf")
    if translation is None or conf is None or not conf.settings.configured:
        return "zh"
    return translation.get_language() or "zh"


@dataclass(frozen=True)
class Text:
    """Text of the list in Chinese and English; ``str()`` gives the active language's."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.en if _active_language().startswith("en") else self.zh

    @classmethod
    def of(cls, raw: str | Mapping[str, str]) -> Text:
        """Build from plain text (the same in both languages) or a ``{zh, en}`` mapping."""
        if isinstance(raw, str):
            return cls(raw, raw)
        return cls(raw["zh"], raw["en"])


@dataclass(frozen=True)
class Period:
    """A number of calendar or working days."""

    days: int
    count: str = "calendar"


@dataclass(frozen=True)
class BodyOption:
    """One body that may hold a step, with its rules (villagers' or representatives' meeting)."""

    body: str
    quorum: str | None = None
    pass_rule: str | None = None
    notice: Period | None = None
    requires_authorization: bool = False


@dataclass(frozen=True)
class FailurePolicy:
    """What follows a failed vote or a refusal (D3): back to ``return_to``, or closed."""

    return_to: str | None = None
    may_close: bool = True


@dataclass(frozen=True)
class Step:
    """One step of a procedure; ``options[0]`` is the usual body, the rest are alternatives."""

    code: str
    name: Text | None
    kind: str
    options: tuple[BodyOption, ...]
    evidence: tuple[str, ...]
    co_signer: str | None = None
    publicity: Period | None = None
    deadline: Period | None = None
    deadline_after: str = "previous_step"
    interval: Period | None = None
    on_failure: FailurePolicy = field(default_factory=FailurePolicy)
    mergeable_with_previous: bool = False

    @property
    def body(self) -> str:
        """Return the usual body of the step."""
        return self.options[0].body

    @property
    def is_meeting(self) -> bool:
        return self.kind == "meeting"

    def option(self, body: str | None = None) -> BodyOption:
        """Return the option for ``body`` (the usual one when None) or raise InvalidInput."""
        if body is None:
            return self.options[0]
        for option in self.options:
            if option.body == body:
                return option
        raise InvalidInput(
            gettext_noop("Step %(step)s cannot be held by %(body)s."),
            {"step": self.code, "body": body},
            field="body",
        )


@dataclass(frozen=True)
class Procedure:
    """An ordered list of steps (运行流程)."""

    code: str
    name: Text
    source: str
    steps: tuple[Step, ...]

    def index(self, step_code: str) -> int:
        """Return the position of a step or raise InvalidInput naming the field ``step``."""
        for i, step in enumerate(self.steps):
            if step.code == step_code:
                return i
        raise InvalidInput(
            gettext_noop("Procedure %(procedure)s has no step %(step)s."),
            {"procedure": self.code, "step": step_code},
            field="step",
        )

    def step(self, step_code: str) -> Step:
        return self.steps[self.index(step_code)]


@dataclass(frozen=True)
class Tier:
    """Amounts ``from_amount <= amount < below`` (``below`` None: no upper bound), in yuan."""

    from_amount: int
    below: int | None
    procedure: str

    def contains(self, amount: int) -> bool:
        return self.from_amount <= amount and (self.below is None or amount < self.below)


@dataclass(frozen=True)
class Power:
    """One item of the power list (权力事项)."""

    code: str
    name: Text
    category: str
    legal_basis: Text
    responsible_post: str
    source: str
    procedure: str | None = None
    tiers: tuple[Tier, ...] = ()
    variants: tuple[tuple[str, str], ...] = ()
    disclosure_matter: str | None = None
    risk_points: tuple[Text, ...] = ()

    def procedure_code(self, amount: int | None = None, variant: str | None = None) -> str:
        """Choose the procedure: by ``variant`` if given, else by money tier, else the only one."""
        if variant is not None:
            return self._variant(variant)
        if not self.tiers:
            assert self.procedure is not None
            return self.procedure
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise InvalidInput(
                gettext_noop("%(power)s needs the amount in whole yuan to choose its procedure."),
                {"power": self.code},
                field="amount",
            )
        if amount < 0:
            raise InvalidInput(
                gettext_noop("The amount cannot be negative (got %(amount)s)."),
                {"amount": amount},
                field="amount",
            )
        return next(t.procedure for t in self.tiers if t.contains(amount))

    def _variant(self, variant: str) -> str:
        for condition, code in self.variants:
            if condition == variant:
                return code
        raise InvalidInput(
            gettext_noop("%(power)s has no variant %(variant)s."),
            {"power": self.code, "variant": variant},
            field="variant",
        )


@dataclass(frozen=True)
class PowerList:
    """A region's versioned power list."""

    version: str
    region: str
    amount_unit: str
    procedures: tuple[Procedure, ...]
    powers: tuple[Power, ...]

    def power(self, code: str) -> Power:
        for power in self.powers:
            if power.code == code:
                return power
        raise InvalidInput(gettext_noop("Unknown power %(power)s."), {"power": code}, field="power")

    def procedure(self, code: str) -> Procedure:
        for procedure in self.procedures:
            if procedure.code == code:
                return procedure
        raise InvalidInput(
            gettext_noop("Unknown procedure %(procedure)s."), {"procedure": code}, field="procedure"
        )

    def procedure_for(
        self, power_code: str, amount: int | None = None, variant: str | None = None
    ) -> Procedure:
        """Return the procedure a matter of this power and amount (yuan) must follow."""
        return self.procedure(self.power(power_code).procedure_code(amount, variant))

    def in_category(self, category: str) -> tuple[Power, ...]:
        return tuple(p for p in self.powers if p.category == category)


# Validation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One fault in a power list, located by power, procedure, step and field."""

    field: str
    message: str
    params: Mapping[str, Any]
    power: str | None = None
    procedure: str | None = None
    step: str | None = None

    def render(self) -> str:
        try:
            return self.message % dict(self.params)
        except (KeyError, TypeError, ValueError):
            return self.message

    def __str__(self) -> str:
        where = [
            f"{label} {value}"
            for label, value in (
                ("power", self.power),
                ("procedure", self.procedure),
                ("step", self.step),
                ("field", self.field),
            )
            if value
        ]
        return f"{', '.join(where)}: {self.render()}"


class PowerListInvalid(InvalidInput):
    """The power list has faults; ``problems`` lists them all, the message names the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        first = problems[0]
        where, _, reason = str(first).partition(": ")
        super().__init__(
            gettext_noop("The power list is invalid at %(where)s: %(reason)s"),
            {"where": where, "reason": reason, "count": len(problems)},
            field=first.field,
        )
        self.problems = tuple(problems)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_bilingual(value: object) -> bool:
    if isinstance(value, Mapping):
        return set(value) == {"zh", "en"} and all(_is_text(v) for v in value.values())
    return _is_text(value)


class _Checker:
    """Collects problems while walking the raw data; ``where`` is the current location."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.where: dict[str, str | None] = {}

    def add(self, field_name: str, message: str, **params: object) -> None:
        self.problems.append(Problem(field_name, message, dict(params), **self.where))

    def text(self, data: Mapping[str, Any], key: str, *, required: bool = True) -> None:
        if key not in data:
            if required:
                self.add(key, gettext_noop("Missing field %(key)s."), key=key)
        elif not _is_text(data[key]):
            self.add(key, gettext_noop("%(key)s must be non-empty text."), key=key)

    def bilingual(self, data: Mapping[str, Any], key: str, *, required: bool = True) -> None:
        """Check text that is plain or a ``{zh, en}`` mapping of non-empty text."""
        value = data.get(key)
        if isinstance(value, Mapping):
            if set(value) != {"zh", "en"} or not all(_is_text(v) for v in value.values()):
                self.add(key, gettext_noop("%(key)s must be text or {zh, en}."), key=key)
            return
        self.text(data, key, required=required)

    def choice(self, data: Mapping[str, Any], key: str, allowed: Any, what: str) -> None:
        if key not in data:
            self.add(key, gettext_noop("Missing field %(key)s."), key=key)
        elif not isinstance(data[key], str) or data[key] not in allowed:
            self.add(key, gettext_noop("Unknown %(what)s %(value)r."), what=what, value=data[key])

    def unknown_keys(self, data: Mapping[str, Any], allowed: frozenset[str]) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.add(str(key), gettext_noop("Unknown field %(key)s."), key=key)

    def flag(self, data: Mapping[str, Any], key: str) -> None:
        if key in data and not isinstance(data[key], bool):
            self.add(key, gettext_noop("%(key)s must be true or false."), key=key)

    def period(self, data: Mapping[str, Any], key: str, *, anchored: bool = False) -> None:
        value = data.get(key)
        if value is None:
            return
        allowed = {"days", "count", "after"} if anchored else {"days", "count"}
        if not isinstance(value, Mapping) or not set(value) <= allowed:
            self.add(key, gettext_noop("%(key)s must be {days, count} (unknown keys?)."), key=key)
            return
        days = value.get("days")
        if not _is_int(days) or days < 0:
            self.add(
                f"{key}.days", gettext_noop("Days must be a whole number >= 0 (got %(v)r)."), v=days
            )
        if value.get("count", "calendar") not in DAY_COUNTS:
            self.add(f"{key}.count", gettext_noop("Day count must be calendar or working."))
        if anchored and value.get("after", "previous_step") not in DEADLINE_ANCHORS:
            self.add(
                f"{key}.after", gettext_noop("Deadline must run after previous_step or completion.")
            )


def _procedure_users(data: Mapping[str, Any]) -> dict[str, list[str]]:
    users: dict[str, list[str]] = {}
    powers = data.get("powers")
    for power in powers if isinstance(powers, list) else []:
        if not isinstance(power, Mapping):
            continue
        codes = [power.get("procedure")]
        tiers, variants = power.get("tiers"), power.get("variants")
        codes += [t.get("procedure") for t in tiers or [] if isinstance(t, Mapping)]
        codes += list(variants.values()) if isinstance(variants, Mapping) else []
        for code in codes:
            if isinstance(code, str):
                users.setdefault(code, []).append(str(power.get("code")))
    return users


def _names(codes: list[str], shown: int = 3) -> str | None:
    if len(codes) <= shown:
        return ", ".join(codes) or None
    return f"{', '.join(codes[:shown])} and {len(codes) - shown} more"


def validate_power_list(data: object) -> list[Problem]:
    """Return every fault of a raw power list (as parsed from YAML); empty when it is valid."""
    check = _Checker()
    if not isinstance(data, Mapping):
        check.add("(top)", gettext_noop("The power list must be a mapping of keys."))
        return check.problems
    top = {k: v for k, v in data.items() if not str(k).startswith("x-")}  # x-: anchor holders
    check.unknown_keys(top, frozenset({"version", "region", "amount_unit", "procedures", "powers"}))
    if not (_is_text(data.get("version")) or _is_int(data.get("version"))):
        check.add("version", gettext_noop("Missing field %(key)s."), key="version")
    check.text(data, "region")
    if data.get("amount_unit", "yuan") != "yuan":
        check.add("amount_unit", gettext_noop("Amounts must be in whole yuan (amount_unit: yuan)."))
    procedures = data.get("procedures")
    if not isinstance(procedures, Mapping) or not procedures:
        check.add("procedures", gettext_noop("procedures must be a non-empty mapping."))
        procedures = {}
    users = _procedure_users(data)
    for code, procedure in procedures.items():
        where = _names(users.get(str(code), []))
        check.where = {"power": where, "procedure": str(code), "step": None}
        _check_procedure(check, procedure)
    powers = data.get("powers")
    check.where = {}
    if not isinstance(powers, list) or not powers:
        check.add("powers", gettext_noop("powers must be a non-empty list."))
        return check.problems
    seen: set[str] = set()
    for i, power in enumerate(powers):
        code = power.get("code") if isinstance(power, Mapping) else None
        check.where = {"power": str(code) if code else f"#{i + 1}", "procedure": None, "step": None}
        if code in seen:
            check.add("code", gettext_noop("Power %(code)s appears twice."), code=code)
        seen.add(str(code))
        _check_power(check, power, procedures)
    return check.problems


def _check_procedure(check: _Checker, procedure: object) -> None:
    if not isinstance(procedure, Mapping):
        check.add("(procedure)", gettext_noop("A procedure must be a mapping."))
        return
    check.unknown_keys(procedure, frozenset({"name", "source", "steps"}))
    check.bilingual(procedure, "name")
    check.text(procedure, "source")
    steps = procedure.get("steps")
    if not isinstance(steps, list) or not steps:
        check.add("steps", gettext_noop("A procedure needs a non-empty list of steps."))
        return
    earlier: list[str] = []
    previous: Mapping[str, Any] | None = None
    for i, step in enumerate(steps):
        code = step.get("code") if isinstance(step, Mapping) else None
        check.where = {**check.where, "step": str(code) if code else f"#{i + 1}"}
        if not isinstance(step, Mapping):
            check.add("(step)", gettext_noop("A step must be a mapping."))
            continue
        if code in earlier:
            check.add("code", gettext_noop("Step %(code)s appears twice."), code=code)
        _check_step(check, step, earlier, previous)
        earlier.append(str(code))
        previous = step
    check.where = {**check.where, "step": None}


def _check_step(
    check: _Checker, step: Mapping[str, Any], earlier: list[str], previous: Mapping[str, Any] | None
) -> None:
    check.unknown_keys(step, STEP_KEYS)
    check.text(step, "code")
    check.bilingual(step, "name", required=False)
    check.choice(step, "kind", KINDS, "kind")
    kind = step.get("kind")
    _check_option(check, step, kind)
    if "co_signer" in step:
        check.choice(step, "co_signer", BODIES, "body")
    for key in ("publicity", "interval"):
        check.period(step, key)
    check.period(step, "deadline", anchored=True)
    evidence = step.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        check.add("evidence", gettext_noop("A step needs a non-empty list of evidence."))
    else:
        for item in evidence:
            if item not in EVIDENCE:
                check.add("evidence", gettext_noop("Unknown evidence %(value)r."), value=item)
    alternatives = step.get("alternatives", [])
    if alternatives and kind != "meeting":
        check.add("alternatives", gettext_noop("Only a meeting step may have alternative bodies."))
    elif not isinstance(alternatives, list):
        check.add("alternatives", gettext_noop("alternatives must be a list."))
    else:
        for alternative in alternatives:
            if not isinstance(alternative, Mapping):
                check.add("alternatives", gettext_noop("An alternative must be a mapping."))
                continue
            check.unknown_keys(alternative, OPTION_KEYS)
            _check_option(check, alternative, kind)
    _check_failure(check, step, earlier)
    check.flag(step, "mergeable_with_previous")
    if step.get("mergeable_with_previous") is True and (
        previous is None or previous.get("kind") != "meeting" or kind != "meeting"
    ):
        check.add(
            "mergeable_with_previous",
            gettext_noop("Only a meeting that follows a meeting may be merged with it."),
        )


def _check_option(check: _Checker, option: Mapping[str, Any], kind: object) -> None:
    check.choice(option, "body", BODIES, "body")
    check.period(option, "notice")
    check.flag(option, "requires_authorization")
    if kind == "meeting":
        if option.get("body") in OFFICE_BODIES:
            check.add(
                "body", gettext_noop("%(value)s cannot hold a meeting."), value=option["body"]
            )
        check.choice(option, "quorum", QUORUM_RULES, "quorum rule")
        check.choice(option, "pass", PASS_RULES, "pass rule")
        return
    for key in ("quorum", "pass", "notice"):
        if key in option:
            check.add(key, gettext_noop("Only a meeting step has %(key)s."), key=key)


def _check_failure(check: _Checker, step: Mapping[str, Any], earlier: list[str]) -> None:
    failure = step.get("on_failure")
    if failure is None:
        return
    if step.get("kind") not in ("meeting", "approval"):
        check.add("on_failure", gettext_noop("Only a meeting or an approval can fail."))
    if not isinstance(failure, Mapping) or not set(failure) <= {"return_to", "may_close"}:
        check.add("on_failure", gettext_noop("on_failure must be {return_to, may_close}."))
        return
    check.flag(failure, "may_close")
    target = failure.get("return_to")
    if target is not None and target not in [*earlier, step.get("code")]:
        check.add(
            "on_failure.return_to",
            gettext_noop("return_to %(value)r is not this or an earlier step."),
            value=target,
        )
    if target is None and failure.get("may_close") is False:
        check.add("on_failure", gettext_noop("A failed step must either return or close the case."))


def _check_power(check: _Checker, power: object, procedures: Mapping[str, Any]) -> None:
    if not isinstance(power, Mapping):
        check.add("(power)", gettext_noop("A power must be a mapping."))
        return
    check.unknown_keys(power, POWER_KEYS)
    check.text(power, "code")
    check.bilingual(power, "name")
    check.bilingual(power, "legal_basis")
    check.text(power, "disclosure_matter", required=False)
    check.choice(power, "category", CATEGORIES, "category")
    check.choice(power, "responsible_post", POSTS, "post")
    check.choice(power, "source", SOURCES, "source")
    risks = power.get("risk_points", [])
    if not isinstance(risks, list) or not all(_is_bilingual(r) for r in risks):
        check.add("risk_points", gettext_noop("risk_points must be a list of text."))
    has_procedure, has_tiers = "procedure" in power, "tiers" in power
    if has_procedure == has_tiers:
        check.add("procedure", gettext_noop("Give either procedure or tiers, not both or neither."))
    if has_procedure:
        _check_reference(check, "procedure", power["procedure"], procedures)
    if has_tiers:
        _check_tiers(check, power["tiers"], procedures)
    variants = power.get("variants", {})
    if not isinstance(variants, Mapping):
        check.add("variants", gettext_noop("variants must map a condition to a procedure."))
        return
    for condition, code in variants.items():
        _check_reference(check, f"variants.{condition}", code, procedures)


def _check_reference(
    check: _Checker, key: str, code: object, procedures: Mapping[str, Any]
) -> None:
    if not isinstance(code, str) or code not in procedures:
        check.add(key, gettext_noop("Unknown procedure %(value)r."), value=code)


def _check_tiers(check: _Checker, tiers: object, procedures: Mapping[str, Any]) -> None:
    if not isinstance(tiers, list) or not tiers:
        check.add("tiers", gettext_noop("tiers must be a non-empty list."))
        return
    expected_from = 0
    for i, tier in enumerate(tiers):
        label = f"tiers[{i}]"
        if not isinstance(tier, Mapping) or not set(tier) <= {"from", "below", "procedure"}:
            check.add(label, gettext_noop("A tier must be {from, below, procedure}."))
            return
        _check_reference(check, f"{label}.procedure", tier.get("procedure"), procedures)
        start, below = tier.get("from", 0), tier.get("below")
        last = i == len(tiers) - 1
        if not _is_int(start) or (below is not None and not _is_int(below)):
            check.add(label, gettext_noop("Tier amounts must be whole yuan."))
            return
        if start != expected_from:
            message = (
                gettext_noop("Tiers overlap: %(label)s starts at %(start)s, before %(expected)s.")
                if start < expected_from
                else gettext_noop(
                    "Gap between tiers: %(label)s starts at %(start)s, not %(expected)s."
                )
            )
            check.add(f"{label}.from", message, label=label, start=start, expected=expected_from)
        if below is None and not last:
            check.add(f"{label}.below", gettext_noop("Only the last tier may be open-ended."))
            return
        if below is not None and last:
            check.add(
                f"{label}.below",
                gettext_noop(
                    "The last tier must be open-ended (amounts from %(below)s have no procedure)."
                ),
                below=below,
            )
        if below is not None and below <= start:
            check.add(
                f"{label}.below", gettext_noop("Tier %(label)s is empty or reversed."), label=label
            )
        expected_from = below if below is not None else expected_from


# Loading --------------------------------------------------------------------------------------


def _period(raw: Mapping[str, Any] | None) -> Period | None:
    if raw is None:
        return None
    return Period(days=raw["days"], count=raw.get("count", "calendar"))


def _option(raw: Mapping[str, Any]) -> BodyOption:
    return BodyOption(
        body=raw["body"],
        quorum=raw.get("quorum"),
        pass_rule=raw.get("pass"),
        notice=_period(raw.get("notice")),
        requires_authorization=raw.get("requires_authorization", False),
    )


def _step(raw: Mapping[str, Any]) -> Step:
    failure = raw.get("on_failure") or {}
    deadline = raw.get("deadline")
    return Step(
        code=raw["code"],
        name=Text.of(raw["name"]) if "name" in raw else None,
        kind=raw["kind"],
        options=(_option(raw), *(_option(a) for a in raw.get("alternatives", []))),
        evidence=tuple(raw["evidence"]),
        co_signer=raw.get("co_signer"),
        publicity=_period(raw.get("publicity")),
        deadline=_period(deadline),
        deadline_after=(deadline or {}).get("after", "previous_step"),
        interval=_period(raw.get("interval")),
        on_failure=FailurePolicy(failure.get("return_to"), failure.get("may_close", True)),
        mergeable_with_previous=raw.get("mergeable_with_previous", False),
    )


def _power(raw: Mapping[str, Any]) -> Power:
    tiers = []
    for tier in raw.get("tiers", []):
        tiers.append(Tier(tier.get("from", 0), tier.get("below"), tier["procedure"]))
    return Power(
        code=raw["code"],
        name=Text.of(raw["name"]),
        category=raw["category"],
        legal_basis=Text.of(raw["legal_basis"]),
        responsible_post=raw["responsible_post"],
        source=raw["source"],
        procedure=raw.get("procedure"),
        tiers=tuple(tiers),
        variants=tuple((str(k), v) for k, v in raw.get("variants", {}).items()),
        disclosure_matter=raw.get("disclosure_matter"),
        risk_points=tuple(Text.of(r) for r in raw.get("risk_points", [])),
    )


def load_power_list(data: object) -> PowerList:
    """Build the frozen power list from raw data, or raise :class:`PowerListInvalid`."""
    problems = validate_power_list(data)
    if problems:
        raise PowerListInvalid(problems)
    assert isinstance(data, Mapping)
    procedures = tuple(
        Procedure(code, Text.of(raw["name"]), raw["source"], tuple(_step(s) for s in raw["steps"]))
        for code, raw in data["procedures"].items()
    )
    return PowerList(
        version=str(data["version"]),
        region=data["region"],
        amount_unit=data.get("amount_unit", "yuan"),
        procedures=procedures,
        powers=tuple(_power(p) for p in data["powers"]),
    )


def parse_power_list(text: str, *, field: str = "file") -> PowerList:
    """Parse and load a YAML power list (InvalidInput naming the power, step and field)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise InvalidInput(
            gettext_noop("The power list is not valid YAML: %(error)s"),
            {"error": str(err)},
            field=field,
        ) from None
    return load_power_list(data)


def read_power_list(path: str | Path | None = None) -> PowerList:
    """Read and load a YAML power list; the shipped default when ``path`` is None."""
    return parse_power_list(Path(path or DEFAULT_POWER_LIST).read_text(encoding="utf-8"))


def validate_cli(path: str | None, stdout: TextIO, stderr: TextIO) -> int:
    """Back ``openvillage powerlist validate [FILE]``: print ``N powers`` and return 0.

    Returns 1 when the list has faults (one line each: power, procedure, step, field, reason) and
    2 when the file cannot be read or parsed.
    """
    try:
        power_list = read_power_list(path)
    except PowerListInvalid as err:
        for problem in err.problems:
            print(problem, file=stderr)
        print(f"{len(err.problems)} problem(s) in {path or DEFAULT_POWER_LIST}", file=stderr)
        return 1
    except (OSError, InvalidInput) as err:
        print(f"cannot read {path or DEFAULT_POWER_LIST}: {err}", file=stderr)
        return 2
    print(f"{len(power_list.powers)} powers", file=stdout)
    return 0
