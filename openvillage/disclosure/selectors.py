"""Reads of the disclosure app: public reads show only published versions; staff reads by scope."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from openvillage.core.errors import NotFound
from openvillage.core.permissions import require_read, unit_scope_q
from openvillage.core.rates import percent_tenths, percent_text
from openvillage.core.text import gettext_noop
from openvillage.disclosure import search
from openvillage.disclosure.models import (
    CatalogueVersion,
    Due,
    Item,
    ItemVersion,
    Notice,
    State,
    Timeliness,
    ViewDay,
)
from openvillage.disclosure.rules.catalogue import MODULE_SLUGS
from openvillage.disclosure.rules.schedule import DUE_SOON_DAYS
from openvillage.disclosure.rules.statement import yuan
from openvillage.org.models import Level, Unit

SLUG_MODULES = {slug: code for code, slug in MODULE_SLUGS.items()}
LATEST_PER_MODULE = 5


# --- public -----------------------------------------------------------------------------------


def public_versions() -> QuerySet[ItemVersion]:
    """The current version of every item that is public and not withdrawn."""
    return ItemVersion.objects.filter(number=F("item__published_version")).exclude(
        item__state=State.WITHDRAWN
    )


def latest_per_module(village: Unit, n: int = LATEST_PER_MODULE) -> dict[str, list[ItemVersion]]:
    """The ``n`` latest public items of each module of a village, in one query."""
    ranked = (
        public_versions()
        .filter(item__village=village)
        .annotate(
            module=F("item__module"),
            rank=Window(
                RowNumber(), partition_by=F("item__module"), order_by=F("published_at").desc()
            ),
        )
        .filter(rank__lte=n)
        .only("id", "item_id", "title", "period_start", "period_end", "published_at", "matter")
    )
    out: dict[str, list[ItemVersion]] = {code: [] for code in MODULE_SLUGS}
    for version in ranked:
        out[version.module].append(version)
    for versions in out.values():
        versions.sort(key=lambda v: v.published_at, reverse=True)
    return out


def parse_period(text: str) -> tuple[date, date] | None:
    """``2026`` -> the year, ``2026-01`` -> the month; anything else -> None."""
    try:
        if len(text) == 4:
            year = int(text)
            return date(year, 1, 1), date(year, 12, 31)
        if len(text) == 7 and text[4] == "-":
            first = date(int(text[:4]), int(text[5:]), 1)
            following = (first + timedelta(days=32)).replace(day=1)
            return first, following - timedelta(days=1)
    except ValueError:
        return None
    return None


def module_versions(
    village: Unit, module: str, *, category: str = "", period: str = "", query: str = ""
) -> QuerySet[ItemVersion]:
    """Public items of one module of a village, newest first, filtered as asked."""
    qs = public_versions().filter(item__village=village, item__module=module)
    if category:
        qs = qs.filter(category=category)
    bounds = parse_period(period) if period else None
    if bounds:
        qs = qs.filter(period_start__lte=bounds[1], period_end__gte=bounds[0])
    if query:
        q = search.search_q(query)
        if q is not None:
            qs = qs.filter(item__in=Item.objects.filter(q, village=village).values("pk"))
    return qs.only(
        "id", "item_id", "title", "category", "matter", "period_start", "period_end", "published_at"
    ).order_by("-published_at", "-id")


def search_versions(village: Unit, query: str) -> QuerySet[ItemVersion] | None:
    q = search.search_q(query)
    if q is None:
        return None
    items = Item.objects.filter(q, village=village, published_version__gt=0)
    return (
        public_versions()
        .filter(item__in=items.values("pk"))
        .select_related("item")
        .only(
            "id",
            "item_id",
            "item__module",
            "title",
            "matter",
            "period_start",
            "period_end",
            "published_at",
        )  # fmt: skip
        .order_by("-published_at", "-id")
    )


def _current_sha() -> Subquery:
    return Subquery(CatalogueVersion.objects.filter(is_current=True).values("sha256")[:1])


# The validators of a village's public pages, in one indexed lookup each. Raw SQL on purpose:
# these run on every public request, and building the equivalent ORM query cost more than
# running it (bench/village_page.py).
_STAMP_SQL = """
    SELECT s.changed_at, COALESCE(s.changes, 0), u.public_version,
           (SELECT c.sha256 FROM disclosure_catalogueversion c WHERE c.is_current LIMIT 1)
    FROM org_unit u LEFT JOIN disclosure_villagestamp s ON s.village_id = u.id
    WHERE u.code = %s
