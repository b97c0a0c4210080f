"""The dashboard's figures are cached per unit, language and fill; the scope is checked always."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.analytics import fill, selectors
from openvillage.analytics.models import FillState, UnitCount
from openvillage.core import extensions
from openvillage.org.models import Level

COUNTY = "/staff/dashboard/990100000000/"


def queries(client, url: str, **headers) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        answer = client.get(url, **headers)
    assert answer.status_code == 200, url
    return len(ctx.captured_queries), answer.content.decode()


def test_a_second_view_reads_the_cached_figures_in_a_few_queries(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    cold, first = queries(client, COUNTY)
    warm, second = queries(client, COUNTY)
    assert warm < cold and warm <= 6  # session, user, unit (scope), fill states (+ the menu)
    token = re.compile(r'value="[A-Za-z0-9]{64}"')  # the CSRF token differs per answer
    assert token.sub("", first) == token.sub("", second)
    cold, _ = queries(client, COUNTY + "ranking/?level=village")
    warm, _ = queries(client, COUNTY + "ranking/?level=village")
    assert warm < cold and warm <= 6


def test_a_new_fill_gives_new_figures_without_invalidating_anything(client, cast, town_a):
    fill.fill_all()
    client.force_login(cast["alice"])
    spec = next(s for s in extensions.analytics_stats if s.kind == "flow")
    end = selectors.last_filled_day()
    before = client.get(COUNTY).content.decode()
    assert "987654" not in before
    # What a fill of the next day writes, as the fill writes it (state started, then done).
    day = end + timedelta(days=1)
    for stat in extensions.analytics_stats:
        FillState.objects.filter(stat=stat.name).update(day=day, state=FillState.State.STARTED)
    UnitCount.objects.create(stat=spec.name, day=day, unit=town_a, level=Level.TOWN, value=987654)
    FillState.objects.update(state=FillState.State.DONE)
    assert "987654" in client.get(COUNTY).content.decode()


def test_the_cache_is_per_language_and_the_scope_is_checked_on_every_view(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    chinese = client.get(COUNTY, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(COUNTY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "导出" in chinese and "Export these figures" in english
    assert "Export these figures" not in chinese
    client.force_login(cast["tom"])  # a town officer: the county's cached figures stay closed
    assert client.get(COUNTY).status_code == 403
    assert client.get(COUNTY + "ranking/?level=town").status_code == 403


def test_the_fill_version_follows_the_states(db):
    first = selectors.fill_info()
    FillState.objects.create(stat="x", day="2026-01-01", state=FillState.State.STARTED)
    second = selectors.fill_info()
    FillState.objects.update(state=FillState.State.DONE)
    third = selectors.fill_info()
    assert len({first.version, second.version, third.version}) == 3
    assert third.filled_at is not None
