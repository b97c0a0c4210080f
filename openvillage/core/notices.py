"""Tell the writer, on the next page, which personal numbers were masked in what they wrote."""

from __future__ import annotations

from django.contrib import messages

from openvillage.core.text import collect_masked, masked_notice


class MaskedTextNoticeMiddleware:
    """Collect what :func:`openvillage.core.text.clean_text` masked during a request.

    A successful request that stored masked text gets one message in the user's language,
    shown by the next page (after the redirect). A failed request stored nothing: no message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collect_masked() as found:
            response = self.get_response(request)
            notice = masked_notice(found) if found and response.status_code < 400 else ""
        if notice and hasattr(request, "_messages"):
            messages.info(request, notice)
        return response