"""


def _stamp_row(village_code: str) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL, [village_code])
        row = cursor.fetchone()
    if row is None:
        return None
    changed_at = row[0]
    if isinstance(changed_at, str):  # SQLite hands back text from raw SQL
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, UTC)
    return changed_at, row[1], row[2], row[3]


def village_stamp(village_code: str) -> tuple[datetime | None, int, str | None]:
    """When the village's disclosures last changed, how many changes, and the current
    catalogue's hash: one small query (the validator of the village's public pages)."""
    row = _stamp_row(village_code)
    return (row[0], row[1], row[3]) if row else (None, 0, None)


def names_for(sha: str | None, lang: str) -> dict[str, str]:
    from openvillage.disclosure.catalogue_store import data_by_sha, names

    return names(data_by_sha(sha), lang)


def public_item(item_id: int) -> Item:
    item = (
        Item.objects.select_related("village", "village__parent", "catalogue")
        .filter(pk=item_id, published_version__gt=0)
        .first()
    )
    if item is None:
        raise NotFound(
            gettext_noop("No published disclosure has the number %(id)s."), {"id": item_id}
        )
    return item


def item_stamp(item_id: int) -> tuple[datetime | None, str]:
    row = (
        Item.objects.filter(pk=item_id, published_version__gt=0)
        .values_list("last_published_at", "published_version", "withdrawn_at")
        .first()
    )
    if row is None:
        return None, "none"
    last = max(x for x in (row[0], row[2]) if x is not None)
    return last, f"{row[1]}-{row[2].timestamp() if row[2] else 0}"


def version_text(version: ItemVersion, *, statement_lines: bool = True) -> list[str]:
    """A version as lines of plain text, the basis of the diff between versions."""
    lines = [version.title, f"{version.period_start} – {version.period_end}"]
    lines += [x.strip() for x in search.plain_text(version.body).splitlines() if x.strip()]
    statement = (version.statement or {}) if statement_lines else {}
    for line in statement.get("lines", []):
        lines.append(f"{line['kind']} {line['account']} {line['name']} {yuan(line['amount_fen'])}")
    if statement:
        lines.append(f"income {yuan(statement['income_total_fen'])}")
        lines.append(f"expenditure {yuan(statement['expenditure_total_fen'])}")
    for row in version.people:
        amount = yuan(row["amount_fen"]) if "amount_fen" in row else ""
        cells = [row["name"], row.get("group", ""), row.get("phone", "")]
        cells += [row.get("bank_account", ""), amount, row.get("note", "")]
        lines.append(" ".join(x for x in cells if x))
    lines += [f"{a['name']} sha256 {a['sha256']}" for a in version.attachments]
    return lines


@dataclass
class VersionView:
    version: ItemVersion
    diff: list[tuple[str, str]]  # (kind, line) with kind "add" or "del"
    entry: Any = None  # the ledger entry, when the ledger is installed
    #: The statement's changes line by line: (what, before, after), amounts formatted in yuan.
    changes: list[tuple[str, str, str]] | None = None


def statement_changes(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    """What changed in a statement from one version to the next, one row per account (matched
    by kind and account code) and per total, amounts as 1,234.50 and "—" where absent."""
    before, after = before or {}, after or {}

    def by_account(statement: dict) -> dict[tuple[str, str], dict]:
        return {(x["kind"], x["account"]): x for x in statement.get("lines", [])}

    old, new = by_account(before), by_account(after)
    kinds = {"income": _("Income"), "expenditure": _("Expenditure")}
    rows: list[tuple[str, str, str]] = []

    def money(line: dict | None, key: str = "amount_fen") -> str:
        value = None if line is None else line.get(key)
        return "—" if value is None else yuan(value)

    for key in list(old) + [k for k in new if k not in old]:
        a, b = old.get(key), new.get(key)
        if money(a) != money(b) or (a or {}).get("name") != (b or {}).get("name"):
            line = b or a or {}
            rows.append(
                (f"{kinds.get(key[0], key[0])} {key[1]} {line.get('name', '')}", money(a), money(b))
            )
    totals = (
        ("income_total_fen", _("Income total")),
        ("expenditure_total_fen", _("Expenditure total")),
        ("opening_balance_fen", _("Opening balance")),
        ("closing_balance_fen", _("Closing balance")),
    )
    for key, label in totals:
        if money(before, key) != money(after, key):
            rows.append((str(label), money(before, key), money(after, key)))
    return rows


def versions_with_diffs(item: Item) -> list[VersionView]:
    """Every published version, newest first, each with what changed from the one before."""
    versions = list(item.versions.order_by("number"))
    views, previous = [], None
    for version in versions:
        diff: list[tuple[str, str]] = []
        changes = None
        if previous is not None:
            changes = statement_changes(previous.statement, version.statement)
            for line in difflib.unified_diff(
                version_text(previous, statement_lines=False),
                version_text(version, statement_lines=False),
                lineterm="",
                n=0,
            ):
                if line.startswith(("---", "+++")):
                    continue
                kind = "hunk" if line.startswith("@@") else "add" if line[0] == "+" else "del"
                if kind != "hunk":
                    diff.append((kind, line[1:]))
        views.append(VersionView(version, diff, changes=changes))
        previous = version
    return list(reversed(views))


def count_view(item_id: int, day: date) -> None:
    """Count one page view of the item on ``day``: a number, nothing about the reader."""
    if ViewDay.objects.filter(item_id=item_id, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ViewDay.objects.create(item_id=item_id, day=day, count=1)
    except IntegrityError:  # a concurrent first view created the row
        ViewDay.objects.filter(item_id=item_id, day=day).update(count=F("count") + 1)


def etag(*parts: Any) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:24]


# --- staff ------------------------------------------------------------------------------------


def items_for_staff(user: Any, *, state: str = "") -> QuerySet[Item]:
    qs = Item.objects.filter(unit_scope_q(user, "unit_path")).select_related("village")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-updated_at", "-id")


def item_for_staff(user: Any, pk: int) -> Item:
    item = Item.objects.select_related("village", "catalogue").filter(pk=pk).first()
    if item is None:
        raise NotFound(gettext_noop("No such disclosure."))
    require_read(user, item.unit_path)
    return item


def review_queue(user: Any) -> QuerySet[Item]:
    return items_for_staff(user, state=State.SUBMITTED).order_by("updated_at", "id")


def attention(user: Any, today: date, limit: int = 50) -> dict[str, list[Due]]:
    """Due-soon and overdue dues in the user's scope (a town officer: only overdue)."""
    soon = today + timedelta(days=DUE_SOON_DAYS)
    open_dues = Due.objects.filter(unit_scope_q(user, "unit_path"), published_on__isnull=True)
    overdue = list(
        open_dues.filter(deadline__lt=today).select_related("village").order_by("deadline")[:limit]
    )
    due_soon: list[Due] = []
    if getattr(getattr(user, "unit", None), "level", "") == Level.VILLAGE:
        due_soon = list(
            open_dues.filter(deadline__gte=today, deadline__lte=soon)
            .select_related("village")
            .order_by("deadline")[:limit]
        )
    overdue_total = len(overdue)
    if overdue_total == limit:  # the home page shows the oldest few; say how many there are
        overdue_total = open_dues.filter(deadline__lt=today).count()
    return {"overdue": overdue, "due_soon": due_soon, "overdue_total": overdue_total}


