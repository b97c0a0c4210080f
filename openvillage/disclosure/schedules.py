"""Dues, timeliness and notices: the database side of rules/schedule.py (K1–K7).

- :func:`refresh_dues` (daily job) makes sure every village has a :class:`Due` row for each
  periodic matter of the current catalogue whose deadline has come or comes within the horizon.
- :func:`mark_published` closes the due an item answers, when it is published.
- :func:`recompute_timeliness` pre-aggregates on-time/due/overdue counts per village so that the
  county page reads one row per village.
- :func:`send_notices` writes console notices (due soon, overdue) and e-mails them after commit.

Overdue is always computed from dates (``published_on IS NULL AND deadline < today``), so a day
without the job never shows a stale status; the job only creates rows and pre-aggregates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openvillage.accounts.models import User
from openvillage.core.calendar import add_working_days as db_add_working_days
from openvillage.core.roles import Role
from openvillage.core.text import gettext_noop
from openvillage.disclosure import catalogue_store
from openvillage.disclosure.models import Due, Item, Notice, Timeliness
from openvillage.disclosure.rules.schedule import (
    DUE_SOON_DAYS,
    calendar_deadline,
    catalogue_due,
    period_containing,
    period_label,
)
from openvillage.disclosure.rules.schedule import Due as RuleDue
from openvillage.org.models import Level, Unit

HORIZON_DAYS = 31
LOOKBACK_DAYS = 400


def _add_working_days(day: date, n: int):
    # The database calendar: the official schedule as loaded by the county administrator.
    return db_add_working_days(day, n)


def rule_dues(today: date) -> list[RuleDue]:
    """The periodic dues of the current catalogue with a deadline near ``today``."""
    version = catalogue_store.current_version()
    catalogue = catalogue_store.parsed(version)
    start = max(catalogue.effective_date, today - timedelta(days=LOOKBACK_DAYS))
    end = today + timedelta(days=HORIZON_DAYS)
    if end < start:
        return []
    return catalogue_due(catalogue, start, end, add_working_days=_add_working_days)


def refresh_dues(today: date) -> int:
    """Create the missing Due rows of every village; return how many rows were offered.

    A village owes what falls due from the day it joined OpenVillage (its registration): a
    village added in November is not overdue for the statements of January.
    """
    dues = rule_dues(today)
    villages = [
        (vid, path, timezone.localtime(joined).date())
        for vid, path, joined in Unit.objects.filter(level=Level.VILLAGE).values_list(
            "id", "path", "created_at"
        )
    ]
    rows = [
        Due(
            village_id=vid,
            unit_path=path,
            matter=d.matter,
            label=d.label,
            period_start=d.period_start,
            period_end=d.period_end,
            deadline=d.deadline,
        )
        for vid, path, joined in villages
        for d in dues
        if d.deadline >= joined
    ]
    # A due that a publication already created (mark_published) collides and is kept as is.
    Due.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def mark_published(item: Item, today: date) -> None:
    """Close the periodic due that this item answers (its matter and exact period), if any."""
    matter = catalogue_store.parsed(item.catalogue).matter(item.matter)
    for obligation in matter.periodic:
        start, end = period_containing(obligation.cadence, item.period_start)
        if (start, end) != (item.period_start, item.period_end):
            continue
        deadline = calendar_deadline(obligation.deadline, end)
        rolled = _add_working_days(deadline - timedelta(days=1), 1).date
        due, _created = Due.objects.get_or_create(
            village_id=item.village_id,
            matter=item.matter,
            period_start=start,
            period_end=end,
            defaults={
                "unit_path": item.unit_path,
                "label": period_label(obligation.cadence, start),
                "deadline": rolled,
            },
        )
        if due.published_on is None:
            due.published_on = today
            due.item = item
            due.save(update_fields=["published_on", "item"])
    recompute_timeliness(today, village_ids=[item.village_id])


def recompute_timeliness(today: date, village_ids: list[int] | None = None) -> None:
    """Pre-aggregate per village: dues past their deadline, on time, and still overdue."""
    villages = Unit.objects.filter(level=Level.VILLAGE)
    dues = Due.objects.filter(deadline__lt=today)
    if village_ids is not None:
        villages = villages.filter(id__in=village_ids)
        dues = dues.filter(village_id__in=village_ids)
    counts = {
        row["village_id"]: row
        for row in dues.values("village_id").annotate(
            n_due=Count("id"),
            n_on_time=Count("id", filter=Q(published_on__lte=F("deadline"))),
            n_overdue=Count("id", filter=Q(published_on__isnull=True)),
        )
    }
    empty = {"n_due": 0, "n_on_time": 0, "n_overdue": 0}
    rows = []
    for vid, town in villages.values_list("id", "parent_id"):
        row = counts.get(vid, empty)
        rows.append(
            Timeliness(
                village_id=vid,
                town_id=town,
                due_count=row["n_due"],
                on_time_count=row["n_on_time"],
                overdue_count=row["n_overdue"],
                as_of=today,
            )
        )
    Timeliness.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["village"],
        update_fields=["town", "due_count", "on_time_count", "overdue_count", "as_of"],
        batch_size=500,
    )


# --- notices ------------------------------------------------------------------------------------


def open_dues(today: date):
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return Due.objects.filter(published_on__isnull=True, deadline__lte=soon)


def send_notices(today: date) -> int:
    """Write due-soon and overdue notices (clerks; overdue also the town) and e-mail new ones."""
    dues = list(open_dues(today).select_related("village"))
    if not dues:
        return 0
    village_ids = {d.village_id for d in dues}
    town_ids = {d.village.parent_id for d in dues}
    staff = User.objects.filter(is_active=True).filter(
        Q(role__in=[Role.VILLAGE_CLERK, Role.VILLAGE_SECRETARY], unit_id__in=village_ids)
        | Q(role=Role.TOWN_OFFICER, unit_id__in=town_ids)
    )
    by_unit: dict[int, list[User]] = defaultdict(list)
    for user in staff:
        by_unit[user.unit_id].append(user)
    wanted = []
    for due in dues:
        kind = "overdue" if due.deadline < today else "due_soon"
        recipients = by_unit[due.village_id] + (
            by_unit[due.village.parent_id] if kind == "overdue" else []
        )
        wanted += [Notice(recipient=u, due=due, kind=kind) for u in recipients]
    existing = set(
        Notice.objects.filter(due__in=dues).values_list("recipient_id", "due_id", "kind")
    )
    new = [n for n in wanted if (n.recipient_id, n.due_id, n.kind) not in existing]
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    transaction.on_commit(lambda: _mail(new))
    return len(new)


# Marked here because makemessages does not read calls inside the f-string of _mail.
_FSTRING_LABELS = (gettext_noop("overdue since"),)


def _mail(notices: list[Notice]) -> None:
    # Mail goes out in the site's language, whatever language the worker or request runs in:
    # an officer's inbox should not switch language with whoever triggered the run.
    with translation.override(settings.LANGUAGE_CODE):
        _mail_in_active_language(notices)


def _mail_in_active_language(notices: list[Notice]) -> None:
    from django.utils.translation import get_language

    from openvillage.disclosure.labels import period_words

    names = catalogue_store.names(catalogue_store.current_version().data, get_language() or "")
    per_user: dict[int, list[Notice]] = defaultdict(list)
    for notice in notices:
        if notice.recipient.email:
            per_user[notice.recipient_id].append(notice)
    for items in per_user.values():
        user = items[0].recipient
        lines = [
            f"{n.due.village.name} · {names.get(n.due.matter, n.due.matter)} · "
            f"{period_words(n.due.label)} · "
            f"{_('overdue since') if n.kind == 'overdue' else _('due by')} {n.due.deadline}"
            for n in items
        ]
        send_mail(
            _("Disclosures due soon or overdue"),
            "\n".join(lines) + f"\n\n{settings.PUBLIC_BASE_URL}/staff/",
            None,
            [user.email],
            fail_silently=True,
        )


def notify_submitted(item_id: int) -> None:
    """Tell the town officers that a village submitted an item for review (after commit)."""
    item = Item.objects.select_related("village").filter(pk=item_id).first()
    if item is None:
        return
    emails = list(
        User.objects.filter(is_active=True, role=Role.TOWN_OFFICER, unit_id=item.village.parent_id)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if emails:
        with translation.override(settings.LANGUAGE_CODE):
            subject = str(_("A disclosure waits for your review"))
        send_mail(
            subject,
            f"{item.village.name}: {item.title}\n\n"
            f"{settings.PUBLIC_BASE_URL}/staff/disclosure/review/",
            None,
            emails,
            fail_silently=True,
        )
