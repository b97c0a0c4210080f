"""API of villagers' messages: public replies, the villager's own messages (session), staff.

Villager endpoints use the villager session (cookie, with CSRF); staff endpoints Django's
session (``django_auth``). Every write calls the same service as the pages.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import APIKeyCookie, django_auth

from openvillage.accounts.villager_session import current_villager
from openvillage.core.errors import NotFound
from openvillage.core.text import gettext_noop
from openvillage.disclosure import selectors as disclosure_selectors
from openvillage.feedback import analysis, selectors, services
from openvillage.feedback.models import Message
from openvillage.org import selectors as org_selectors
from openvillage.org.models import Term, Unit


class VillagerAuth(APIKeyCookie):
    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None):
        return current_villager(request)


router = Router(tags=["feedback"])
villager = Router(tags=["feedback (villager)"], auth=VillagerAuth())
staff = Router(tags=["feedback (staff)"], auth=django_auth)


class ReplyOut(Schema):
    unit: str
    text: str
    at: str


class PublicMessageOut(Schema):
    id: int
    kind: str
    name: str
    text: str
    hidden: bool
    received_on: date
    replies: list[ReplyOut]


def _public(message: Message) -> dict:
    return {
        "id": message.pk,
        "kind": message.kind,
        "name": selectors.public_name(message),
        "text": "" if message.hidden_at else message.text,
        "hidden": message.hidden_at is not None,
        "received_on": message.received_on,
        "replies": [
            {"unit": r.author_unit.name, "text": r.text, "at": r.created_at.isoformat()}
            for r in message.public_replies
        ],
    }


@router.get("/villages/{code}/messages", response=list[PublicMessageOut])
@paginate(LimitOffsetPagination)
def village_messages(request, code: str):
    village = org_selectors.public_village(code)
    return [_public(m) for m in selectors.public_messages(village=village)[:500]]


@router.get("/items/{item_id}/messages", response=list[PublicMessageOut])
@paginate(LimitOffsetPagination)
def item_messages(request, item_id: int):
    item = disclosure_selectors.public_item(item_id)
    return [_public(m) for m in selectors.public_messages(item=item)[:500]]


class MessageIn(Schema):
    kind: str
    text: str
    module: str = ""
    item_id: int | None = None
    named_term_id: int | None = None
    anonymous: bool = False
    private: bool = False


class MyMessageOut(Schema):
    id: int
    kind: str
    status: str
    lateness: str
    text: str
    due_on: date
    satisfaction: int | None
    replies: list[ReplyOut]


def _mine(message: Message) -> dict:
    replies = getattr(message, "public_replies", None)
    if replies is None:
        replies = list(message.replies.filter(is_note=False).select_related("author_unit"))
    return {
        "id": message.pk,
        "kind": message.kind,
        "status": message.status,
        "lateness": message.lateness,
        "text": message.text,
        "due_on": message.due_on,
        "satisfaction": message.satisfaction,
        "replies": [
            {"unit": r.author_unit.name, "text": r.text, "at": r.created_at.isoformat()}
            for r in replies
        ],
    }


@villager.post("/messages", response={201: MyMessageOut})
def post_message(request, payload: MessageIn):
    me = request.auth
    item = disclosure_selectors.public_item(payload.item_id) if payload.item_id else None
    term = Term.objects.filter(pk=payload.named_term_id).first() if payload.named_term_id else None
    message = services.message_post(
        villager=me,
        village=me.village,
        kind=payload.kind,
        text=payload.text,
        module=payload.module,
        item=item,
        named_term=term,
        anonymous=payload.anonymous,
        private=payload.private,
    )
    return 201, _mine(message)


@villager.get("/messages", response=list[MyMessageOut])
@paginate(LimitOffsetPagination)
def my_messages(request):
    return [_mine(m) for m in selectors.villager_messages(request.auth)[:500]]


class RateIn(Schema):
    satisfaction: int


class ReasonIn(Schema):
    reason: str


@villager.post("/messages/{pk}/rate", response=MyMessageOut)
def rate(request, pk: int, payload: RateIn):
    message = selectors.villager_message(request.auth, pk)
    return _mine(
        services.message_rate(
            villager=request.auth, message=message, satisfaction=payload.satisfaction
        )
    )


@villager.post("/messages/{pk}/reopen", response=MyMessageOut)
def reopen(request, pk: int, payload: ReasonIn):
    message = selectors.villager_message(request.auth, pk)
    return _mine(
        services.message_reopen(villager=request.auth, message=message, reason=payload.reason)
    )


class InboxOut(Schema):
    id: int
    kind: str
    topic: str
    status: str
    lateness: str
    village: str
    excerpt: str
    received_on: date
    due_on: date
    hidden: bool


@staff.get("/messages", response=list[InboxOut])
@paginate(LimitOffsetPagination)
def inbox(request, status: str = "", lateness: str = "", topic: str = ""):
    rows = selectors.inbox(request.user, status=status, lateness=lateness, topic=topic)
    return [
        {
            **{
                k: r[k]
                for k in (
                    "id",
                    "kind",
                    "topic",
                    "status",
                    "lateness",
                    "excerpt",
                    "received_on",
                    "due_on",
                )
            },
            "village": r["village__name"],
            "hidden": r["hidden_at"] is not None,
        }
        for r in rows[:1000]
    ]


class StaffMessageOut(Schema):
    id: int
    kind: str
    text: str
    topic: str
    status: str
    lateness: str
    village: str
    assigned_unit: str
    due_on: date
    reporter_name: str | None
    hidden_reason: str


@staff.get("/messages/{pk}", response=StaffMessageOut)
def message_detail(request, pk: int):
    view = selectors.staff_message(request.user, pk)
    m = view.message
    return {
        "id": m.pk,
        "kind": m.kind,
        "text": m.text,
        "topic": m.topic,
        "status": m.status,
        "lateness": m.lateness,
        "village": m.village.name,
        "assigned_unit": m.assigned_unit.name,
        "due_on": m.due_on,
        "reporter_name": view.reporter.name if view.reporter else None,
        "hidden_reason": m.hidden_reason,
    }


class TextIn(Schema):
    text: str


class ReassignIn(Schema):
    unit_code: str
    reason: str


class TopicIn(Schema):
    topic: str


class OkOut(Schema):
    id: int
    status: str


def _message(request, pk: int) -> Message:
    return selectors.staff_message(request.user, pk).message


def _ok(message: Message) -> dict:
    message.refresh_from_db()
    return {"id": message.pk, "status": message.status}


@staff.post("/messages/{pk}/reply", response=OkOut)
def reply(request, pk: int, payload: TextIn):
    message = _message(request, pk)
    services.message_reply(actor=request.user, message=message, text=payload.text)
    return _ok(message)


@staff.post("/messages/{pk}/note", response=OkOut)
def note(request, pk: int, payload: TextIn):
    message = _message(request, pk)
    services.message_note(actor=request.user, message=message, text=payload.text)
    return _ok(message)


@staff.post("/messages/{pk}/reassign", response=OkOut)
def reassign(request, pk: int, payload: ReassignIn):
    message = _message(request, pk)
    unit = Unit.objects.filter(code=payload.unit_code).first()
    if unit is None:
        raise NotFound(gettext_noop("No unit has the code %(code)s."), {"code": payload.unit_code})
    services.message_reassign(actor=request.user, message=message, unit=unit, reason=payload.reason)
    return _ok(message)


@staff.post("/messages/{pk}/hide", response=OkOut)
def hide(request, pk: int, payload: ReasonIn):
    message = _message(request, pk)
    services.message_hide(actor=request.user, message=message, reason=payload.reason)
    return _ok(message)


@staff.post("/messages/{pk}/topic", response=OkOut)
def topic(request, pk: int, payload: TopicIn):
    message = _message(request, pk)
    services.message_set_topic(actor=request.user, message=message, topic=payload.topic)
    return _ok(message)


class AnalysisRowOut(Schema):
    unit: str
    code: str
    volume: int
    answered: int
    overdue: int
    reply_days_mean: int | None
    satisfaction_tenths: int | None


@staff.get("/analysis/{code}", response=list[AnalysisRowOut])
def analysis_rows(request, code: str):
    unit = org_selectors.unit_for_staff(request.user, code)
    return [
        {
            "unit": r.unit.name,
            "code": r.unit.code,
            "volume": r.volume,
            "answered": r.answered,
            "overdue": r.overdue,
            "reply_days_mean": r.reply_days_mean,
            "satisfaction_tenths": r.satisfaction_tenths,
        }
        for r in analysis.rows(unit, viewer=request.user)
    ]
