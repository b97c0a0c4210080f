"""The form that opens a general election, parsed once for the console and the API."""

from __future__ import annotations

from datetime import date

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop
from openvillage.elections.models import Profile


def parse_open_form(data, counties) -> dict:
    """The county, name, profile and election day of the form, each refused by its label."""
    counties = list(counties)
    code = data.get("county", "")
    county = next((c for c in counties if c.code == code), None)
    if county is None and len(counties) == 1 and not code:
        county = counties[0]
    if county is None:
        raise InvalidInput(gettext_noop("Choose a county in your area."), field="county")
    profile = data.get("profile", "")
    if profile not in Profile.values:
        raise InvalidInput(gettext_noop("Choose a rule set from the list."), field="profile")
    try:
        day = date.fromisoformat(data.get("election_day", "").strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter a date as YYYY-MM-DD."), field="election_day"
        ) from None
    name = data.get("name", "").strip()
    if not name:
        raise InvalidInput(gettext_noop("This field is required."), field="name")
    return {"county": county, "name": name, "profile": profile, "election_day": day}
