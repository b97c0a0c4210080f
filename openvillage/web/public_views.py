"""Public pages: the county's villages and each village's page. No private data, no login."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_safe

from openvillage.core.clock import local_today
from openvillage.org import selectors
from openvillage.org.models import Level, Unit
from openvillage.web.caching import cache_rendered


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


def _village_validator(request, village_code: str):
    # One query for the page's ETag and Last-Modified: disclosures, catalogue and team (304s).
    if not hasattr(request, "_village_stamp"):
        from openvillage.disclosure.selectors import village_page_stamp

        request._village_stamp = village_page_stamp(village_code)
    return request._village_stamp


def _village_etag(request, village_code: str) -> str:
    from openvillage.disclosure.selectors import etag

    changed_at, team, _sha = _village_validator(request, village_code)
    return etag("home", village_code, changed_at, team, get_language())


@require_safe
@condition(
    etag_func=_village_etag,
    last_modified_func=lambda request, village_code: _village_validator(request, village_code)[0],
)
@cache_rendered(_village_etag)
def village_home(request, village_code: str):
    from openvillage.disclosure.views import village_modules

    village = selectors.public_village(village_code)
    team = selectors.village_team(village, local_today())
    return render(
        request,
        "web/public/village.html",
        {
            "village": village,
            "team": team,
            "disclosure_modules": village_modules(village, request._village_stamp[2]),
        },
    )
