"""Public pages: the county's villages and each village's page. No private data, no login."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
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


@require_safe
def home(request):
    county = Unit.objects.filter(level=Level.COUNTY).order_by("code").first()
    towns = selectors.county_towns_with_villages()
    return render(request, "web/public/county.html", {"county": county, "towns": towns})


def _village_stamp(request, village_code: str) -> tuple[Unit | None, dict]:
    """The village and every section's part of the page validator, in one query (kept on the
    request for the ETag, Last-Modified and the render)."""
    if not hasattr(request, "_village_page"):
        parts: dict = {}
        for section in extensions.village_sections:
            parts.update(section.stamp())
        village = (
            Unit.objects.select_related("parent", "parent__parent")
            .filter(code=village_code, level=Level.VILLAGE)
            .annotate(**parts)
            .first()
        )
        stamp = {key: getattr(village, key) for key in parts} if village is not None else {}
        request._village_page = (village, stamp)
    return request._village_page


def _village_etag(request, village_code: str) -> str:
    village, stamp = _village_stamp(request, village_code)
    parts = [f"{key}={stamp[key]}" for key in sorted(stamp)]
    raw = "|".join(["home", village_code, str(village is not None), get_language(), *parts])
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
    village, stamp = _village_stamp(request, village_code)
    if village is None:
        selectors.public_village(village_code)  # raises the public "no such village" 404
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
