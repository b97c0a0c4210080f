"""Election profiles: the per-province counting rules, loaded from ``profiles.yaml``.

elections.md §A.12 (villagers' committee) and §B (party branch). Profiles are data: a province
``extends`` the national profile and overrides only what its measures state; code reads the typed
:class:`LawRules` and never branches on a province name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from openvillage.core.errors import InvalidInput
from openvillage.core.schemas import (
    MESSAGES,
    ConfigInvalid,
    Fault,
    Kind,
    Schema,
    check,
    load_yaml,
)
from openvillage.core.text import gettext_noop

PROFILES_PATH = Path(__file__).with_name("profiles.yaml")

LAWS = ("villagers_committee", "party_branch")

#: Allowed ``threshold_base`` per law (V34, P12) and the round figure each one names.
THRESHOLD_BASES = {
    "villagers_committee": ("ballots_collected", "voters_voted"),
    "party_branch": ("should_attend", "present"),
}
CROSS_POST_MARKS = ("invalid_ballot", "add_to_lower_post", "count_in_each_post")
ADDITIONAL_FROM = ("all_persons", "candidates")
TIE_RULES = ("revote",)
VACANCY_DECIDED_BY = ("may_leave_vacant", "villagers_meeting")

_SHARE = re.compile(r"^(more_than|at_least) (\d+)/(\d+)$")


@dataclass(frozen=True)
class Share:
    """A legal share "more than num/den" or "num/den or more", compared in integers (C1, C2).

    ``more_than 1/2`` is 过半数 (``2*x > n``); ``at_least 1/3`` is 不少于三分之一 (``3*x >= n``).
    """

    num: int
    den: int
    inclusive: bool

    @classmethod
    def parse(cls, text: str) -> Share:
        """Read ``"more_than 1/2"`` or ``"at_least 1/3"`` (profiles.yaml notation)."""
        match = _SHARE.match(text.strip())
        if not match or int(match[3]) < 1:
            raise ValueError(f"not a share: {text!r}")
        return cls(int(match[2]), int(match[3]), match[1] == "at_least")

    def met(self, part: int, whole: int) -> bool:
        """Tell whether ``part`` reaches this share of ``whole`` (C1: no division, no rounding)."""
        if self.inclusive:
            return self.den * part >= self.num * whole
        return self.den * part > self.num * whole

    def least(self, whole: int) -> int:
        """Return the least ``part >= 0`` that meets the share of ``whole``.

        Found by bisection on :meth:`met` itself, so the number shown always agrees with the
        decision (C1); the bisection halves a search interval, never a vote count.
        """
        low, high = 0, self.num * max(whole, 0) + 1  # den*high > num*whole: always met
        while low < high:
            middle = (low + high) >> 1
            if self.met(middle, whole):
                high = middle
            else:
                low = middle + 1
        return low

    def __str__(self) -> str:
        return f"{'at_least' if self.inclusive else 'more_than'} {self.num}/{self.den}"


@dataclass(frozen=True)
class LawRules:
    """The counting keys of one law in one profile (elections.md §A.12, §B).

    ``turnout`` (V28) belongs to the villagers' committee, ``quorum`` (P7) to the party branch;
    the other is ``None``.
    """

    law: str
    turnout: Share | None
    quorum: Share | None
    threshold: Share
    threshold_base: str
    additional_threshold: Share
    additional_threshold_base: str
    additional_turnout: Share | None
    candidate_surplus: Share
    uncontested_posts: frozenset[str]
    additional_from: str
    cross_post_mark: str
    tie_rule: str
    post_order: tuple[str, ...]
    women_post_separate: bool
    relative_avoidance: bool = False  # V39
    vacancy_min_elected: int = 3  # V46
    vacancy_needs_director: bool = False  # V46
    vacancy_decided_by: str = "may_leave_vacant"  # V46

    def post_rank(self, post: str) -> tuple[int, str]:
        """Sort key of a post, highest first: ``post_order``, then unknown posts by name."""
        if post in self.post_order:
            return (self.post_order.index(post), "")
        return (len(self.post_order), post)


@dataclass(frozen=True)
class ElectionProfile:
    """One province profile: its name and the rules of both laws."""

    name: str
    villagers_committee: LawRules
    party_branch: LawRules

    def rules(self, law: str) -> LawRules:
        """Return the rules of ``law`` (``villagers_committee`` or ``party_branch``)."""
        if law == "villagers_committee":
            return self.villagers_committee
        if law == "party_branch":
            return self.party_branch
        raise InvalidInput(gettext_noop("Unknown law %(law)s."), {"law": law}, field="law")


def _share_text(value: str) -> str:
    if value != "none":
        try:
            Share.parse(value)
        except ValueError:
            raise Fault(
                gettext_noop(
                    "Must be a share written as more_than N/D or at_least N/D, not %(value)s."
                ),
                {"value": value},
            ) from None
    return value


ShareText = Annotated[str, AfterValidator(_share_text)]


class _LawSection(Schema):
    """One law's keys in one profile; every key is optional (a province overrides a few)."""

    turnout: ShareText | None = None
    quorum: ShareText | None = None
    threshold: ShareText | None = None
    additional_threshold: ShareText | None = None
    additional_turnout: ShareText | None = None
    candidate_surplus: ShareText | None = None
    uncontested_posts: list[str] | None = None
    additional_from: Literal["all_persons", "candidates"] | None = None
    cross_post_mark: Literal["invalid_ballot", "add_to_lower_post", "count_in_each_post"] | None = (
        None
    )
    tie_rule: Literal["revote"] | None = None
    post_order: list[str] | None = None
    women_post_separate: bool | None = None
    relative_avoidance: bool | None = None
    vacancy_min_elected: Annotated[int, Field(ge=0)] | None = None
    vacancy_needs_director: bool | None = None
    vacancy_decided_by: Literal["may_leave_vacant", "villagers_meeting"] | None = None


