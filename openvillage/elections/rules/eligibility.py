"""Who may vote, stand and act as a proxy, and who is barred from standing.

Pure (no Django); plain values in, a reason (message, params) or None out, so that the service
raises it with its own error class. Rules cite elections.md:

- V8 (Organic Law Art. 13): aged 18 on election day: ``birth_date + 18 years <= D``; a 29 February
  birth reaches 18 on 1 March in a non-leap year (platform default);
- V9 (Art. 13): the three registration cases and their conditions;
- V19-V21 (Art. 15, Civil Code Art. 1045): proxies;
- Q2-Q4: the negative list (data: ``negative_list.yaml`` beside the app).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from openvillage.core.text import gettext_noop

Reason = tuple[str, dict[str, object]]

REGISTERED_RESIDENT = "registered_resident"
REGISTERED_AWAY = "registered_away"
RESIDENT_UNREGISTERED = "resident_unregistered"

#: Civil Code Art. 1045 near relatives (V19); a profile may narrow the set.
NEAR_RELATIVES = ("spouse", "parent", "child", "sibling", "grandparent", "grandchild")


def eighteenth_birthday(birth_date: date) -> date:
    """Return the day a person reaches 18 (V8); 29 February -> 1 March in a non-leap year."""
    try:
        return birth_date.replace(year=birth_date.year + 18)
    except ValueError:  # 29 February, the 18th year is not a leap year
        return date(birth_date.year + 18, 3, 1)


def of_age(birth_date: date, election_day: date) -> bool:
    """V8: eligible iff ``birth_date + 18 years <= D`` (a birthday on D counts)."""
    return eighteenth_birthday(birth_date) <= election_day


def one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day - timedelta(days=365)


def registration_problem(
    *,
    registration: str,
    election_day: date,
    wish_recorded_on: date | None = None,
    wish_channel: str = "",
    resident_since: date | None = None,
    applied_on: date | None = None,
    meeting_decision: str = "",
) -> Reason | None:
    """V9: return why a villager cannot be registered in this case, or None.

    (a) hukou here and living here: no condition. (b) hukou here, living away: the wish to vote,
    with its date and channel. (c) hukou elsewhere: living here at least one year by D, an
    application, and the approval of the villagers' or representatives' meeting (recorded).
    """
    if registration == REGISTERED_RESIDENT:
        return None
    if registration == REGISTERED_AWAY:
        if wish_recorded_on is None or not wish_channel.strip():
            return (
                gettext_noop(
                    "A villager living away is registered only after expressing the wish to "
                    "vote; record the date and the channel (V9 b)."
                ),
                {},
            )
        return None
    if registration == RESIDENT_UNREGISTERED:
        if resident_since is None or resident_since > one_year_before(election_day):
            return (
                gettext_noop(
                    "A resident without hukou here must have lived in the village for at least "
                    "one year by election day (V9 c)."
                ),
                {},
            )
        if applied_on is None or not meeting_decision.strip():
            return (
                gettext_noop(
                    "A resident without hukou here needs an application and the approval of the "
                    "villagers' or representatives' meeting, recorded (V9 c)."
                ),
                {},
            )
        return None
    return gettext_noop("Unknown registration status %(value)s."), {"value": registration}


def proxy_problem(
    *,
    relationship: str,
    allowed_relatives: Collection[str] = NEAR_RELATIVES,
    written: bool,
    principal_on_roll: bool,
    proxy_on_roll: bool,
    proxy_is_candidate: bool,
    candidate_banned: bool = True,
    principals_already: int,
    cap: int,
    requested_on: date,
    requests_by: date,
    same_person: bool = False,
    proxy_is_principal: bool = False,
) -> Reason | None:
    """V19-V21: return why a proxy is refused, or None (checks in the order a clerk meets them)."""
    if same_person:
        return gettext_noop("A voter cannot be their own proxy."), {}
    if not written:
        return gettext_noop("A proxy must be given in writing (V19)."), {}
    if not principal_on_roll:
        return gettext_noop("The principal is not a registered voter of this election."), {}
    if not proxy_on_roll:
        return (
            gettext_noop("The proxy must be a registered voter of the same village (V19)."),
            {},
        )
    if relationship not in allowed_relatives:
        return (
            gettext_noop("The proxy must be a near relative of the principal (V19)."),
            {},
        )
    if candidate_banned and proxy_is_candidate:
        return gettext_noop("A candidate may not act as a proxy (V21)."), {}
    if proxy_is_principal:
        return gettext_noop("A principal cannot pass the vote on to someone else (V21)."), {}
    if requested_on > requests_by:
        return (
            gettext_noop("Proxy requests closed on %(date)s (V21)."),
            {"date": requests_by.isoformat()},
        )
    if principals_already >= cap:
        return (
            gettext_noop("A proxy may vote for at most %(cap)s principals (V21)."),
            {"cap": cap},
        )
    return None
