"""Quorum and pass rules of village and party meetings, in exact integer arithmetic.

Every rule is a named entry in :data:`QUORUM_RULES` or :data:`PASS_RULES`; the power list
(``powerlists/*.yaml``) refers to rules by these names. Counting words follow the Civil Code
(Art. 1259, elections.md C2): "more than half" (过半数) is ``2*x > n``, "two thirds or more"
(三分之二以上) is ``3*x >= 2*n``. Never divide, never round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop


@dataclass(frozen=True)
class MeetingCounts:
    """Attendance and votes of one meeting (decisions.md D4).

    ``should_attend`` is the denominator of the body: members of a committee, full party members
    with voting rights, adult villagers for a villagers' meeting, members (committee plus
    representatives) of a representatives' meeting. ``households`` and
    ``households_represented`` are given only where a rule may count households instead.
    """

    should_attend: int
    present: int
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0
    households: int | None = None
    households_represented: int | None = None

    @property
    def votes_cast(self) -> int:
        """Return for + against + abstain."""
        return self.votes_for + self.votes_against + self.votes_abstain


def _refuse(message: str, field: str, **params: object) -> InvalidInput:
    return InvalidInput(message, {"field": field, **params}, field=field)


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(gettext_noop("%(field)s must be a whole number."), name)
    if value < 0:
        raise _refuse(
            gettext_noop("%(field)s cannot be negative (got %(value)s)."), name, value=value
        )


def validate_meeting(counts: MeetingCounts) -> None:
    """Refuse impossible counts, naming the field (decisions.md D4, M3).

    A meeting needs at least one member who should attend; nobody may be present beyond those who
    should attend; votes for, against and abstaining together may not exceed those present.
    """
    for name in ("should_attend", "present", "votes_for", "votes_against", "votes_abstain"):
        _check_count(name, getattr(counts, name))
    if counts.should_attend == 0:
        raise _refuse(
            gettext_noop("A meeting needs at least one member who should attend."), "should_attend"
        )
    if counts.present > counts.should_attend:
        raise _refuse(
            gettext_noop(
                "%(present)s present is more than the %(should_attend)s who should attend."
            ),
            "present",
            present=counts.present,
            should_attend=counts.should_attend,
        )
    if counts.votes_cast > counts.present:
        raise _refuse(
            gettext_noop(
                "Votes for, against and abstaining (%(votes)s) exceed the %(present)s present."
            ),
            "votes_for",
            votes=counts.votes_cast,
            present=counts.present,
        )
    _validate_households(counts)


def _validate_households(counts: MeetingCounts) -> None:
    if counts.households is None and counts.households_represented is None:
        return
    if counts.households is None or counts.households_represented is None:
        missing = "households" if counts.households is None else "households_represented"
        raise _refuse(gettext_noop("%(field)s is missing: give both household counts."), missing)
    _check_count("households", counts.households)
    _check_count("households_represented", counts.households_represented)
    if counts.households_represented > counts.households:
        raise _refuse(
            gettext_noop(
                "%(represented)s households represented is more than the %(total)s households."
            ),
            "households_represented",
            represented=counts.households_represented,
            total=counts.households,
        )


# Quorum rules ---------------------------------------------------------------------------------


def majority_of_should_attend_present(c: MeetingCounts) -> bool:
    """More than half of those who should attend are present: ``2*present > should_attend``.

    Organic Law of Villagers' Committees Art. 22 (adult villagers at a villagers' meeting); the
    platform default for the branch committee and the joint meeting (decisions.md §1, §3 steps 1-2).
    """
    return 2 * c.present > c.should_attend


def two_thirds_of_should_attend_present(c: MeetingCounts) -> bool:
    """Two thirds or more of those who should attend are present: ``3*present >= 2*should_attend``.

    Organic Law Art. 26 (representatives' meeting); party members' meeting in the 四议两公开
    explainer (decisions.md §3 step 3); one county's democratic appraisal for 低保 (F6).
    """
    return 3 * c.present >= 2 * c.should_attend


def _two_thirds_of_households(c: MeetingCounts) -> bool:
    if c.households is None or c.households_represented is None:
        return False
    return 3 * c.households_represented >= 2 * c.households


def villagers_meeting_quorum(c: MeetingCounts) -> bool:
    """More than half of adult villagers, or two thirds of households represented.

    Organic Law Art. 22: ``2*present > adults`` (``should_attend`` = villagers aged 18+) or
    ``3*households_represented >= 2*households``.
    """
    return majority_of_should_attend_present(c) or _two_thirds_of_households(c)


def village_group_meeting_quorum(c: MeetingCounts) -> bool:
    """Two thirds of the group's adults, or of its households, are present.

    ``3*present >= 2*group_adults`` or ``3*households_represented >= 2*group_households``; one
    provincial measure (decisions.md §1, marked uncertain there).
    """
    return two_thirds_of_should_attend_present(c) or _two_thirds_of_households(c)


# Pass rules -----------------------------------------------------------------------------------


def majority_of_present(c: MeetingCounts) -> bool:
    """More than half of those present vote for: ``2*votes_for > present``.

    Organic Law Art. 22 (villagers' meeting) and Art. 26 (representatives' meeting); joint
    meeting (platform default); 四议两公开 step 4 (decisions.md D8, statutory default).
    """
    return 2 * c.votes_for > c.present


def majority_of_should_attend(c: MeetingCounts) -> bool:
    """More than half of those who should attend vote for: ``2*votes_for > should_attend``.

    Party members' meeting, 四议两公开 explainer (decisions.md §3 step 3); branch committee
    (platform default, step 1); the village-rule option for step 4
    (D8, ``2*yes > representatives``).
    """
    return 2 * c.votes_for > c.should_attend


def two_thirds_of_present(c: MeetingCounts) -> bool:
    """Two thirds or more of those present agree: ``3*votes_for >= 2*present``.

    One county's democratic appraisal of 低保 applications (decisions.md F6).
    """
    return 3 * c.votes_for >= 2 * c.present


def two_thirds_of_should_attend(c: MeetingCounts) -> bool:
    """Two thirds or more of all adults (or representatives) vote for: ``3*yes >= 2*should_attend``.

    Land Contract Law Art. 52 (2018 revision; numbering uncertain): contracting collective land
    to a party outside the collective (decisions.md §2).
    """
    return 3 * c.votes_for >= 2 * c.should_attend


RuleFunction = Callable[[MeetingCounts], bool]


@dataclass(frozen=True)
class Rule:
    """A named quorum or pass rule; ``source`` repeats where the rule comes from."""

    code: str
    check: RuleFunction
    source: str


QUORUM_RULES: Mapping[str, Rule] = MappingProxyType(
    {
        "majority_of_should_attend": Rule(
            "majority_of_should_attend",
            majority_of_should_attend_present,
            "Organic Law Art. 22; platform default for committees",
        ),
        "two_thirds_of_should_attend": Rule(
            "two_thirds_of_should_attend",
            two_thirds_of_should_attend_present,
            "Organic Law Art. 26; 四议两公开 explainer",
        ),
        "villagers_meeting_quorum": Rule(
            "villagers_meeting_quorum", villagers_meeting_quorum, "Organic Law Art. 22"
        ),
        "village_group_meeting_quorum": Rule(
            "village_group_meeting_quorum",
            village_group_meeting_quorum,
            "provincial measure (uncertain)",
        ),
    }
)

PASS_RULES: Mapping[str, Rule] = MappingProxyType(
    {
        "majority_of_present": Rule(
            "majority_of_present", majority_of_present, "Organic Law Art. 22, 26"
        ),
        "majority_of_should_attend": Rule(
            "majority_of_should_attend", majority_of_should_attend, "四议两公开 explainer"
        ),
        "two_thirds_of_present": Rule(
            "two_thirds_of_present", two_thirds_of_present, "county 低保 appraisal rule"
        ),
        "two_thirds_of_should_attend": Rule(
            "two_thirds_of_should_attend", two_thirds_of_should_attend, "Land Contract Law Art. 52"
        ),
    }
)


def _rule(registry: Mapping[str, Rule], code: str, field: str) -> Rule:
    try:
        return registry[code]
    except KeyError:
        raise _refuse(gettext_noop("Unknown rule %(rule)s."), field, rule=code) from None


def quorum_met(rule: str, counts: MeetingCounts) -> bool:
    """Validate the counts and apply the named quorum rule."""
    check = _rule(QUORUM_RULES, rule, "quorum").check
    validate_meeting(counts)
    return check(counts)


def vote_passed(rule: str, counts: MeetingCounts) -> bool:
    """Validate the counts and apply the named pass rule (quorum is checked separately, M3)."""
    check = _rule(PASS_RULES, rule, "pass").check
    validate_meeting(counts)
    return check(counts)
