"""Demo problems: a town inspection round of two villages of the demo's town 1, chosen by code
(never by position), with problems recorded, ordered, overdue and submitted."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from openvillage.core.clock import local_today
from openvillage.core.roles import Role
from openvillage.org.models import Person, Unit
from openvillage.supervision import services
from openvillage.supervision.models import Mode, Severity

VILLAGE_CODES = ("990100001001", "990100001002")

FINDINGS = (
    ("村务公开栏本季度财务公开未按期更新", Severity.SERIOUS, "in_hand"),
    ("集体资产台账不完整，部分机动地未登记", Severity.GENERAL, "late"),
    ("“三会一课”记录缺失", Severity.URGENT, "handed_in"),
    ("村级小微工程未按规定公示", Severity.GENERAL, "recorded"),
)


def build() -> str:
    villages = list(Unit.objects.filter(code__in=VILLAGE_CODES).select_related("parent"))
    officer = (
        get_user_model().objects.filter(role=Role.TOWN_OFFICER, unit__code="990100001000").first()
    )
    if not villages or officer is None:
        return ""
    today = local_today()
    made = 0
    with transaction.atomic():
        round_ = services.round_create(
            actor=officer,
            unit=officer.unit,
            mode=Mode.INSPECTION,
            title="全覆盖巡察（第一轮）",
            started_on=today - timedelta(days=40),
        )
        for village in villages:
            person = Person.objects.filter(village=village).order_by("pk").first()
            for title, severity, step in FINDINGS:
                problem = services.problem_raise(
                    actor=officer, village=village, title=title, severity=severity, round=round_
                )
                made += 1
                if step == "recorded" or person is None:
                    continue
                ordered_on = today - timedelta(days=45 if step == "late" else 3)
                problem = services.problem_order(
                    actor=officer, problem=problem, responsible=person, today=ordered_on
                )
                clerk = _clerk(village)
                if step == "handed_in" and clerk is not None:
                    services.problem_submit(
                        actor=clerk,
                        problem=problem,
                        rectification="已补齐记录并在支部会议上通报",
                        note="会议记录照片已存档",
                    )
    return f"Supervision: one town inspection round, {made} problems in {len(villages)} villages."


def _clerk(village: Unit):
    return get_user_model().objects.filter(role=Role.VILLAGE_CLERK, unit=village).first()
