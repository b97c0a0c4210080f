"""The staff inbox is paginated and runs a bounded number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.feedback.tests.conftest import post


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_inbox_query_count_does_not_grow_with_messages(settings, client, cast, zhang, li):
    settings.FEEDBACK_MESSAGES_PER_HOUR = 100
    settings.FEEDBACK_MESSAGES_PER_DAY = 100
    client.force_login(cast["tom"])
    post(zhang)
    few = _count(client, "/staff/feedback/")
    for i in range(12):
        post(li if i % 2 else zhang, text=f"路灯坏了第{i}次")
    assert _count(client, "/staff/feedback/") == few
    assert few <= 6
