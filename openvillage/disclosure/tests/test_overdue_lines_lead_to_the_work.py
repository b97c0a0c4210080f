"""Home pages are work queues: an overdue disclosure links to its draft, or starts one filled in."""

import re

import time_machine

from openvillage.disclosure import services
from openvillage.disclosure.models import Due
from openvillage.disclosure.tests.conftest import content
from openvillage.disclosure.tests.test_overdue import (  # noqa: F401 (fixtures)
    AFTER_DEADLINE,
    overdue,
    small_catalogue,
)


def home(client, user) -> str:
    client.force_login(user)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        return client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_clerk_starts_the_overdue_draft_with_village_matter_and_period_filled_in(
    client,
    cast,
    overdue,  # noqa: F811 (the fixture imported above)
):
    body = home(client, cast["vic"])
    link = re.search(r'href="(/staff/disclosure/new/\?[^"]+)"', body)
    assert link, "the overdue line links to a new draft"
    url = link.group(1).replace("&amp;", "&")
    assert f"village={overdue.village_id}" in url and "matter=monthly_finance" in url
    assert "period_start=2025-12-01" in url and "period_end=2025-12-31" in url
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        form = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(rf'<option value="{overdue.village_id}" selected>', form)
    assert re.search(r'<option value="monthly_finance" selected>', form)
    assert 'value="2025-12-01"' in form and 'value="2025-12-31"' in form


def test_a_draft_already_begun_is_where_the_line_leads(client, cast, overdue):  # noqa: F811
    item = services.item_create(
        actor=cast["vic"], village=overdue.village, content=content(matter="monthly_finance")
    )
    Due.objects.filter(pk=overdue.pk).update(item=item)
    body = home(client, cast["vic"])
    assert f'href="/staff/disclosure/{item.pk}/"' in body


def test_a_town_officer_who_cannot_write_it_gets_no_link_to_start_it(client, cast, overdue):  # noqa: F811
    body = home(client, cast["tom"])
    assert "/staff/disclosure/new/?" not in body
