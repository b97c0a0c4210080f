"""Disclosure API: public reads (villages, items, versions) and staff writes (the workflow).

Staff endpoints use the Django session (ninja's ``django_auth``, with its CSRF check); every
write calls the same service as the console, so permissions and states are checked once.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Max
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from openvillage.core.errors import NotFound
from openvillage.core.text import gettext_noop
from openvillage.disclosure import selectors, services
from openvillage.disclosure.models import Item, ItemVersion, State
from openvillage.disclosure.rules.catalogue import MODULE_SLUGS
from openvillage.org import selectors as org_selectors
from openvillage.org.models import Level, Unit

router = Router(tags=["disclosure"])
staff = Router(tags=["disclosure (staff)"], auth=django_auth)


class ModuleOut(Schema):
    slug: str
    items: int
    last_published_at: datetime | None


class VillageOut(Schema):
    code: str
    name: str
    town: str | None
    modules: list[ModuleOut]


class ItemOut(Schema):
    id: int
    village: str
    module: str
    category: str
    matter: str
    title: str
    period_start: date
    period_end: date
    version: int
    published_at: datetime
    url: str


class LineOut(Schema):
    kind: str
    account: str
    name: str
    amount_fen: int


class StatementSchema(Schema):
    lines: list[LineOut]
    income_total_fen: int
    expenditure_total_fen: int
    opening_balance_fen: int | None = None
    closing_balance_fen: int | None = None
    opening_note: str = ""  # why the opening differs from the previous closing balance (S4)


class PersonSchema(Schema):
    name: str
    group: str = ""
    phone: str = ""
    bank_account: str = ""
    amount_fen: int | None = None
    note: str = ""


class AttachmentOut(Schema):
    id: int
    name: str
    sha256: str
    size: int
    content_type: str


class VersionOut(Schema):
    number: int
    title: str
    body: str
    category: str
    matter: str
    period_start: date
    period_end: date
    statement: StatementSchema | None
    people: list[PersonSchema]
    attachments: list[AttachmentOut]
    reason: str
    published_at: datetime
    ledger_entry_id: int | None


class ItemDetailOut(Schema):
    id: int
    village: str
    module: str
    withdrawn: bool
    withdrawal_reason: str
    current: VersionOut
    versions: int


def _item_out(version: ItemVersion) -> dict:
    item = version.item
    return {
        "id": item.pk,
        "village": item.village.code,
        "module": MODULE_SLUGS[item.module],
        "category": version.category,
        "matter": version.matter,
        "title": version.title,
        "period_start": version.period_start,
        "period_end": version.period_end,
        "version": version.number,
        "published_at": version.published_at,
        "url": f"/d/{item.pk}/",
    }


@router.get("/villages/{code}/disclosure", response=VillageOut, summary="A village's modules")
def village(request: HttpRequest, code: str):
    unit = org_selectors.public_village(code)
    rows = {
        r["item__module"]: r
        for r in selectors.public_versions()
        .filter(item__village=unit)
        .values("item__module")
        .annotate(n=Count("id"), last=Max("published_at"))
    }
    return {
        "code": unit.code,
        "name": unit.name,
        "town": unit.parent.name if unit.parent else None,
        "modules": [
            {
                "slug": slug,
                "items": rows.get(module, {}).get("n", 0),
                "last_published_at": rows.get(module, {}).get("last"),
            }
            for module, slug in MODULE_SLUGS.items()
        ],
    }


@router.get(
    "/villages/{code}/disclosures", response=list[ItemOut], summary="A village's public items"
)
@paginate(LimitOffsetPagination)
def village_items(
    request: HttpRequest,
    code: str,
    module: str = "",
    category: str = "",
    period: str = "",
    q: str = "",
):
    unit = org_selectors.public_village(code)
    if module and module not in selectors.SLUG_MODULES:
        raise NotFound(gettext_noop("No module is called %(module)s."), {"module": module})
    qs = selectors.public_versions().filter(item__village=unit)
    if module:
        qs = selectors.module_versions(
            unit, selectors.SLUG_MODULES[module], category=category, period=period, query=q
        )
    elif q:
        qs = selectors.search_versions(unit, q) or qs.none()
    # defer(None): the search's own query loads only the fields its page shows.
    qs = qs.defer(None).select_related("item", "item__village").order_by("-published_at", "-id")
    return [_item_out(v) for v in qs]


def _public_item(item_id: int) -> Item:
    return selectors.public_item(item_id)


@router.get("/disclosures/{item_id}", response=ItemDetailOut, summary="One public item")
def item_detail(request: HttpRequest, item_id: int):
    item = _public_item(item_id)
    current = item.versions.get(number=item.published_version)
    return {
        "id": item.pk,
        "village": item.village.code,
        "module": MODULE_SLUGS[item.module],
        "withdrawn": item.state == State.WITHDRAWN,
        "withdrawal_reason": item.withdrawal_reason,
        "current": current,
        "versions": item.published_version,
    }


@router.get(
    "/disclosures/{item_id}/versions",
    response=list[VersionOut],
    summary="Every published version of an item",
)
def item_versions(request: HttpRequest, item_id: int):
    return list(_public_item(item_id).versions.order_by("number"))


# --- staff ------------------------------------------------------------------------------------


class ContentIn(Schema):
    matter: str
    period_start: date
    period_end: date
    title: str
    body: str = ""
    statement: StatementSchema | None = None
    people: list[PersonSchema] = []


class ItemIn(ContentIn):
    village: str  # the 12-digit code


class AmendIn(ContentIn):
    reason: str


class ReasonIn(Schema):
    reason: str


class StaffItemOut(Schema):
    id: int
    village: str
    state: str
    matter: str
    title: str
    period_start: date
    period_end: date
    published_version: int
    return_reason: str
    amendment_reason: str
    withdrawal_reason: str


class PublishedOut(Schema):
    item: StaffItemOut
    version: int
    ledger_entry_id: int | None


def _staff_out(item: Item) -> dict:
    return {
        "id": item.pk,
        "village": item.village.code,
        "state": item.state,
        "matter": item.matter,
        "title": item.title,
        "period_start": item.period_start,
        "period_end": item.period_end,
        "published_version": item.published_version,
        "return_reason": item.return_reason,
        "amendment_reason": item.amendment_reason,
        "withdrawal_reason": item.withdrawal_reason,
    }


def _content(data: ContentIn) -> services.Content:
    return services.Content(
        matter=data.matter,
        period_start=data.period_start,
        period_end=data.period_end,
        title=data.title,
        body=data.body,
        statement=data.statement.dict() if data.statement else None,
        people=tuple(p.dict() for p in data.people),
    )


def _village(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, level=Level.VILLAGE).first()
    if unit is None:
        raise NotFound(gettext_noop("No village has the code %(code)s."), {"code": code})
    return unit


@staff.get("/disclosures", response=list[StaffItemOut], summary="Items in your area")
@paginate(LimitOffsetPagination)
def staff_items(request: HttpRequest, state: str = ""):
    return [_staff_out(i) for i in selectors.items_for_staff(request.user, state=state)]


@staff.post("/disclosures", response={201: StaffItemOut}, summary="Write a draft")
def create(request: HttpRequest, data: ItemIn):
    item = services.item_create(
        actor=request.user, village=_village(data.village), content=_content(data)
    )
    return Status(201, _staff_out(item))


@staff.put("/disclosures/{item_id}", response=StaffItemOut, summary="Change a draft")
def update(request: HttpRequest, item_id: int, data: ContentIn):
    item = selectors.item_for_staff(request.user, item_id)
    return _staff_out(services.item_update(actor=request.user, item=item, content=_content(data)))


@staff.post(
    "/disclosures/{item_id}/attachments",
    response={201: AttachmentOut},
    summary="Add a PDF, JPEG or PNG to a draft",
)
def attach(
    request: HttpRequest,
    item_id: int,
    file: UploadedFile = File(...),  # noqa: B008
    no_card_confirmed: bool = Form(False),  # noqa: B008 (pictures: no ID or bank card shown)
):
    item = selectors.item_for_staff(request.user, item_id)
    attachment = services.item_attach(
        actor=request.user,
        item=item,
        name=file.name or "file",
        content=file.read(),
        no_card_confirmed=no_card_confirmed,
    )
    return Status(201, attachment)


def _register_transitions() -> None:
    for verb, func, summary in (
        ("submit", services.item_submit, "Submit a draft to the town"),
        ("approve", services.item_approve, "Approve a submitted item (town)"),
    ):
        staff.post(f"/disclosures/{{item_id}}/{verb}", response=StaffItemOut, summary=summary)(
            _no_body(verb, func)
        )
    for verb, func, summary in (
        ("return", services.item_return, "Return a submitted item with a reason (town)"),
        ("withdraw", services.item_withdraw, "Withdraw a published item with a reason"),
    ):
        staff.post(f"/disclosures/{{item_id}}/{verb}", response=StaffItemOut, summary=summary)(
            _with_reason(verb, func)
        )


def _no_body(verb: str, func):
    def endpoint(request: HttpRequest, item_id: int):
        item = selectors.item_for_staff(request.user, item_id)
        return _staff_out(func(actor=request.user, item=item))

    endpoint.__name__ = f"item_{verb}"
    return endpoint


def _with_reason(verb: str, func):
    def endpoint(request: HttpRequest, item_id: int, data: ReasonIn):
        item = selectors.item_for_staff(request.user, item_id)
        return _staff_out(func(actor=request.user, item=item, reason=data.reason))

    endpoint.__name__ = f"item_{verb}"
    return endpoint


_register_transitions()


@staff.post(
    "/disclosures/{item_id}/publish",
    response=PublishedOut,
    summary="Publish an approved item as its next version",
)
def publish(request: HttpRequest, item_id: int):
    item = selectors.item_for_staff(request.user, item_id)
    version = services.item_publish(actor=request.user, item=item)
    item.refresh_from_db()
    return {
        "item": _staff_out(item),
        "version": version.number,
        "ledger_entry_id": version.ledger_entry_id,
    }


@staff.post(
    "/disclosures/{item_id}/amend",
    response=StaffItemOut,
    summary="Start an amendment of a published item (a new version, with a reason)",
)
def amend(request: HttpRequest, item_id: int, data: AmendIn):
    item = selectors.item_for_staff(request.user, item_id)
    return _staff_out(
        services.item_amend(
            actor=request.user, item=item, reason=data.reason, content=_content(data)
        )
    )
