"""With time frozen past the monthly finance deadline (K2: by the 15th of the next month), the
village is overdue to its clerk, its town and the county; publishing clears it."""

from datetime import date

import pytest
import time_machine

from openvillage.disclosure import schedules, services
from openvillage.disclosure.jobs import run_daily
from openvillage.disclosure.models import Due, Notice, Timeliness
from openvillage.disclosure.tests.conftest import content, publish

SMALL = """
version: "test.1"
region: test
effective_date: 2026-01-01
name: {zh: 测试目录, en: Test catalogue}
defaults: {publisher_role: village_clerk, approver_role: null, channels: [qr_code],
           level: village, masking_profile: standard, retention_years: null}
modules:
  - {code: party_affairs, slug: party, name: {zh: 党务公开, en: Party affairs}}
  - {code: finance, slug: finance, name: {zh: 财务公开, en: Finance}}
  - {code: village_affairs, slug: affairs, name: {zh: 村务公开, en: Village affairs}}
  - {code: services, slug: services, name: {zh: 便民服务, en: Services}}
categories:
  - code: finance_accounts
    module: finance
    name: {zh: 财务收支, en: Accounts}
    matters:
      - code: monthly_finance
        name: {zh: 月度财务收支, en: Monthly finance}
        legal_basis: K2
        schedule: [{cadence: monthly, deadline: {day: 15, months_after_period: 1}}]
"""

# December 2025 finance is due 2026-01-15 (a Thursday, a working day).
AFTER_DEADLINE = "2026-01-19 09:00 +08:00"


@pytest.fixture
def small_catalogue(cast):
    return services.catalogue_load(actor=cast["alice"], yaml_text=SMALL)


A1_DUE = 'data-due="990100001001-monthly_finance-2025-12"'
B1_DUE = 'data-due="990100002001-monthly_finance-2025-12"'


@pytest.fixture
def overdue(
    cast, small_catalogue, village_a1, village_a2, village_b1, django_capture_on_commit_callbacks
):
    cast["vic"].email = "vic@example.org"
    cast["vic"].save()
    cast["tom"].email = "tom@example.org"
    cast["tom"].save()
    with (
        time_machine.travel(AFTER_DEADLINE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_daily()
    return Due.objects.get(village=village_a1, label="2025-12")


def test_the_daily_job_marks_december_finance_overdue_on_the_19th_of_january(overdue):
    assert overdue.deadline == date(2026, 1, 15) and overdue.published_on is None


def test_the_clerk_sees_it_overdue_on_the_home_page(client, cast, overdue):
    client.force_login(cast["vic"])
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        body = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Overdue disclosures" in body and A1_DUE in body and "2026-01-15" in body
    assert "月度财务收支" in body or "Monthly finance" in body


def test_the_town_officer_sees_the_village_overdue_and_another_town_does_not(client, cast, overdue):
    client.force_login(cast["tom"])
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        body = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert A1_DUE in body and B1_DUE not in body
    client.force_login(cast["tina"])
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        body = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert A1_DUE not in body and B1_DUE in body


def test_the_county_sees_the_timeliness_rate_per_town_and_village(client, cast, overdue):
    client.force_login(cast["alice"])
    body = client.get("/staff/disclosure/timeliness/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Town A" in body and "Town B" in body and "Village A1" in body
    row = Timeliness.objects.get(village__code="990100001001")
    assert (row.due_count, row.on_time_count, row.overdue_count) == (1, 0, 1)


def test_notices_reach_the_clerk_and_the_town_officer_once_and_by_mail(cast, overdue, mailoutbox):
    recipients = set(
        Notice.objects.filter(due=overdue).values_list("recipient__username", flat=True)
    )
    assert {"vic", "sam", "tom"} <= recipients and "tina" not in recipients
    sent = {address for mail in mailoutbox for address in mail.to}
    assert {"vic@example.org", "tom@example.org"} <= sent
    assert all("monthly_finance" not in mail.body for mail in mailoutbox)  # the matter's name
    count = Notice.objects.count()
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        schedules.send_notices(date(2026, 1, 19))
    assert Notice.objects.count() == count


def test_publishing_clears_the_overdue_item_everywhere(client, cast, overdue, village_a1):
    with time_machine.travel("2026-01-20 10:00 +08:00", tick=False):
        item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
        publish(item, cast["vic"], cast["tom"])
        overdue.refresh_from_db()
        assert overdue.published_on == date(2026, 1, 20) and overdue.item_id == item.pk
        for name in ("vic", "tom"):
            client.force_login(cast[name])
            assert A1_DUE not in client.get("/staff/").content.decode()
    row = Timeliness.objects.get(village=village_a1)
    assert (row.due_count, row.on_time_count, row.overdue_count) == (1, 0, 0)  # late, not on time


def test_due_soon_shows_to_the_clerk_three_days_before_the_deadline(client, cast, small_catalogue):
    with time_machine.travel("2026-01-13 09:00 +08:00", tick=False):
        run_daily()
        client.force_login(cast["vic"])
        body = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Due soon" in body and "2025-12" in body


def test_the_job_is_registered_as_a_daily_periodic_job():
    from openvillage.core.periodic import JOBS

    assert JOBS["disclosure.dues"].run is run_daily


def test_publishing_on_time_counts_as_on_time(cast, small_catalogue, village_a1):
    with time_machine.travel("2026-01-10 10:00 +08:00", tick=False):
        item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
        publish(item, cast["vic"], cast["tom"])
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        run_daily()
    row = Timeliness.objects.get(village=village_a1)
    assert (row.due_count, row.on_time_count, row.overdue_count) == (1, 1, 0)
    assert Due.objects.filter(village=village_a1).count() >= 1


def test_the_home_page_shows_the_oldest_ten_overdue_and_how_many_there_are(cast, client):
    from datetime import timedelta

    from openvillage.disclosure.models import Due
    from openvillage.org.models import Unit

    village = Unit.objects.get(code="990100001001")
    Due.objects.bulk_create(
        Due(
            village=village,
            unit_path=village.path,
            matter="monthly_finance",
            label=f"L{n:02d}",
            period_start=date(2025, 1, 1) + timedelta(days=n),
            period_end=date(2025, 1, 2) + timedelta(days=n),
            deadline=date(2025, 2, 1) + timedelta(days=n),
        )
        for n in range(14)
    )
    client.force_login(cast["tom"])
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('data-due="990100001001-monthly_finance-L') == 10
    assert "10 of 14 overdue disclosures shown" in page


def test_notice_mail_is_in_the_sites_language_whatever_language_the_run_is_in(
    cast, small_catalogue, village_a1, django_capture_on_commit_callbacks, mailoutbox, settings
):
    from django.utils import translation

    settings.LANGUAGE_CODE = "zh-hans"
    cast["vic"].email = "vic@example.org"
    cast["vic"].save()
    with (
        translation.override("en"),
        time_machine.travel(AFTER_DEADLINE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_daily()
    subjects = [mail.subject for mail in mailoutbox if "vic@example.org" in mail.to]
    assert subjects and all("公开" in subject for subject in subjects), subjects
