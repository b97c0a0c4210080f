"""Public pages of the record: the signed heads, the key, and one entry with its proof."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from openvillage.core.errors import NotFound
from openvillage.core.text import gettext_noop
from openvillage.ledger import selectors, signing
from openvillage.ledger.models import Entry, TreeHead

HEADS_PER_PAGE = 50


@require_safe
def index(request):
    heads = Paginator(TreeHead.objects.order_by("-id"), HEADS_PER_PAGE)
    page = heads.get_page(request.GET.get("page"))
    return render(
        request,
        "ledger/index.html",
        {
            "page": page,
            "latest": selectors.latest_head(),
            "size": selectors.log_size(),
            "audit": selectors.latest_audit(),
            "key_id": signing.key_id(),
            "recent": Entry.objects.order_by("-index")[:10],
        },
    )


@require_safe
def key(request):
    context = {
        "key_id": signing.key_id(),
        "key_hex": signing.public_key_hex(),
        "key_pem": signing.public_key_pem(),
    }
    return render(request, "ledger/key.html", context)


@require_safe
def key_pem(request):
    return HttpResponse(signing.public_key_pem(), content_type="text/plain; charset=us-ascii")


def _entry(index: int) -> Entry:
    found = Entry.objects.filter(index=index).first()
    if found is None:
        raise NotFound(gettext_noop("The public record has no entry %(index)s."), {"index": index})
    return found


@require_safe
def entry(request, index: int):
    found = _entry(index)
    context = selectors.proof_context(found)
    context["record_pretty"] = json.dumps(json.loads(found.record), indent=2, ensure_ascii=False)
    return render(request, "ledger/entry.html", context)


@require_safe
def entry_record(request, index: int):
    # The exact bytes that were hashed: `openvillage verify COPY --record record.json` finds them.
    response = HttpResponse(_entry(index).record.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="record-{index}.json"'
    return response
