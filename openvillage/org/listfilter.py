"""The filter a staff list takes from the dashboards: a unit, a period and a figure.

A dashboard's number links to the list behind it with ``?unit=<code or id>`` (the unit the
figure is for), ``from``/``to`` (the figure's days) and ``figure`` (which of the app's figures).
The unit is checked against the reader's scope: a unit outside it is refused (403), so the
filter can only narrow a list, never widen it. The page shows the filter in words with a link
that clears it (``org/_list_filter.html``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q

from openvillage.core.errors import NotFound
from openvillage.core.permissions import require_read
from openvillage.core.text import gettext_noop
from openvillage.org.models import Unit

#: The query parameters of the filter (cleared together by the page's link).
PARAMS = ("unit", "from", "to", "figure")

#: A list's figures: name -> (label, ``q(start, end)``), the filter of the rows a figure counts
#: over the days ``[start, end]`` (a level: on ``end``). The app's stat fills from the same ``q``.
Figures = Mapping[str, tuple[Any, Callable[[date, date], Q]]]


@dataclass(frozen=True)
class ListFilter:
    unit: Unit | None = None
    start: date | None = None
    end: date | None = None
    figure: str = ""
    figure_label: Any = ""
    #: The list's own query without the filter (the "clear" link keeps the list's other choices).
    clear_query: str = ""
    #: The filter's parameters, ``"unit=…&from=…&"``, for the page links to carry.
    query: str = ""
    params: dict[str, str] = field(default_factory=dict)
    q: Callable[[date, date], Q] | None = None

    @property
    def active(self) -> bool:
        return bool(self.unit or self.start or self.end or self.figure)

    def path_q(self, field_name: str) -> Q:
        """Rows whose unit path (at ``field_name``) is the unit's or below it."""
        if self.unit is None:
            return Q()
        return Q(**{f"{field_name}__startswith": self.unit.path})

    def narrow(self, qs, path_field: str):
        """``qs`` narrowed to the unit (rows whose path at ``path_field`` is under it) and the
        figure's rows over the days."""
        qs = qs.filter(self.path_q(path_field))
        if self.q is not None and self.start is not None and self.end is not None:
            qs = qs.filter(self.q(self.start, self.end))
        return qs


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def find_unit(user: Any, raw: str) -> Unit | None:
    """The unit by its code (or its id), if the user's scope covers it (403 otherwise)."""
    raw = raw.strip()[:20]
    if not raw:
        return None
    unit = Unit.objects.filter(code=raw).first()
    if unit is None and raw.isdigit() and len(raw) < 12:
        unit = Unit.objects.filter(pk=int(raw)).first()
    if unit is None:
        raise NotFound(gettext_noop("No unit has the code %(code)s."), {"code": raw})
    require_read(user, unit.path)
    return unit


def list_filter(request: Any, figures: Figures | None = None) -> ListFilter:
    """The filter of ``request``'s query, with the list's ``figures`` (an unknown figure is
    ignored, as is a day that is not a date; a figure needs both days)."""
    get = request.GET
    unit = find_unit(request.user, get.get("unit", ""))
    start, end = _day(get.get("from", "")), _day(get.get("to", ""))
    figure = get.get("figure", "")[:40]
    if figure not in (figures or {}) or start is None or end is None:
        figure = ""
    label, q = (figures or {}).get(figure, ("", None)) if figure else ("", None)
    params = {
        "unit": unit.code if unit else "",
        "from": start.isoformat() if start else "",
        "to": end.isoformat() if end else "",
        "figure": figure,
    }
    params = {k: v for k, v in params.items() if v}
    rest = [(k, v) for k, v in get.items() if k not in PARAMS and k != "page"]
    return ListFilter(
        unit=unit,
        start=start,
        end=end,
        figure=figure,
        figure_label=label,
        q=q,
        clear_query=urlencode(rest),
        query=urlencode(params) + "&" if params else "",
        params=params,
    )


def link(url: str, unit: Any, start: date | None = None, end: date | None = None, **more) -> str:
    """``url`` filtered to ``unit`` (and the days and the figure): the dashboards' links."""
    params = {"unit": unit.code}
    if start is not None:
        params["from"] = start.isoformat()
    if end is not None:
        params["to"] = end.isoformat()
    params.update({k: str(v) for k, v in more.items() if v})
    return url + ("&" if "?" in url else "?") + urlencode(params)
