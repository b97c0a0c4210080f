"""Public URLs are forever: a village page under a former division code redirects to the new one."""

from __future__ import annotations

import re

from django.http import HttpResponsePermanentRedirect

from openvillage.org.models import UnitAlias

VILLAGE_PATH = re.compile(r"^/v/(\d{12})/")


class UnitAliasRedirectMiddleware:
    """Turn a 404 under ``/v/<former code>/`` into a 301 to the unit's current code.

    Only a 404 pays for the lookup, so pages under current codes cost nothing more.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        match = VILLAGE_PATH.match(request.path)
        if match is None:
            return response
        alias = UnitAlias.objects.select_related("unit").filter(code=match.group(1)).first()
        if alias is None:
            return response
        target = f"/v/{alias.unit.code}/{request.path[match.end() :]}"
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
