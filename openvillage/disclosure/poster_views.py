"""QR codes and posters of the village pages: public images and PDFs, and a town's bundle."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from openvillage.core.errors import NotAllowed, NotFound
from openvillage.core.roles import Role
from openvillage.core.text import gettext_noop
from openvillage.disclosure import posters, qr
from openvillage.org import selectors
from openvillage.org.models import Level

QR_MAX_AGE = 24 * 3600  # the code of a village never changes; a day keeps a renamed title fresh
POSTER_MAX_AGE = 3600  # the poster prints the latest tree head, which moves
BUNDLE_ROLES = {Role.COUNTY_ADMIN, Role.COUNTY_SUPERVISOR, Role.TOWN_OFFICER}


def _public(request, body_or_maker, *, etag: str, content_type: str, max_age: int):
    """Answer 304 when the client has this ETag, else the body, cacheable by anyone."""
    response = get_conditional_response(request, etag=etag)
    if response is None:
        body = body_or_maker() if callable(body_or_maker) else body_or_maker
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def village_qr_svg(request, village_code: str):
    village = selectors.public_village(village_code)
    title = f"{village.name}: {qr.village_url(village.code)}"
    return _public(
        request,
        lambda: qr.qr_svg(village.code, title),
        etag=qr.qr_etag(village.code, "svg", village.name),
        content_type="image/svg+xml",
        max_age=QR_MAX_AGE,
    )


@require_safe
def village_qr_png(request, village_code: str):
    village = selectors.public_village(village_code)
    return _public(
        request,
        lambda: qr.qr_png(village.code),
        etag=qr.qr_etag(village.code, "png"),
        content_type="image/png",
        max_age=QR_MAX_AGE,
    )


@require_safe
def village_poster_pdf(request, village_code: str):
    village = selectors.public_village(village_code)
    poster = posters.village_poster(village)
    response = _public(
        request,
        lambda: posters.render([poster], f"{village.name} 村务公开二维码"),
        etag=poster.etag(),
        content_type="application/pdf",
        max_age=POSTER_MAX_AGE,
    )
    response["Content-Disposition"] = f'inline; filename="poster-{village.code}.pdf"'
    return response


@require_safe
@login_required(login_url="staff-login")
def town_posters_pdf(request, code: str):
    """Every poster of a town in one PDF, for its town officer and the county."""
    user = request.user
    town = selectors.unit_for_staff(user, code)
    if not (user.is_superuser or user.role in BUNDLE_ROLES):
        raise NotAllowed(gettext_noop("Your role may not download the posters of a town."))
    if town.level != Level.TOWN:
        raise NotFound(
            gettext_noop("Posters are bundled per town; %(code)s is not a town."), {"code": code}
        )
    response = HttpResponse(posters.render_town(town), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="posters-{town.code}.pdf"'
    patch_cache_control(response, private=True, no_store=True)
    return response
