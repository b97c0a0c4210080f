"""Where a message goes (disclosure.md Q3, Q4, Q7; ARCHITECTURE "Scopes and roles").

Levels are integers: village 0, town 1, county 2.

- Q4: a message in any module goes to the village (its clerk) by default; the route of a
  (module, kind) pair is data (``routes``), e.g. reports of misconduct to the town.
- Q4: a message naming a cadre goes to the level above that cadre: a village cadre -> town, a
  town officer -> county; the county has no level above, so a county cadre stays at the county.
  Never to the cadre's own level or below (anyone the cadre supervises).
- Q5: an overdue message escalates one level up, then once more when very late.
- Q7: a reopened message goes one level up.
"""

from __future__ import annotations

from collections.abc import Mapping

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

VILLAGE, TOWN, COUNTY = 0, 1, 2
LEVELS = {"village": VILLAGE, "town": TOWN, "county": COUNTY}
LEVEL_NAMES = {v: k for k, v in LEVELS.items()}

# Platform default: reports of misconduct go to the town (a village should not judge its own).
DEFAULT_ROUTES: Mapping[str, str] = {"*:report": "town"}


def level_above(level: int) -> int:
    """One level up, the county being the top (Q4, Q5)."""
    return min(level + 1, COUNTY)


def route_level(
    module: str,
    kind: str,
    named_cadre_level: int | None,
    routes: Mapping[str, str] = DEFAULT_ROUTES,
) -> int:
    """Return the level that handles a message (see module doc).

    ``routes`` maps ``"<module>:<kind>"`` (``*`` for any module or kind) to a level name; the
    most specific key wins. A named cadre lifts the result to at least the level above them.
    """
    key_order = (f"{module}:{kind}", f"{module}:*", f"*:{kind}", "*:*")
    level = VILLAGE
    for key in key_order:
        if key in routes:
            name = routes[key]
            if name not in LEVELS:
                raise InvalidInput(
                    gettext_noop("The route %(key)s names an unknown level %(level)s."),
                    {"key": key, "level": name},
                    field="routes",
                )
            level = LEVELS[name]
            break
    if named_cadre_level is not None:
        level = max(level, level_above(named_cadre_level))
    return level


def allowed_target(target_level: int, named_cadre_level: int | None) -> bool:
    """Whether a message may be (re)assigned to this level: above a named cadre, unless the
    cadre is at the county (there is no level above)."""
    if named_cadre_level is None:
        return True
    return target_level > named_cadre_level or (
        named_cadre_level == COUNTY and target_level == COUNTY
    )


def escalation_level(routed_level: int, lateness: str) -> int:
    """Q5: ``late`` escalates one level up, ``very_late`` two; capped at the county."""
    steps = {"on_time": 0, "late": 1, "very_late": 2}[lateness]
    return min(routed_level + steps, COUNTY)