class _VillagersCommittee(_LawSection):
    threshold_base: Literal["ballots_collected", "voters_voted"] | None = None  # V34
    additional_threshold_base: Literal["ballots_collected", "voters_voted"] | None = None


class _PartyBranch(_LawSection):
    threshold_base: Literal["should_attend", "present"] | None = None  # P12
    additional_threshold_base: Literal["should_attend", "present"] | None = None


class _Profile(Schema):
    extends: str | None = None
    villagers_committee: _VillagersCommittee | None = None
    party_branch: _PartyBranch | None = None


PROFILES_SCHEMA = dict[str, _Profile]
_REQUIRED = (
    "threshold",
    "threshold_base",
    "additional_threshold",
    "additional_threshold_base",
    "candidate_surplus",
    "additional_from",
    "cross_post_mark",
    "tie_rule",
)


def _optional_share(value: Any) -> Share | None:
    return None if value in (None, "none") else Share.parse(value)


def _law_rules(law: str, raw: Mapping[str, Any]) -> LawRules:
    return LawRules(
        law=law,
        turnout=_optional_share(raw.get("turnout")),
        quorum=_optional_share(raw.get("quorum")),
        threshold=Share.parse(raw["threshold"]),
        threshold_base=raw["threshold_base"],
        additional_threshold=Share.parse(raw["additional_threshold"]),
        additional_threshold_base=raw["additional_threshold_base"],
        additional_turnout=_optional_share(raw.get("additional_turnout")),
        candidate_surplus=Share.parse(raw["candidate_surplus"]),
        uncontested_posts=frozenset(raw.get("uncontested_posts") or ()),
        additional_from=raw["additional_from"],
        cross_post_mark=raw["cross_post_mark"],
        tie_rule=raw["tie_rule"],
        post_order=tuple(raw.get("post_order") or ()),
        women_post_separate=bool(raw.get("women_post_separate", False)),
        relative_avoidance=bool(raw.get("relative_avoidance", False)),
        vacancy_min_elected=int(raw.get("vacancy_min_elected", 3)),
        vacancy_needs_director=bool(raw.get("vacancy_needs_director", False)),
        vacancy_decided_by=raw.get("vacancy_decided_by") or "may_leave_vacant",
    )


def _resolve(
    name: str, raw: Mapping[str, _Profile], seen: tuple[str, ...] = ()
) -> dict[str, dict[str, Any]]:
    """Merge a profile over the one it ``extends``, law section by law section."""
    if name in seen:
        raise Fault(gettext_noop("A profile cannot extend itself."), path=f"{name}.extends")
    entry = raw[name]
    parent = entry.extends
    if parent is not None and parent not in raw:
        raise Fault(
            gettext_noop("Extends an unknown profile %(parent)s."),
            {"parent": parent},
            path=f"{name}.extends",
        )
    merged = _resolve(parent, raw, (*seen, name)) if parent else {law: {} for law in LAWS}
    for law in LAWS:
        section = getattr(entry, law)
        given = section.model_dump(exclude_unset=True) if section is not None else {}
        merged[law] = {**merged[law], **given}
    return merged


def profiles_from_text(text: str, file: str = "profiles.yaml") -> dict[str, ElectionProfile]:
    """Read every profile of a profiles file; :class:`ConfigInvalid` names file, path, reason."""
    raw = check(PROFILES_SCHEMA, load_yaml(text, file=file), file=file)
    profiles, faults = {}, []
    for name in raw:
        try:
            merged = _resolve(name, raw)
        except Fault as fault:
            faults.append(fault)
            continue
        missing = [
            Fault(MESSAGES["missing"], path=f"{name}.{law}.{key}")
            for law in LAWS
            for key in _REQUIRED
            if key not in merged[law]
        ]
        if missing:
            faults.extend(missing)
            continue
        profiles[name] = ElectionProfile(
            name=name,
            villagers_committee=_law_rules("villagers_committee", merged["villagers_committee"]),
            party_branch=_law_rules("party_branch", merged["party_branch"]),
        )
    if faults:
        raise ConfigInvalid(file, faults)
    return profiles


def load_profiles(path: Path = PROFILES_PATH) -> dict[str, ElectionProfile]:
    """Read every profile of ``path`` (profiles.yaml); :class:`ConfigInvalid` on a bad file."""
    return profiles_from_text(path.read_text(encoding="utf-8"), path.name)


#: The profiles as a kind of versioned configuration (openvillage.core.rulesets). The file has
#: no version number of its own: a stored version is named by its content's hash.
PROFILES: Kind[dict[str, ElectionProfile]] = Kind(
    code="elections.profiles",
    label=gettext_noop("Election profiles"),
    parse=profiles_from_text,
    identity=lambda profiles: ("default", ""),
    default_path=PROFILES_PATH,
)


@cache
def _bundled_profiles() -> dict[str, ElectionProfile]:
    return load_profiles()


def profile_names() -> tuple[str, ...]:
    """Return the names of the bundled profiles, sorted."""
    return tuple(sorted(_bundled_profiles()))


def get_profile(name: str) -> ElectionProfile:
    """Return the bundled profile ``name``; an unknown name is ``InvalidInput`` (field profile)."""
    profiles = _bundled_profiles()
    if not isinstance(name, str) or name not in profiles:
        raise InvalidInput(
            gettext_noop("Unknown election profile %(profile)s; known: %(known)s."),
            {"profile": name, "known": ", ".join(sorted(profiles))},
            field="profile",
        )
    return profiles[name]
