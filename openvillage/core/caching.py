"""Cache rendered public pages by their validator, so a busy village page costs one query.

A public page's ETag already names everything it shows (the village's disclosures, its team,
the catalogue and the language). The rendered body is cached under that ETag and the full path:
when anything changes the ETag changes, so a stale page is never served and nothing has to be
invalidated. Requests that carry a session (signed-in staff or villagers) bypass the cache, and
responses that set a cookie are never stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

PAGE_CACHE_SECONDS = 3600


def cache_rendered(etag_func: Callable[..., str]) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def inner(request, *args, **kwargs):
            if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
                return view(request, *args, **kwargs)
            validator = etag_func(request, *args, **kwargs)
            raw = f"{validator}|{request.get_full_path()}"
            key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
            return response

        return inner

    return decorator