def open_dues(user: Any, today: date, *, village_code: str = "", overdue: bool = False):
    """The unpublished dues in the user's scope, oldest deadline first: one village's when
    ``village_code`` is given, only those past their deadline when ``overdue``."""
    qs = Due.objects.filter(unit_scope_q(user, "unit_path"), published_on__isnull=True)
    if village_code:
        qs = qs.filter(village__code=village_code)
    if overdue:
        qs = qs.filter(deadline__lt=today)
    return qs.select_related("village").order_by("deadline", "village__code", "id")


def unread_notices(user: Any, limit: int = 20) -> list[Notice]:
    return list(
        Notice.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("due", "due__village")
        .order_by("-created_at")[:limit]
    )


@dataclass
class TownRate:
    """Timeliness summed over a town (or, with ``town`` None, over everything in view)."""

    town: Unit | None
    due: int = 0
    on_time: int = 0
    overdue: int = 0
    villages: list[Timeliness] | None = None

    @property
    def rate(self) -> str | None:
        """ "66.7": on time over due, half up at one decimal (core.rates); None when none due."""
        return percent_text(self.on_time, self.due)

    @property
    def tenths(self) -> int | None:
        return percent_tenths(self.on_time, self.due)

    def add(self, row: Timeliness) -> None:
        self.due += row.due_count
        self.on_time += row.on_time_count
        self.overdue += row.overdue_count


def county_timeliness(user: Any) -> list[TownRate]:
    """Timeliness per town and village from the pre-aggregated rows (one query)."""
    rows = (
        Timeliness.objects.filter(unit_scope_q(user, "village__path"))
        .select_related("village", "town")
        .order_by("town__code", "village__code")
    )
    towns: dict[int, TownRate] = {}
    for row in rows:
        rate = towns.setdefault(row.town_id, TownRate(row.town, villages=[]))
        rate.add(row)
        row.rate = percent_text(row.on_time_count, row.due_count)
        row.tenths = percent_tenths(row.on_time_count, row.due_count)
        rate.villages.append(row)
    return list(towns.values())


def timeliness_total(towns: list[TownRate]) -> TownRate:
    """The total over every town in view: the county's figure, shown first."""
    total = TownRate(None)
    for town in towns:
        total.due += town.due
        total.on_time += town.on_time
        total.overdue += town.overdue
    return total


def pending_counts(user: Any) -> dict[str, int]:
    return dict(
        Item.objects.filter(unit_scope_q(user, "unit_path"))
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )


def staff_search(user: Any, query: str) -> QuerySet[Item]:
    q = search.search_q(query) or Q(pk__in=[])
    return items_for_staff(user).filter(q)


def notices_for(user: Any) -> QuerySet[Notice]:
    """The user's own notices, unread first, newest first (for the notices page)."""
    return (
        Notice.objects.filter(recipient=user)
        .select_related("due", "due__village")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
    )


def unread_count(user: Any) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()
