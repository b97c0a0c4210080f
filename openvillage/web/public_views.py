"""Public pages: the county's villages and each village's page. No private data, no login."""

import hashlib
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import DateTimeField
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_safe

from openvillage.core import extensions
from openvillage.core.caching import cache_rendered
from openvillage.core.clock import local_today
from openvillage.org import selectors
from openvillage.org.models import Level, Unit


@require_safe
def set_lang(request, code: str):
    """Remember the reader's language in a cookie and go back (GET: a link, no form, no CSRF)."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response


COUNTY_PAGE_SIZE = 120  # villages per page of the county page (a county has 200 to 600)


def _county_etag(request) -> str:
    # One aggregate query names everything the county page shows (units and their names).
    from openvillage.disclosure.selectors import etag

    if not hasattr(request, "_county_stamp"):
        request._county_stamp = selectors.units_stamp()
    return etag("county", *request._county_stamp, request.get_full_path(), get_language())


@require_safe
@condition(etag_func=_county_etag)
@cache_rendered(_county_etag)
def home(request):
    """The county's villages by town, with a search box and pages; readable without scripts."""
    q = request.GET.get("q", "").replace("\x00", "").strip()[:40]
    town = request.GET.get("town", "").strip()[:12]
    town = town if town.isdigit() else ""
    county = Unit.objects.filter(level=Level.COUNTY).order_by("code").first()
    directory = selectors.county_directory(
        q=q, town=town, page=request.GET.get("page", 1), per_page=COUNTY_PAGE_SIZE
    )
    extra = f"town={town}&" if town else ""
    context = {"county": county, "directory": directory, "page": directory.page, "q": q}
    context.update(town=town, extra_query=extra)
    return render(request, "web/public/county.html", context)


# The page validator runs on every public request, so its SQL is built once per set of sections
# (building the ORM query cost several times more than running it, bench/village_page.py) and
# only the village code changes between requests.
_CODE = "\x00village-code\x00"
_stamp_sql: dict[tuple, tuple[str, tuple, tuple[str, ...], frozenset[str]]] = {}


def _stamp_statement(sections: tuple) -> tuple[str, tuple, tuple[str, ...], frozenset[str]]:
    if sections not in _stamp_sql:
        parts: dict = {}
        for section in sections:
            mine = section.stamp()
            if set(mine) & set(parts):
                taken = sorted(set(mine) & set(parts))
                raise ImproperlyConfigured(f"Village section {section.name!r} reuses {taken}.")
            parts.update(mine)
        keys = tuple(parts)
        qs = (
            Unit.objects.filter(code=_CODE, level=Level.VILLAGE)
            .annotate(**parts)
            .values_list("pk", *keys)
        )
        sql, params = qs.query.sql_with_params()
        annotations = qs.query.annotations
        times = frozenset(k for k in keys if isinstance(annotations[k].output_field, DateTimeField))
        _stamp_sql[sections] = (sql, params, keys, times)
    return _stamp_sql[sections]


def _village_stamp(request, village_code: str) -> tuple[bool, dict]:
    """Whether the village exists, and every section's part of the page validator, in one
    query (kept on the request for the ETag, Last-Modified and the render)."""
    if not hasattr(request, "_village_page"):
        sql, params, keys, times = _stamp_statement(tuple(extensions.village_sections))
        with connection.cursor() as cursor:
            cursor.execute(sql, [village_code if p == _CODE else p for p in params])
            row = cursor.fetchone()
        values = dict(zip(keys, row[1:], strict=True)) if row else {}
        stamp = {k: _aware(v) if k in times else v for k, v in values.items()}
        request._village_page = (row is not None, stamp)
    return request._village_page


def _aware(value):
    """An aware datetime (SQLite hands back text from a raw cursor, PostgreSQL a datetime)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _village_etag(request, village_code: str) -> str:
    found, stamp = _village_stamp(request, village_code)
    parts = [f"{key}={stamp[key]}" for key in sorted(stamp)]
    raw = "|".join(["home", village_code, str(found), get_language(), *parts])
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _village_last_modified(request, village_code: str) -> datetime | None:
    stamps = [v for v in _village_stamp(request, village_code)[1].values() if _is_time(v)]
    return max(stamps, default=None)


def _is_time(value) -> bool:
    return isinstance(value, datetime)


@require_safe
@condition(etag_func=_village_etag, last_modified_func=_village_last_modified)
@cache_rendered(_village_etag)
def village_home(request, village_code: str):
    stamp = _village_stamp(request, village_code)[1]
    village = selectors.public_village(village_code)  # NotFound: the public 404
    sections = [
        render_to_string(
            section.template,
            {**section.context(request, village, stamp), "village": village},
            request=request,
        )
        for section in extensions.village_sections
    ]
    return render(request, "web/public/village.html", {"village": village, "sections": sections})


def team_section(request, village: Unit, stamp) -> dict:
    """The two committees and the supervision committee (the shell's own section)."""
    return {"team": selectors.village_team(village, local_today())}
