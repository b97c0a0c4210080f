"""Home pages are work queues (issue 12 §5): every line of the "needs attention" box, for every role
of the cast, links to the work that clears it, and that page opens for the one who was sent there.

Given overdue disclosures in every village, a submission waiting for the town, a decision step
waiting for the supervision member, a villager's message past its deadline and a rectification past
its own; when each role opens its home page; then no line is plain text and every link answers 200.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import time_machine

from openvillage.decisions.tests.conftest import at, branch, record, registry  # noqa: F401
from openvillage.disclosure import services as disclosure
from openvillage.disclosure.tests.conftest import content
from openvillage.disclosure.tests.test_overdue import overdue, small_catalogue  # noqa: F401
from openvillage.feedback import services as feedback
from openvillage.feedback.tests.conftest import post, zhang  # noqa: F401
from openvillage.supervision import services as supervision
from openvillage.supervision.tests.conftest import problem  # noqa: F401

TODAY = "2026-12-07 09:00 +08:00"  # a Monday: all the work below is waiting or late
ROLES = ["alice", "cora", "tom", "tina", "vic", "vera", "bill", "sam", "sue", "oscar"]
# Each of these has work waiting in the situation below: their box may not be empty.
BUSY = ["alice", "cora", "tom", "vic", "sue"]


class AttentionLines(HTMLParser):
    """The lines (``li`` and ``p``) inside ``#attention``, each with its text and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements inside #attention, 0 when outside
        self.lines: list[dict] = []
        self.open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth == 0:
            if a.get("id") == "attention":
                self.depth = 1
            return
        if tag not in ("br", "img", "input"):
            self.depth += 1
        if tag in ("li", "p"):
            line = {"classes": (a.get("class") or "").split(), "text": "", "bold": "", "hrefs": []}
            self.open.append(line)
            self.lines.append(line)
        elif tag == "a" and self.open:
            self.open[-1]["hrefs"].append(a.get("href", ""))
        elif tag == "b" and self.open:
            self.open[-1]["in_bold"] = True

    def handle_endtag(self, tag):
        if self.depth == 0:
            return
        self.depth -= 1
        if tag in ("li", "p") and self.open:
            self.open.pop()
        elif tag == "b" and self.open:
            self.open[-1]["in_bold"] = False

    def handle_data(self, data):
        if self.depth and self.open:
            self.open[-1]["text"] += data
            if self.open[-1].get("in_bold"):
                self.open[-1]["bold"] += data


def attention_lines(body: str) -> list[dict]:
    parser = AttentionLines()
    parser.feed(body)
    lines = []
    for line in parser.lines:
        text = " ".join(line["text"].split())
        if not text or "muted" in line["classes"]:  # "nothing needs your attention"
            continue
        if text == " ".join(line["bold"].split()):  # a heading over the lines below it
            continue
        lines.append({**line, "text": text})
    return lines


@pytest.fixture
def work_waiting(cast, overdue, village_a1, registry, zhang, problem, settings):  # noqa: F811
    """Work for every busy role, dated so that all of it is waiting (or late) today."""
    item = disclosure.item_create(actor=cast["vic"], village=village_a1, content=content())
    disclosure.item_submit(actor=cast["vic"], item=item)
    case_date = date(2026, 9, 1)
    with at(case_date):
        from openvillage.decisions import services as decisions

        case = decisions.case_open(
            actor=cast["vic"], village=village_a1, power_code="major_decision", amount=None,
            description="修缮村道",
        )  # fmt: skip
    record(cast["vic"], case, branch(case_date))
    settings.FEEDBACK_REPLY_WORKING_DAYS = {**settings.FEEDBACK_REPLY_WORKING_DAYS, "question": 5}
    with time_machine.travel("2026-03-02 09:00 +08:00", tick=False):
        post(zhang)
    with time_machine.travel("2026-03-10 09:00 +08:00", tick=False):
        feedback.messages_daily()  # late: escalated to town A
    # The director of A1 (registry) rectifies a serious problem ordered in March: long overdue.
    supervision.problem_order(
        actor=cast["tom"], problem=problem, responsible=registry["Chen"], today=date(2026, 3, 2)
    )
    return item


@pytest.mark.parametrize("who", ROLES)
def test_every_attention_line_links_to_a_page_that_opens(client, cast, work_waiting, who):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(cast[who])
        body = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        lines = attention_lines(body)
        if who in BUSY:
            assert lines, f"{who} has work waiting but an empty box"
        for line in lines:
            assert line["hrefs"], f"{who}: a line without a link: {line['text']}"
            for href in line["hrefs"]:
                response = client.get(href, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
                assert response.status_code == 200, f"{who}: {href} from {line['text']}"


def test_the_town_officers_overdue_line_opens_the_villages_disclosures_owed(
    client, cast, work_waiting, village_a1
):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(cast["tom"])
        body = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        hrefs = [h for line in attention_lines(body) for h in line["hrefs"]]
        owed = [h for h in hrefs if h.startswith("/staff/disclosure/dues/?village=")]
        assert len(owed) == 2  # villages A1 and A2 of town A, each its own line
        page = client.get(owed[0], HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert village_a1.name in text and "待公开事项" in text and "2025年12月" in text
    assert "data-due" in text and "990100002001" not in text  # another town's village stays out
    # Each line also opens the due's own page, where the town may put it on the problem list.
    details = re.findall(r'href="(/staff/disclosure/dues/\d+/)"', text)
    assert details
    with time_machine.travel(TODAY, tick=False):
        due = client.get(details[0], HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert due.status_code == 200 and village_a1.name in due.content.decode()


def test_the_disclosures_owed_page_keeps_to_the_officers_town(client, cast, work_waiting):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(cast["tina"])
        page = client.get("/staff/disclosure/dues/?village=990100001001&overdue=1")
    assert page.status_code == 200
    assert 'data-due="990100001001' not in page.content.decode()
