"""Public disclosure pages: module lists, one item with its versions, search, Atom feed.

Every page answers conditional requests: its validator comes from one small query (the
village's :class:`VillageStamp`, or the item's publication times) and includes the language,
so a 304 is served before anything else is read.
"""

from __future__ import annotations

from django.apps import apps
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from openvillage.core.caching import cache_rendered
from openvillage.core.clock import local_today
from openvillage.disclosure import catalogue_store, selectors
from openvillage.disclosure.models import Attachment, State
from openvillage.disclosure.rules.catalogue import MODULE_SLUGS
from openvillage.org import selectors as org_selectors

PAGE_SIZE = 20
FEED_SIZE = 20


def _lang() -> str:
    return get_language() or "zh-hans"


def _current_data(request) -> dict:
    """The current catalogue's summary, by the hash the page validator already read."""
    stamp = getattr(request, "_disclosure_stamp", None)
    return catalogue_store.data_by_sha(stamp[2] if stamp else None)


def _names(request) -> dict[str, str]:
    return catalogue_store.names(_current_data(request), _lang())


def _village_stamp(request, village_code: str):
    if not hasattr(request, "_disclosure_stamp"):
        request._disclosure_stamp = selectors.village_stamp(village_code)
    return request._disclosure_stamp


def village_etag(request, village_code: str, **kwargs) -> str:
    changed_at, n, sha = _village_stamp(request, village_code)
    return selectors.etag("village", village_code, changed_at, n, sha, get_language())


def village_last_modified(request, village_code: str, **kwargs):
    return _village_stamp(request, village_code)[0]


def _item_stamp(request, item_id: int):
    if not hasattr(request, "_disclosure_stamp"):
        request._disclosure_stamp = selectors.item_stamp(item_id)
    return request._disclosure_stamp


def item_etag(request, item_id: int, **kwargs) -> str:
    last, key = _item_stamp(request, item_id)
    return selectors.etag("item", item_id, last, key, get_language())


def item_last_modified(request, item_id: int, **kwargs):
    return _item_stamp(request, item_id)[0]


village_condition = condition(etag_func=village_etag, last_modified_func=village_last_modified)


def _module_links(names: dict[str, str], current: str = "") -> list[tuple[str, str, bool]]:
    return [(slug, names.get(code, slug), slug == current) for code, slug in MODULE_SLUGS.items()]


def village_modules(village, sha: str | None) -> list[tuple[str, str, list]]:
    """The latest public items of each module, for the village home: (slug, name, versions)."""
    names = catalogue_store.names(catalogue_store.data_by_sha(sha), _lang())
    latest = selectors.latest_per_module(village)
    return [(slug, names.get(code, slug), latest[code]) for code, slug in MODULE_SLUGS.items()]


@require_safe
@village_condition
@cache_rendered(village_etag)
def module_page(request, village_code: str, module: str):
    village = org_selectors.public_village(village_code)
    code = selectors.SLUG_MODULES[module]
    category = request.GET.get("category", "")[:60]
    period = request.GET.get("period", "")[:7]
    qs = selectors.module_versions(village, code, category=category, period=period)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    data = _current_data(request)
    names = catalogue_store.names(data, _lang())
    categories = [
        (c["code"], names.get(c["code"], c["code"]))
        for c in data.get("categories", [])
        if c["module"] == code
    ]
    return render(
        request,
        "disclosure/public/module.html",
        {
            "village": village,
            "module": module,
            "module_name": names.get(code, module),
            "modules": _module_links(names, module),
            "page": page,
            "names": names,
            "categories": categories,
            "category": category,
            "period": period,
        },
    )


