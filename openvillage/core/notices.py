"""Tell the writer, on the next page, which personal numbers were masked in what they wrote."""

from __future__ import annotations

from django.contrib import messages

from openvillage.core.text import collect_masked, masked_notice

MASKED_HEADER = "X-Personal-Data-Masked"


def masked_counts(found) -> str:
    """``id_number=1, phone=2``: how many numbers of each kind were masked."""
    totals: dict[str, int] = {}
    for result in found:
        for kind, count in result.masked.items():
            totals[kind] = totals.get(kind, 0) + count
    return ", ".join(f"{kind}={count}" for kind, count in sorted(totals.items()))


class MaskedTextNoticeMiddleware:
    """Collect what :func:`openvillage.core.text.clean_text` masked during a request.

    A successful request that stored masked text gets one message in the user's language,
    shown by the next page (after the redirect), or, for the API, the counts in the
    ``X-Personal-Data-Masked`` header. A failed request stored nothing: no message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collect_masked() as found:
            response = self.get_response(request)
            notice = masked_notice(found) if found and response.status_code < 400 else ""
        if not notice:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            # An API client gets the counts in a header (ASCII: kind=count, for each kind).
            response[MASKED_HEADER] = masked_counts(found)
        elif hasattr(request, "_messages"):
            messages.info(request, notice)
        return response
