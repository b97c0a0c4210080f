"""Demo disclosures for the fictional demo county (`openvillage demo`, after org.demo.build_demo).

For the first ``villages`` villages of the county (by code), everything goes through the real
services (create, submit, approve, publish, amend, withdraw), so each publication is masked,
audited and appended to the ledger exactly as in use:

- a monthly finance statement (``monthly_finance``) for each of the last three months, income and
  expenditure by account that add up, with a running balance;
- a party affairs record (``party_dues_and_activities``: party dues, 三会一课, 主题党日) and a
  welfare list (``subsidies_and_relief``: 低保, 特困, 临时救助 with people from the roll; phones and
  bank accounts are masked by the service) for the last quarter whose publication is under way;
- a service guide in every village; in two or three villages one amended statement (with its
  reason, so the version diff shows) and one withdrawn guide;
- a few villages without the latest overdue month's statement (one of them waiting for the
  town's review), so that the overdue list is not empty.

Publication dates fall in the last months before today: each step runs with the clock set to
its (made-up) moment, so items, versions, dues and ledger entries agree with each other, and a
tree head is signed after every publication as the live system does after every commit. The
audit log keeps the real time of the load. Deterministic for a seed (on a given day).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from unittest import mock

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from openvillage.core.clock import local_today
from openvillage.core.roles import Role
from openvillage.core.workdays import default_calendar
from openvillage.disclosure import services
from openvillage.disclosure.models import Item, State
from openvillage.disclosure.rules.statement import yuan
from openvillage.org.demo import COUNTY_CODE
from openvillage.org.models import Level, PartyStatus, Person, Relation, RollEntry, Unit

MONTHS = 3
ROLES = (Role.COUNTY_ADMIN, Role.TOWN_OFFICER, Role.VILLAGE_CLERK, Role.VILLAGE_SECRETARY)
QUARTER_NAMES = "一二三四"
ACTIVITY_THEMES = (
    "学习贯彻党的二十届三中全会精神",
    "人居环境整治志愿服务",
    "重温入党誓词",
    "走访慰问困难党员和老党员",
    "乡村振兴政策宣讲",
    "防汛防台安全隐患排查",
    "廉政警示教育",
    "移风易俗文明新风宣传",
    "学习《中国共产党农村基层组织工作条例》",
)
WELFARE_KINDS = (
    # (note, quarterly amount range in yuan, weight)
    ("农村最低生活保障", (2400, 9900), 50),
    ("特困人员供养", (4000, 5600), 15),
    ("残疾人两项补贴", (600, 1800), 20),
    ("临时救助", (1000, 5000), 15),
)
AMENDMENT_REASON = (
    "原公开表中“办公费”与“水电及差旅费”两个科目的金额记反，经村务监督委员会核对凭证后更正；"
    "收支合计与结余不变。"
)
WITHDRAWAL_REASON = "县医保局已统一发布新版缴费指南，本指南的缴费标准已过时，撤回以免误导群众。"


@contextmanager
def _clock_at(moment: datetime):
    """Run the services as if it were ``moment`` (their ``timezone.now()`` and local_today())."""
    with mock.patch("django.utils.timezone.now", new=lambda: moment):
        yield


def _local(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock_time(hour, minute)))


def _month_back(today: date, back: int) -> tuple[date, date]:
    index = today.year * 12 + today.month - 1 - back
    first = date(index // 12, index % 12 + 1, 1)
    nxt = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _quarter_back(today: date, back: int) -> tuple[date, date]:
    index = today.year * 4 + (today.month - 1) // 3 - back
    first = date(index // 4, index % 4 * 3 + 1, 1)
    nxt = date((index + 1) // 4, (index + 1) % 4 * 3 + 1, 1)
    return first, nxt - timedelta(days=1)


def _deadline(period_end: date, day: int) -> date:
    """Day ``day`` of the month after the period, moved to the next working day (K6)."""
    following = period_end + timedelta(days=1)
    return (
        default_calendar().add_working_days(following.replace(day=day) - timedelta(days=1), 1).date
    )


def _fen(rng: random.Random, low: int, high: int) -> int:
    """An amount between ``low`` and ``high`` yuan, in fen, with realistic cents."""
    cents = rng.choice((0, 0, 0, 50, rng.randrange(100)))
    return rng.randrange(low, high) * 100 + cents


@dataclass
class _Plan:
    """One item to write: who writes and reviews it, and what."""

    village: Unit
    clerk: Any
    reviewer: Any
    content: services.Content
    item: Item | None = None


class _Timeline:
    """Steps at made-up moments, run in time order so that the ledger's order is the clock's."""

    def __init__(self, sign: Callable[[], Any] | None) -> None:
        self.steps: list[tuple[datetime, int, Callable[[], None], bool]] = []
        self.sign = sign

    def add(self, moment: datetime, step: Callable[[], None], *, ledger: bool = False) -> None:
        self.steps.append((moment, len(self.steps), step, ledger))

    def run(self) -> None:
        for moment, _seq, step, ledger in sorted(self.steps, key=lambda s: (s[0], s[1])):
            with _clock_at(moment):
                step()
            if ledger and self.sign is not None:
                with _clock_at(moment + timedelta(seconds=1)):
                    self.sign()  # the live system signs a head after each commit


class _Builder:
    def __init__(self, seed: int, n_villages: int) -> None:
        self.rng = random.Random(f"openvillage-demo-disclosures-{seed}")
        self.now = timezone.now()
        self.today = local_today()
        self.villages = list(
            Unit.objects.filter(level=Level.VILLAGE, code__startswith=COUNTY_CODE[:6])
            .select_related("parent")
            .order_by("code")[:n_villages]
        )
        users = {
            u.username: u
            for u in get_user_model().objects.select_related("unit").filter(username__in=ROLES)
        }
        if Role.COUNTY_ADMIN not in users:
            raise RuntimeError("The demo disclosures need the demo account county_admin.")
        self.users = users
        sign = None
        if apps.is_installed("openvillage.ledger"):
            from openvillage.ledger.services import sign_tree_head

            sign = sign_tree_head
        self.timeline = _Timeline(sign)
        self.counts = {
            "villages": len(self.villages),
            "items": 0,
            "amendments": 0,
            "withdrawals": 0,
            "awaiting_review": 0,
            "overdue_villages": 0,
        }

    # --- who acts ---------------------------------------------------------------------------

    def _local_account(self, role: str, village: Unit) -> Any:
        """The demo account of ``role`` if it sits in this village, else the county admin."""
        user = self.users.get(role)
        if user is not None and user.unit_id == village.id:
            return user
        return self.users[Role.COUNTY_ADMIN]

    def _reviewer(self, village: Unit) -> Any:
        officer = self.users.get(Role.TOWN_OFFICER)
        if officer is not None and officer.unit and village.path.startswith(officer.unit.path):
            return officer
        return self.users[Role.COUNTY_ADMIN]

    # --- the walk of one item ---------------------------------------------------------------

    def _moment(self, day: date) -> datetime:
        return _local(day, self.rng.randint(9, 16), self.rng.randrange(60))

    def _walk(self, plan: _Plan, published: datetime, *, stop: str = State.PUBLISHED) -> None:
        """Create, submit, approve and publish ``plan`` with ``published`` as the last moment."""
        rng = self.rng
        created = published - timedelta(days=rng.randint(2, 4), hours=rng.randint(0, 3))
        submitted = created + timedelta(hours=rng.randint(1, 5), minutes=rng.randrange(60))
        approved = published - timedelta(days=1, minutes=rng.randint(-90, 90))
        if stop == State.SUBMITTED:
            created, submitted = published - timedelta(hours=3), published

        def create() -> None:
            plan.item = services.item_create(
                actor=plan.clerk, village=plan.village, content=plan.content
            )
            Item.objects.filter(pk=plan.item.pk).update(created_at=timezone.now())

        self.timeline.add(created, create)
        self.timeline.add(submitted, lambda: services.item_submit(actor=plan.clerk, item=plan.item))
        self.counts["items"] += 1
        if stop == State.SUBMITTED:
            self.counts["awaiting_review"] += 1
            return
        self.timeline.add(
            approved, lambda: services.item_approve(actor=plan.reviewer, item=plan.item)
        )
        self.timeline.add(
            published,
            lambda: services.item_publish(actor=plan.clerk, item=plan.item),
            ledger=True,
        )

    def _amend(self, plan: _Plan, at: datetime, content: services.Content) -> None:
        rng = self.rng
        resubmitted = at + timedelta(hours=rng.randint(1, 3))
        approved = resubmitted + timedelta(days=1, hours=rng.randint(0, 2))
        published = approved + timedelta(hours=rng.randint(1, 4))
        if published > self.now:
            return
        self.timeline.add(
            at,
            lambda: services.item_amend(
                actor=plan.clerk, item=plan.item, reason=AMENDMENT_REASON, content=content
            ),
        )
        self.timeline.add(
            resubmitted, lambda: services.item_submit(actor=plan.clerk, item=plan.item)
        )
        self.timeline.add(
            approved, lambda: services.item_approve(actor=plan.reviewer, item=plan.item)
        )
        self.timeline.add(
            published,
            lambda: services.item_publish(actor=plan.clerk, item=plan.item),
            ledger=True,
        )
        self.counts["amendments"] += 1

    def _publish_moment(self, period_end: date, deadline: date, late: bool) -> datetime | None:
        """When the item of a period was published (before its deadline unless ``late``)."""
        if late:
            day = deadline + timedelta(days=self.rng.randint(2, 6))
        else:
            day = deadline - timedelta(days=self.rng.randint(1, 10))
        moment = self._moment(max(day, period_end + timedelta(days=3)))
        if moment > self.now:
            moment = self.now - timedelta(hours=self.rng.randint(1, 4))
        if timezone.localtime(moment).date() <= period_end:
            return None  # too early in the month: not written yet
        return moment

    # --- the plan ---------------------------------------------------------------------------

    def plan(self) -> None:
        rng = self.rng
        n = len(self.villages)
        months = [_month_back(self.today, back) for back in range(MONTHS, 0, -1)]
        overdue_months = [m for m in months if _deadline(m[1], 15) < self.today]
        overdue_month = overdue_months[-1] if overdue_months else None
        indexes = list(range(n))
        overdue = set(rng.sample(indexes, max(1, n // 7))) if n >= 2 and overdue_month else set()
        waiting = min(overdue) if overdue else None
        changed = rng.sample(indexes, min(n, rng.choice((2, 3))))
        withdrawn = rng.sample(indexes, min(n, rng.choice((2, 3))))
        self.counts["overdue_villages"] = len(overdue)
        quarter = _quarter_back(self.today, 1)
        if _deadline(quarter[1], 20) - timedelta(days=10) > self.today:
            quarter = _quarter_back(self.today, 2)
        for index, village in enumerate(self.villages):
            self._finance(
                village,
                months,
                skip=overdue_month if index in overdue else None,
                waiting=index == waiting,
                amend=index in changed,
            )
            self._party(village, quarter)
            self._welfare(village, quarter)
            self._guides(village, months[0], withdraw=index in withdrawn)

    def _finance(self, village: Unit, months, *, skip, waiting: bool, amend: bool) -> None:
        rng = self.rng
        clerk = self._local_account(Role.VILLAGE_CLERK, village)
        reviewer = self._reviewer(village)
        balance = _fen(rng, 150_000, 1_800_000)
        late_prone = rng.random() < 0.25
        for k, (start, end) in enumerate(months):
            statement, swapped = _statement(rng, balance)
            balance = statement["closing_balance_fen"]
            content = _finance_content(start, end, statement)
            deadline = _deadline(end, 15)
            plan = _Plan(village, clerk, reviewer, content)
            if (start, end) == skip:
                if waiting:  # written late, now waiting for the town's review
                    moment = self.now - timedelta(hours=rng.randint(2, 30))
                    self._walk(plan, moment, stop=State.SUBMITTED)
                continue
            moment = self._publish_moment(end, deadline, late_prone and rng.random() < 0.5)
            if moment is None:
                continue
            self._walk(plan, moment)
            if amend and k == 0:
                fixed = _finance_content(start, end, swapped, corrected=True)
                self._amend(plan, moment + timedelta(days=rng.randint(4, 12)), fixed)

    def _party(self, village: Unit, quarter: tuple[date, date]) -> None:
        rng = self.rng
        start, end = quarter
        members = Person.objects.filter(village=village).exclude(party_status=PartyStatus.NONE)
        full = members.filter(party_status=PartyStatus.FULL).count()
        probationary = members.filter(party_status=PartyStatus.PROBATIONARY).count()
        total = full + probationary
        label = f"{start.year}年第{QUARTER_NAMES[(start.month - 1) // 3]}季度"
        rows = []
        for k in range(3):
            month = date(start.year, start.month + k, 1)
            day = month.replace(day=rng.choice((5, 8, 10, 15, 18, 20, 25)))
            theme = rng.choice(ACTIVITY_THEMES)
            present = max(1, total - rng.randint(0, max(1, total // 4))) if total else 0
            rows.append(
                f"<tr><td>{day:%m月%d日}</td><td>主题党日</td><td>{theme}</td>"
                f"<td>{present}/{total}</td></tr>"
            )
        lesson = date(start.year, start.month + rng.randint(0, 2), rng.randint(1, 28))
        rows.append(
            f"<tr><td>{lesson:%m月%d日}</td><td>党课</td><td>支部书记讲党课：{rng.choice(ACTIVITY_THEMES)}"
            f"</td><td>{total}/{total}</td></tr>"
        )
        dues = sum(_fen(rng, 6, 60) for _ in range(full)) * 3
        body = (
            f"<p>本支部现有党员{total}名（正式党员{full}名，预备党员{probationary}名）。"
            f"{label}召开支部党员大会1次、支部委员会3次、党小组会3次，"
            f"开展主题党日活动3次，讲党课1次。</p>"
            "<table><thead><tr><th>日期</th><th>类别</th><th>内容</th><th>参加/应到</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p>本季度应交党费{full}人，实交{full}人，共计{yuan(dues)}元，已全额上缴镇党委。"
            "对以上内容如有意见，请向村党组织或镇党委反映。</p>"
        )
        content = services.Content(
            matter="party_dues_and_activities",
            period_start=start,
            period_end=end,
            title=f"{label}党费收缴、三会一课及主题党日情况公开",
            body=body,
        )
        plan = _Plan(
            village,
            self._local_account(Role.VILLAGE_SECRETARY, village),
            self._reviewer(village),
            content,
        )
        moment = self._publish_moment(end, _deadline(end, 20), late=False)
        if moment is not None:
            self._walk(plan, moment)

    def _welfare(self, village: Unit, quarter: tuple[date, date]) -> None:
        rng = self.rng
        start, end = quarter
        heads = list(
            RollEntry.objects.filter(household__village=village, relation=Relation.HEAD)
            .select_related("person", "household")
            .order_by("person__birth_date", "person_id")[:12]
        )
        chosen = rng.sample(heads, min(len(heads), rng.randint(3, 7)))
        chosen.sort(key=lambda e: (e.household.village_group, e.household.number))
        people = []
        for entry in chosen:
            note, (low, high), _weight = _weighted(rng, WELFARE_KINDS)
            size = entry.household.members.count()
            people.append(
                {
                    "name": entry.person.name,
                    "group": entry.household.village_group,
                    "phone": "1" + rng.choice("35789") + "".join(rng.choices("0123456789", k=9)),
                    "bank_account": "6230" + "".join(rng.choices("0123456789", k=15)),
                    "amount_fen": _fen(rng, low, high),
                    "note": f"{note}（{size}人户）",
                }
            )
        if not people:
            return
        label = f"{start.year}年第{QUARTER_NAMES[(start.month - 1) // 3]}季度"
        total = sum(p["amount_fen"] for p in people)
        body = (
            f"<p>经本人申请、村民代表评议、镇人民政府审核和县民政局审批，现将本村{label}"
            f"低保、特困供养、残疾人补贴及临时救助对象名单公示如下，共{len(people)}户，"
            f"发放金额合计{yuan(total)}元。公示期7天。</p>"
            "<p>对公示对象有异议的，可在公示期内向村务监督委员会或镇社会事务办反映。</p>"
        )
        content = services.Content(
            matter="subsidies_and_relief",
            period_start=start,
            period_end=end,
            title=f"{label}低保、特困供养及临时救助对象名单公示",
            body=body,
            people=tuple(people),
        )
        plan = _Plan(
            village,
            self._local_account(Role.VILLAGE_CLERK, village),
            self._reviewer(village),
            content,
        )
        moment = self._publish_moment(end, _deadline(end, 20), late=False)
        if moment is not None:
            self._walk(plan, moment)

    def _guides(self, village: Unit, first_month: tuple[date, date], *, withdraw: bool) -> None:
        rng = self.rng
        clerk = self._local_account(Role.VILLAGE_CLERK, village)
        reviewer = self._reviewer(village)
        start = first_month[0]
        guide = services.Content(
            matter="service_guide",
            period_start=start,
            period_end=start,
            title="社会保障卡及医保业务办理指南",
            body=(
                f"<p>办理地点：{village.name}便民服务中心（村委会一楼）。</p>"
                "<p>办理时间：工作日上午8:30—11:30，下午13:30—17:00。</p>"
                "<ul><li>社会保障卡申领、补换：本人身份证、近期免冠照片。</li>"
                "<li>城乡居民医保参保登记：户口簿、身份证。</li>"
                "<li>医疗费用报销：费用发票、出院小结、社会保障卡。</li></ul>"
                "<p>行动不便的老年人、残疾人可电话预约，由网格员上门代办。</p>"
            ),
        )
        moment = self._moment(start + timedelta(days=rng.randint(0, 20)))
        self._walk(_Plan(village, clerk, reviewer, guide), moment)
        if not withdraw:
            return
        old = services.Content(
            matter="service_guide",
            period_start=start,
            period_end=start,
            title=f"{start.year}年度城乡居民医保缴费指南",
            body=(
                f"<p>{start.year}年度城乡居民基本医疗保险个人缴费标准为每人每年380元，"
                "可通过村便民服务中心或手机银行缴纳。</p>"
            ),
        )
        plan = _Plan(village, clerk, reviewer, old)
        published = self._moment(start + timedelta(days=rng.randint(0, 10)))
        self._walk(plan, published)
        withdrawn = published + timedelta(days=rng.randint(10, 30), hours=rng.randint(1, 5))
        if withdrawn <= self.now:
            self.timeline.add(
                withdrawn,
                lambda: services.item_withdraw(
                    actor=plan.clerk, item=plan.item, reason=WITHDRAWAL_REASON
                ),
                ledger=True,
            )
            self.counts["withdrawals"] += 1


def _weighted(rng: random.Random, table: tuple) -> tuple:
    return rng.choices(table, [row[-1] for row in table])[0]


def _statement(rng: random.Random, opening: int) -> tuple[dict, dict]:
    """A month's statement that adds up, and the same with two sub-accounts swapped.

    Accounts after the village collective accounting system: 501 经营收入, 511 发包及上交收入,
    522 补助收入, 531 其他收入; 502 经营支出, 541 管理费用, 542 公益支出, 551 其他支出.
    """
    income: list[tuple[str, str, int]] = []
    business = _fen(rng, 8_000, 60_000) if rng.random() < 0.6 else 0
    if business:
        income.append(("501", "经营收入", business))
    contract, enterprise = _fen(rng, 3_000, 40_000), _fen(rng, 1_000, 15_000)
    income += [
        ("511", "发包及上交收入", contract + enterprise),
        ("51101", "承包金及租金收入", contract),
        ("51102", "村办企业上交收入", enterprise),
        ("522", "补助收入", _fen(rng, 15_000, 45_000)),
    ]
    if rng.random() < 0.5:
        income.append(("531", "其他收入", _fen(rng, 50, 800)))
    wages, office, utilities = (
        _fen(rng, 15_000, 32_000),
        _fen(rng, 800, 5_000),
        _fen(rng, 500, 4_000),
    )
    while office == utilities:
        utilities += 100
    expenditure: list[tuple[str, str, int]] = []
    if business:
        expenditure.append(("502", "经营支出", business * rng.randint(35, 70) // 100))
    expenditure += [
        ("541", "管理费用", wages + office + utilities),
        ("54101", "干部报酬", wages),
        ("54102", "办公费", office),
        ("54103", "水电及差旅费", utilities),
    ]
    if rng.random() < 0.7:
        expenditure.append(("542", "公益支出", _fen(rng, 3_000, 50_000)))
    if rng.random() < 0.3:
        expenditure.append(("551", "其他支出", _fen(rng, 100, 3_000)))

    def build(rows_out: list[tuple[str, str, int]]) -> dict:
        lines = [
            {"kind": "income", "account": a, "name": name, "amount_fen": fen}
            for a, name, fen in income
        ] + [
            {"kind": "expenditure", "account": a, "name": name, "amount_fen": fen}
            for a, name, fen in rows_out
        ]
        income_total = sum(fen for a, _n, fen in income if len(a) == 3)
        expenditure_total = sum(fen for a, _n, fen in rows_out if len(a) == 3)
        return {
            "lines": lines,
            "income_total_fen": income_total,
            "expenditure_total_fen": expenditure_total,
            "opening_balance_fen": opening,
            "closing_balance_fen": opening + income_total - expenditure_total,
        }

    # What was first published had office and utilities the wrong way round (the amendment).
    wrong = [
        (a, name, {"54102": utilities, "54103": office}.get(a, fen)) for a, name, fen in expenditure
    ]
    return build(wrong), build(expenditure)


def _finance_content(start: date, end: date, statement: dict, *, corrected: bool = False):
    label = f"{start.year}年{start.month}月"
    body = (
        f"<p>{label}本村收入合计{yuan(statement['income_total_fen'])}元，"
        f"支出合计{yuan(statement['expenditure_total_fen'])}元，"
        f"月初余额{yuan(statement['opening_balance_fen'])}元，"
        f"月末余额{yuan(statement['closing_balance_fen'])}元。</p>"
        "<p>以上收支已经村务监督委员会审核，原始凭证存放于村便民服务中心，村民可在工作时间查阅。"
        "如有疑问，请在公开之日起十日内向村务监督委员会反映。</p>"
    )
    if corrected:
        body += "<p>更正说明：办公费与水电及差旅费科目金额已按凭证更正。</p>"
    return services.Content(
        matter="monthly_finance",
        period_start=start,
        period_end=end,
        title=f"{label}财务收支公开",
        body=body,
        statement=statement,
    )


def build_demo_disclosures(*, seed: int = 2026, villages: int = 20) -> dict:
    """Write and publish the demo disclosures of the first ``villages`` villages; return counts."""
    started = time.perf_counter()
    builder = _Builder(seed, villages)
    with transaction.atomic():
        builder.plan()
        builder.timeline.run()
    counts = dict(builder.counts)
    # The demo county has been on OpenVillage since its history starts: its dues count from
    # then, not from the catalogue's effective date (see schedules.refresh_dues).
    # Joined after the deadline of the month before the demo's first statement (the 15th or so).
    first_day = _month_back(builder.today, MONTHS)[0] + timedelta(days=20)
    joined = timezone.make_aware(datetime.combine(first_day, clock_time()))
    Unit.objects.filter(code__startswith=COUNTY_CODE[:6]).update(created_at=joined)
    from openvillage.disclosure.jobs import run_daily
    from openvillage.disclosure.models import Due, ItemVersion

    run_daily()  # the daily job: dues of every village, timeliness, notices
    village_ids = [v.id for v in builder.villages]
    counts["published_versions"] = ItemVersion.objects.filter(
        item__village_id__in=village_ids
    ).count()
    counts["overdue_dues"] = Due.objects.filter(
        village_id__in=village_ids, published_on__isnull=True, deadline__lt=local_today()
    ).count()
    if apps.is_installed("openvillage.ledger"):
        from openvillage.ledger.models import Entry
        from openvillage.ledger.services import sign_tree_head

        head = sign_tree_head()
        counts["ledger_entries"] = Entry.objects.count()
        counts["tree_head_size"] = head.tree_size if head else 0
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def add_demo_arguments(parser) -> None:
    parser.add_argument(
        "--disclosure-villages",
        type=int,
        default=20,
        help="Publish demo disclosures in this many villages (0: none).",
    )


def demo_builder(options) -> str:
    """The step of ``openvillage demo`` this app registers: publish demo disclosures."""
    villages = options.get("disclosure_villages", 20)
    if villages <= 0:
        return ""
    c = build_demo_disclosures(seed=options["seed"], villages=villages)
    return (
        f"Published demo disclosures in {c['villages']} villages in {c['seconds']:.1f} s: "
        f"{c['items']} items, {c['published_versions']} published versions, "
        f"{c['amendments']} amendments, {c['withdrawals']} withdrawals, "
        f"{c['awaiting_review']} awaiting review, {c['overdue_villages']} villages overdue, "
        f"{c.get('ledger_entries', 0)} ledger entries."
    )
