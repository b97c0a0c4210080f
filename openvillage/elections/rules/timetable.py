"""The timetable of a village election, derived from election day D under the profile.

Pure (no Django). Dates follow elections.md C4: "N days before D" is on or before D - N calendar
days. Every date cites its rule:

- V11 (Organic Law Art. 14): the roll is published on or before D - 20;
- V12 (Art. 14): an objection is accepted iff received on or before published_on + 5, and is
  decided on or before received_on + 3;
- V17 (zhejiang Art. 18, shanghai Art. 12, beijing Art. 20): the candidate list by D - 5;
- V21: proxy requests by D - 3 (national, zhejiang), D - 5 (shanghai), before D (beijing);
- V20/V21: the proxy list published before D (D - 1), shanghai by D - 2;
- V45: the additional election within 30 days (beijing 15);
- V4 (Art. 20): the handover within 10 days of the new committee.

The day counts per profile are data (:data:`TIMETABLE_PROFILES`), not branches on a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

NATIONAL = {
    "roll_days_before": 20,  # V11
    "objection_days": 5,  # V12
    "objection_decision_days": 3,  # V12
    "candidate_list_days_before": 5,  # V17
    "proxy_request_days_before": 3,  # V21 (platform default)
    "proxy_list_days_before": 1,  # V20, V21: before D (platform default)
    "additional_window_days": 30,  # V45 (platform default)
    "handover_days": 10,  # V4
    "proxy_cap": 3,  # V21 (platform default)
}

#: Per profile, the keys that differ from the national values (elections.md §A.12).
TIMETABLE_PROFILES: Mapping[str, Mapping[str, int]] = {
    "national": NATIONAL,
    "zhejiang": NATIONAL,
    "shanghai": {**NATIONAL, "proxy_request_days_before": 5, "proxy_list_days_before": 2},
    "beijing": {**NATIONAL, "proxy_request_days_before": 1, "additional_window_days": 15},
}

#: The step "roll published" (V11); its key is also the name of the election's state after it.
ROLL_STEP = "roll_published"
#: The steps of the timetable in the order the election meets them.
STEPS = (ROLL_STEP, "candidate_list_published", "proxy_requests", "proxy_list_published")


def days(profile: str) -> Mapping[str, int]:
    """Return the day counts of ``profile``; an unknown profile is InvalidInput."""
    if profile not in TIMETABLE_PROFILES:
        raise InvalidInput(
            gettext_noop("Unknown election profile %(profile)s."),
            {"profile": profile},
            field="profile",
        )
    return TIMETABLE_PROFILES[profile]


@dataclass(frozen=True)
class Timetable:
    """The last allowed day of each step for one election day."""

    election_day: date
    roll_published_by: date
    candidate_list_by: date
    proxy_requests_by: date
    proxy_list_by: date
    additional_election_by: date

    def due(self, step: str) -> date:
        return {
            "roll_published": self.roll_published_by,
            "candidate_list_published": self.candidate_list_by,
            "proxy_requests": self.proxy_requests_by,
            "proxy_list_published": self.proxy_list_by,
        }[step]


def timetable_for(profile: str, election_day: date) -> Timetable:
    """Derive the deadlines of V11, V17, V20/V21 and V45 from election day D (C4)."""
    d = days(profile)
    return Timetable(
        election_day=election_day,
        roll_published_by=election_day - timedelta(days=d["roll_days_before"]),
        candidate_list_by=election_day - timedelta(days=d["candidate_list_days_before"]),
        proxy_requests_by=election_day - timedelta(days=d["proxy_request_days_before"]),
        proxy_list_by=election_day - timedelta(days=d["proxy_list_days_before"]),
        additional_election_by=election_day + timedelta(days=d["additional_window_days"]),
    )


def objections_until(profile: str, published_on: date) -> date:
    """V12: the last day an objection to the roll is accepted (published_on + 5)."""
    return published_on + timedelta(days=days(profile)["objection_days"])


def objection_decision_due(profile: str, received_on: date) -> date:
    """V12: the last day an objection may be decided (received_on + 3)."""
    return received_on + timedelta(days=days(profile)["objection_decision_days"])


def handover_due(profile: str, result_published_on: date) -> date:
    """V4: the handover of seals, accounts and archives is due within 10 days."""
    return result_published_on + timedelta(days=days(profile)["handover_days"])


def late_steps(timetable: Timetable, today: date, done: Mapping[str, date | None]) -> list[str]:
    """Return the steps not done by their due date (done late, or still undone after it)."""
    late = []
    for step in STEPS:
        finished = done.get(step)
        if step == "proxy_requests":
            continue  # a window, not a step that is done
        if (
            finished is None
            and today > timetable.due(step)
            or finished is not None
            and finished > timetable.due(step)
        ):
            late.append(step)
    return late


#: The columns of the town and county progress boards, in the order an election meets them.
BOARD_STEPS = (
    "roll_published",
    "objections_decided",
    "candidate_list_published",
    "proxy_list_published",
    "election_held",
    "result_published",
)

DONE, DONE_LATE, DUE, LATE, NOT_APPLICABLE = "done", "done_late", "due", "late", "none"


def step_state(due: date | None, done: date | None, today: date) -> str:
    """Return the state of one board cell: done, done late, due, late, or none (no due date).

    C4: a step due "N days before D" is on time iff done on or before its due date; a step not
    done is late from the day after its due date (V11, V12, V17, V20, V45).
    """
    if done is not None:
        return DONE_LATE if due is not None and done > due else DONE
    if due is None:
        return NOT_APPLICABLE
    return LATE if today > due else DUE


#: The rows of the timetable preview shown before a county opens its general election: the
#: step, the rule it comes from, and the number of days counted from election day D (negative:
#: before D). Each date is D plus that integer (C4; Civil Code Art. 1259: "以前" includes the day).
PREVIEW_STEPS = (
    ("roll_published", "V11", "roll_days_before", -1),
    ("candidate_list_published", "V17", "candidate_list_days_before", -1),
    ("proxy_requests", "V21", "proxy_request_days_before", -1),
    ("proxy_list_published", "V20", "proxy_list_days_before", -1),
    ("election_held", "", "", 0),
    ("additional_election", "V45", "additional_window_days", 1),
)


@dataclass(frozen=True)
class PreviewRow:
    """One line of the preview: the step, its last allowed day, the rule and the day count."""

    step: str
    by: date
    rule: str
    days: int  # signed: negative before election day


def preview(profile: str, election_day: date) -> list[PreviewRow]:
    """The timetable of ``profile`` for election day D, step by step, before anything is stored.

    Integer day arithmetic only: each date is D + sign * N with N from the profile (V11, V17,
    V20/V21, V45; C4).
    """
    d = days(profile)
    rows = []
    for step, rule, key, sign in PREVIEW_STEPS:
        n = sign * d[key] if key else 0
        rows.append(PreviewRow(step, election_day + timedelta(days=n), rule, n))
    return rows
