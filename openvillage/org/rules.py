"""Pure rules of the organization registry (no Django import)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

CODE_RE = re.compile(r"^\d{12}$")

# The statistical division code (GB/T 2260 + 3-digit town + 3-digit village parts): a county
# code ends in six zeros, a town code in three, and each unit's code starts with its parent's part.
LEVEL_PREFIX = {"county": 6, "town": 9, "village": 12}
PARENT_LEVEL = {"town": "county", "village": "town"}

# Posts each body has (glossary: secretary, deputy_secretary, director, deputy_director,
# committee_member; the supervision committee has a chair).
BODY_POSTS = {
    "branch_committee": ("secretary", "deputy_secretary", "committee_member"),
    "villagers_committee": ("director", "deputy_director", "committee_member"),
    "supervision_committee": ("chair", "committee_member"),
}
SINGLE_SEAT_POSTS = frozenset({"secretary", "director", "chair"})

# Organic Law of Villagers' Committees Art. 32 (domain rule S2): members of the villagers'
# committee may not sit on the village supervision committee.
INCOMPATIBLE_BODIES = frozenset({frozenset({"villagers_committee", "supervision_committee"})})

TERM_YEARS = 5  # Organic Law Art. 11; party branch terms follow the same five years.


def check_division_code(code: str, level: str, parent_code: str | None) -> None:
    """Refuse a code that is not 12 digits or does not fit its level and parent."""
    if not CODE_RE.match(code or ""):
        raise InvalidInput(
            gettext_noop("A division code has exactly 12 digits; %(code)s does not."),
            {"code": code},
            field="code",
        )
    keep = LEVEL_PREFIX[level]
    if code[keep:] != "0" * (12 - keep):
        raise InvalidInput(
            gettext_noop("%(code)s is not the code of a %(level)s: it must end in %(zeros)s."),
            {"code": code, "level": level, "zeros": "0" * (12 - keep)},
            field="code",
        )
    if level == "county":
        return
    if parent_code is None:
        raise InvalidInput(gettext_noop("This unit needs a parent unit."), field="parent")
    parent_keep = LEVEL_PREFIX[PARENT_LEVEL[level]]
    if code[:parent_keep] != parent_code[:parent_keep] or code == parent_code:
        raise InvalidInput(
            gettext_noop("%(code)s does not belong under %(parent)s."),
            {"code": code, "parent": parent_code},
            field="code",
        )


@dataclass(frozen=True)
class TermFacts:
    """A term as the rules see it."""

    person_id: int
    body: str
    post: str
    started_on: date
    ended_on: date | None


def overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Whether two closed date ranges (an open end runs forever) share a day."""
    return a_start <= (b_end or date.max) and b_start <= (a_end or date.max)


def check_term(
    new: TermFacts, same_person: Iterable[TermFacts], same_post: Iterable[TermFacts]
) -> None:
    """Refuse a term with a wrong post, an incompatible concurrent post, or a seat already held.

    ``same_person``: the person's other terms in this village; ``same_post``: every term of this
    body and post in this village (for single-seat posts: no two holders on one day).
    """
    if new.post not in BODY_POSTS.get(new.body, ()):
        raise InvalidInput(
            gettext_noop("The post %(post)s does not exist on the %(body)s."),
            {"post": new.post, "body": new.body},
            field="post",
        )
    if new.ended_on is not None and new.ended_on < new.started_on:
        raise InvalidInput(gettext_noop("A term cannot end before it starts."), field="ended_on")
    for other in same_person:
        if not overlaps(new.started_on, new.ended_on, other.started_on, other.ended_on):
            continue
        if other.body == new.body:
            raise InvalidInput(
                gettext_noop("This person already holds a post on this body in that period."),
                field="post",
            )
        if frozenset({other.body, new.body}) in INCOMPATIBLE_BODIES:
            raise InvalidInput(
                gettext_noop(
                    "A member of the villagers' committee cannot sit on the supervision "
                    "committee at the same time (Organic Law Art. 32)."
                ),
                field="body",
            )
    if new.post in SINGLE_SEAT_POSTS:
        for other in same_post:
            if other.person_id != new.person_id and overlaps(
                new.started_on, new.ended_on, other.started_on, other.ended_on
            ):
                raise InvalidInput(
                    gettext_noop(
                        "Another person holds this post from %(start)s; end that term first."
                    ),
                    {"start": other.started_on.isoformat()},
                    field="started_on",
                )


def expected_term_end(started_on: date) -> date:
    """The day a five-year term started on ``started_on`` runs out (Organic Law Art. 11)."""
    year = started_on.year + TERM_YEARS
    day = started_on.day
    if started_on.month == 2 and day == 29:
        day = 28
    return started_on.replace(year=year, day=day)


@dataclass(frozen=True)
class Member:
    """A current member of the two committees, as the team structure sees them."""

    person_id: int
    gender: str
    birth_date: date
    education: str
    posts: tuple[tuple[str, str], ...]  # (body, post)


