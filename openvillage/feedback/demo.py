"""Demo messages (`openvillage demo`, after the disclosures): villagers' questions with replies.

In the first village of the demo county, a few villagers (verified in person by the demo clerk)
ask about published disclosures and the village at large over the last weeks; the clerk or the
town answers most of them, one waits for an answer (on the clerk's home) and one is late. All
through the real services, with the clock set to the day of each message, so that deadlines,
routing, masking and audit rows are as in use. The villager the demo command prints to sign up
as is never one of them (it picks a roll entry without an account).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from unittest import mock

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from openvillage.core.clock import local_today
from openvillage.core.roles import Role
from openvillage.feedback import services
from openvillage.org.models import Level, RollEntry

#: (days ago, kind, about a published item?, text, reply or "" to leave it waiting)
MESSAGES = (
    (
        40,
        "question",
        True,
        "上个月的办公费支出比往月多，主要买了哪些东西？",
        "主要是更换村委会两台旧电脑和打印机，发票和验收单可在村委会查阅。",
    ),
    (
        33,
        "suggestion",
        False,
        "建议在村口公交站加装一盏路灯，晚上回来的老人看不清路。",
        "感谢建议，已列入今年村道路灯安装工程，预计下月安装。",
    ),
    (
        26,
        "question",
        True,
        "收入里的“资源发包收入”是哪几块地的承包费？",
        "是村东鱼塘和北坡果园两处的年度承包费，合同已在村务公开栏公示。",
    ),
    (
        19,
        "complaint",
        False,
        "三组的垃圾桶好几天没人清运，气味很大。",
        "已联系保洁公司，本周起三组改为每天清运一次，请继续监督。",
    ),
    (
        12,
        "question",
        True,
        "这个月公开的低保名单什么时候开始评议？",
        "村民代表评议会定在下周三上午，结果会在公开栏和网上同时公示。",
    ),
    (9, "question", False, "今年的医保缴费截止到哪一天？可以在手机上交吗？", ""),
    (2, "suggestion", True, "希望财务公开能把每笔大额支出的用途写得更详细一些。", ""),
)
PHONES = "13{:09d}"


@contextmanager
def _on(day: date, hour: int = 9) -> Iterator[None]:
    moment = timezone.make_aware(datetime.combine(day, clock_time(hour, 30)))
    with mock.patch("django.utils.timezone.now", new=lambda: moment):
        yield


def build_demo_messages() -> dict[str, int]:
    """Post the demo messages in the first village and answer most; return counts."""
    from openvillage.accounts.villagers import villager_verify_in_person

    users = {u.username: u for u in get_user_model().objects.select_related("unit")}
    clerk = users.get(Role.VILLAGE_CLERK)
    if clerk is None or clerk.unit is None or clerk.unit.level != Level.VILLAGE:
        return {}
    village, today = clerk.unit, local_today()
    Item = apps.get_model("disclosure", "Item")
    published = Item.objects.filter(village=village, first_published_at__isnull=False)
    items = [i for i in published.order_by("-first_published_at") if i.is_public]
    # Adults at the end of the roll: the demo command prints the first free entry as the trial's.
    entries = list(
        RollEntry.objects.filter(household__village=village, villager__isnull=True)
        .select_related("person", "household__village")
        .filter(person__birth_date__lte=today.replace(year=today.year - 20))
        .order_by("-id")[: len(MESSAGES)]
    )
    posted = replied = 0
    for n, (entry, spec) in enumerate(zip(entries, MESSAGES, strict=False)):
        ago, kind, about_item, text, answer = spec
        day = today - timedelta(days=ago)
        with _on(day - timedelta(days=1)):
            villager = villager_verify_in_person(
                actor=clerk, roll_entry=entry, phone=PHONES.format(800_000_000 + n)
            )
        earlier = [i for i in items if timezone.localtime(i.first_published_at).date() < day]
        item = earlier[n % len(earlier)] if about_item and earlier else None
        with _on(day):
            message = services.message_post(
                villager=villager, village=village, kind=kind, text=text, item=item,
                module="" if item else "village_affairs",
            )  # fmt: skip
        posted += 1
        if answer:
            with _on(day + timedelta(days=2), hour=15):
                services.message_reply(actor=clerk, message=message, text=answer)
            replied += 1
    return {"messages": posted, "replied": replied}


def demo_builder(options: Any) -> str:
    started = time.perf_counter()
    counts = build_demo_messages()
    if not counts:
        return ""
    return (
        f"Demo messages in the first village in {time.perf_counter() - started:.1f} s: "
        f"{counts['messages']} messages, {counts['replied']} answered."
    )