@require_safe
@condition(etag_func=item_etag, last_modified_func=item_last_modified)
def item_page(request, item_id: int):
    item = selectors.public_item(item_id)
    views = selectors.versions_with_diffs(item)
    current = views[0].version
    entries = _ledger_entries([v.version for v in views])
    for view in views:
        view.entry = entries.get(view.version.ledger_entry_id)
    selectors.count_view(item.pk, local_today())
    names = item.catalogue.data and _names_for(item)
    return render(
        request,
        "disclosure/public/item.html",
        {
            "item": item,
            "village": item.village,
            "current": current,
            "views": views,
            "names": names,
            "module": MODULE_SLUGS.get(item.module, ""),
            "withdrawn": item.state == State.WITHDRAWN,
            "ledger_proof": _proof(views[0].entry),
        },
    )


def _names_for(item) -> dict[str, str]:
    return catalogue_store.names(item.catalogue.data, _lang())


def _proof(entry) -> dict | None:
    """The context of ``ledger/_proof.html`` for the current version's entry, if any."""
    if entry is None:
        return None
    from openvillage.ledger.selectors import proof_context

    return proof_context(entry)


def _ledger_entries(versions) -> dict:
    """The ledger entries of the versions (one query), if the ledger app is installed."""
    ids = [v.ledger_entry_id for v in versions if v.ledger_entry_id is not None]
    if not ids or not apps.is_installed("openvillage.ledger"):
        return {}
    from openvillage.ledger.models import Entry

    return {e.pk: e for e in Entry.objects.filter(pk__in=ids)}


# A published file may be withdrawn at any moment (issue 11 §3): every cache must ask again
# before reusing it, so it is sent with a validator and never as ``immutable``.
FILE_CACHE_CONTROL = "public, max-age=0, must-revalidate"


@require_safe
def attachment_file(request, item_id: int, attachment_id: int):
    """Serve a file of a published version; once the item is withdrawn, say so instead (410)."""
    item = selectors.public_item(item_id)
    published = {a["id"] for v in item.versions.all() for a in v.attachments}
    if attachment_id not in published:
        raise Http404
    attachment = Attachment.objects.get(pk=attachment_id, item=item)
    if item.state == State.WITHDRAWN or not attachment.file:
        return _file_withdrawn(request, item, attachment)
    etag = f'"{attachment.sha256}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            filename=attachment.name,
        )
        response["Content-Security-Policy"] = "sandbox"
    response["ETag"] = etag
    response["Cache-Control"] = FILE_CACHE_CONTROL
    return response


def _file_withdrawn(request, item, attachment):
    """The page that stands in for a withdrawn file: when, why, and the hash the ledger keeps."""
    response = render(
        request,
        "disclosure/public/file_withdrawn.html",
        {"item": item, "village": item.village, "attachment": attachment},
        status=410,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@village_condition
def search_page(request, village_code: str):
    village = org_selectors.public_village(village_code)
    query = request.GET.get("q", "").strip()[:50]
    names = _names(request)
    qs = selectors.search_versions(village, query) if query else None
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")) if qs is not None else None
    return render(
        request,
        "disclosure/public/search.html",
        {
            "village": village,
            "q": query,
            "page": page,
            "names": names,
            "modules": _module_links(names),
        },
    )


@require_safe
@village_condition
def feed(request, village_code: str):
    """An Atom feed of the village's latest publications (the "news push")."""
    village = org_selectors.public_village(village_code)
    base = request.build_absolute_uri("/").rstrip("/")
    atom = feedgenerator.Atom1Feed(
        title=f"{village.name} · {_('Disclosures')}",
        link=base + reverse("village-home", args=[village.code]),
        description="",
        language=get_language(),
        feed_url=base + request.path,
    )
    versions = (
        selectors.public_versions()
        .filter(item__village=village)
        .order_by("-published_at", "-id")
        .only("id", "item_id", "number", "title", "body", "reason", "published_at")[:FEED_SIZE]
    )
    for version in versions:
        link = base + reverse("disclosure-item", args=[version.item_id])
        atom.add_item(
            title=version.title if version.number == 1 else f"{version.title} (v{version.number})",
            link=link,
            description=version.reason or version.body[:2000],
            unique_id=f"{link}#v{version.number}",
            updateddate=version.published_at,
            pubdate=version.published_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response
