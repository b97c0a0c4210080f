"""Every number on the dashboards links to the list behind it; no English on the Chinese page."""

from __future__ import annotations

import re

from openvillage.analytics import fill

COUNTY = "/staff/dashboard/990100000000/"


def main_part(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")] if "<main" in html else html


def test_every_figure_of_the_dashboard_is_a_link(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    body = main_part(client.get(COUNTY, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    cells = re.findall(r'<td class="num">(.*?)</td>', body, flags=re.S)
    assert cells, "the table of the units below"
    for cell in cells:
        assert cell.startswith("<a href=") or cell == "—", cell[:80]
    totals = re.findall(r"<div><b>(.*?)</b>", body, flags=re.S)
    assert totals and all(t.startswith("<a href=") for t in totals)


def test_every_figure_of_the_ranking_is_a_link(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    page = client.get(COUNTY + "ranking/?level=village", HTTP_ACCEPT_LANGUAGE="zh-hans")
    cells = re.findall(r'<td class="num">(.*?)</td>', page.content.decode(), flags=re.S)
    counts = cells[2::4]  # rank, score, count, movement
    assert counts and all(c.startswith("<a href=") for c in counts)


def test_the_chinese_dashboard_names_the_exports_in_chinese(client, cast):
    fill.fill_all()
    client.force_login(cast["alice"])
    body = main_part(client.get(COUNTY, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode())
    text = re.sub(r"<[^>]+>", " ", body)
    assert "文本表格" in text and "电子表格" in text
    words = set(re.findall(r"[A-Za-z]{3,}", text)) - {"Town", "Village", "Test", "County"}
    assert not words, sorted(words)[:10]
