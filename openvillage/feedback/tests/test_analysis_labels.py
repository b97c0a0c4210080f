"""The analysis page counts topics in numbers and names them by label: a month without a
message in a topic shows 0, never the topic's code."""

from openvillage.core.tests.visible_text import english_words, raw_codes


def test_a_month_without_messages_shows_zero_for_every_topic(client, cast, village_a1):
    client.force_login(cast["alice"])
    page = client.get("/staff/feedback/analysis/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<td>0</td>" in html
    assert raw_codes(html) == []
    data = {"Test", "County", "Town", "Village"}  # names of the fixture's units
    assert [w for w in english_words(html) if w not in data] == []