@dataclass(frozen=True)
class TeamStructure:
    size: int
    women: int
    under_35: int
    age_35_to_50: int
    over_50: int
    college_or_above: int
    concurrent_secretary_director: bool
    cross_appointed: int
    age_sum: int

    @property
    def average_age(self) -> int:
        """Whole years, rounded down (integer arithmetic)."""
        return self.age_sum // self.size if self.size else 0


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - int((day.month, day.day) < (birth.month, birth.day))


COLLEGE = frozenset({"college", "bachelor", "postgraduate"})


def team_structure(members: Iterable[Member], today: date) -> TeamStructure:
    """Structure of a two-committee team: ages, women, education, concurrent posts."""
    people = list(members)
    ages = [age_on(m.birth_date, today) for m in people]
    concurrent = any(
        ("branch_committee", "secretary") in m.posts
        and ("villagers_committee", "director") in m.posts
        for m in people
    )
    return TeamStructure(
        size=len(people),
        women=sum(1 for m in people if m.gender == "female"),
        under_35=sum(1 for a in ages if a < 35),
        age_35_to_50=sum(1 for a in ages if 35 <= a <= 50),
        over_50=sum(1 for a in ages if a > 50),
        college_or_above=sum(1 for m in people if m.education in COLLEGE),
        concurrent_secretary_director=concurrent,
        cross_appointed=sum(
            1
            for m in people
            if {"branch_committee", "villagers_committee"} <= {body for body, _ in m.posts}
        ),
        age_sum=sum(ages),
    )


def add_structures(structures: Iterable[TeamStructure]) -> TeamStructure:
    """The structure of many teams together (counts add; concurrent means "in any team")."""
    items = list(structures)
    return TeamStructure(
        size=sum(s.size for s in items),
        women=sum(s.women for s in items),
        under_35=sum(s.under_35 for s in items),
        age_35_to_50=sum(s.age_35_to_50 for s in items),
        over_50=sum(s.over_50 for s in items),
        college_or_above=sum(s.college_or_above for s in items),
        concurrent_secretary_director=any(s.concurrent_secretary_director for s in items),
        cross_appointed=sum(s.cross_appointed for s in items),
        age_sum=sum(s.age_sum for s in items),
    )


# --- registry checks of a person (issue 12, item 3) ---------------------------------------------

#: A mainland mobile number: 11 digits, 1 then 3-9 (MIIT numbering plan; 12x and 14x data-only
#: ranges aside, every voice mobile range begins 13-19).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_SEPARATORS = str.maketrans("", "", " -－\u3000")


def normalize_mobile(phone: str) -> str:
    """The mobile number without spaces, hyphens and a leading +86 or 86 country code."""
    digits = (phone or "").strip().translate(_PHONE_SEPARATORS)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            return digits[len(prefix) :]
    return digits


def _mobile_problem(mobile: str) -> tuple[str, dict[str, object]]:
    if not mobile.isdigit():
        return gettext_noop("A mobile phone number has digits only."), {}
    if len(mobile) != 11:
        return (
            gettext_noop("A mobile phone number has 11 digits; this one has %(length)s."),
            {"length": len(mobile)},
        )
    return gettext_noop("A mobile phone number starts with 13 to 19."), {}


def person_problems(
    *, birth_date: date | None, id_number: str = "", phone: str = "", today: date
) -> list[tuple[str, str, dict[str, object]]]:
    """Return ``(field, message, params)`` for each registry check a person's details fail.

    - the birth date is not after today;
    - the birth date is the one in the ID number (GB 11643-1999 §4.2: digits 7-14 are the
      birth date, YYYYMMDD), when an 18-character ID number is given;
    - a mobile phone is 11 digits, 1 then 3-9 (a masked phone, shown back by a form, is skipped).
    """
    problems: list[tuple[str, str, dict[str, object]]] = []
    if birth_date is not None and birth_date > today:
        problems.append(("birth_date", gettext_noop("The birth date cannot be in the future."), {}))
    number = (id_number or "").strip().upper()
    in_id = number[6:14] if len(number) == 18 and number[6:14].isdigit() else ""
    if birth_date is not None and in_id and in_id != f"{birth_date:%Y%m%d}":
        message = gettext_noop(
            "The birth date %(birth)s does not match the one in the ID number (%(in_id)s)."
        )
        shown = f"{in_id[:4]}-{in_id[4:6]}-{in_id[6:]}"
        problems.append(("birth_date", message, {"birth": birth_date.isoformat(), "in_id": shown}))
    mobile = normalize_mobile(phone)
    if mobile and "*" not in mobile and not MOBILE_RE.fullmatch(mobile):
        problems.append(("phone", *_mobile_problem(mobile)))
    return problems


def check_person(
    *, birth_date: date | None, id_number: str = "", phone: str = "", today: date
) -> None:
    """Raise InvalidInput, naming the field, for the first registry check that fails."""
    problems = person_problems(birth_date=birth_date, id_number=id_number, phone=phone, today=today)
    if problems:
        field, message, params = problems[0]
        raise InvalidInput(message, params, field=field)
