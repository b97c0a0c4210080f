"""Reads of villagers' messages, by who asks.

- Staff see a message when its routed or assigned unit is in their scope, except a message that
  names a cadre whose scope holds the staff member's unit: a cadre, and anyone the cadre
  supervises, never sees it (:func:`in_cadre_scope`).
- Who wrote a message is returned only by :func:`staff_message` and only to someone outside
  the named cadre's scope (:func:`reporter_visible`); the inbox rows never carry it.
- The public sees replies with the villager's name masked (张**), "anonymous" for anonymous
  reports, nothing of private messages, and a notice instead of hidden text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from openvillage.core.errors import NotFound
from openvillage.core.masking import mask_name
from openvillage.core.permissions import scope_path
from openvillage.core.text import gettext_noop
from openvillage.feedback.models import Message, Reply, Status


def _prefixes(path: str) -> list[str]:
    """``/a/b/c/`` -> ``["/a/", "/a/b/", "/a/b/c/"]``: every subtree that holds the path."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def in_cadre_scope(user: Any, cadre_scope_path: str) -> bool:
    """Whether the user's unit lies in the named cadre's subtree (the cadre or a subordinate)."""
    if not cadre_scope_path:
        return False
    unit = getattr(user, "unit", None)
    return unit is not None and unit.path.startswith(cadre_scope_path)


def reporter_visible(user: Any, message: Message) -> bool:
    return not in_cadre_scope(user, message.cadre_scope_path)


def counted_for(user: Any) -> QuerySet[Message]:
    """Every message ``user`` may count in an analysis: none that names a cadre above them.

    Scope is checked by the caller (the unit analysed); this only takes out the messages about
    a cadre whose subtree holds the user's unit, so that counts cannot reveal a complaint the
    cadre's own inbox hides (issue 11 §13).
    """
    unit = getattr(user, "unit", None)
    if unit is None:
        return Message.objects.all()
    return Message.objects.exclude(cadre_scope_path__in=_prefixes(unit.path))


def _visible_q(user: Any) -> Q:
    prefix = scope_path(user)
    if prefix is None:
        return Q(pk__in=[])
    q = (
        Q()
        if prefix == ""
        else Q(assigned_path__startswith=prefix) | Q(routed_path__startswith=prefix)
    )
    unit = getattr(user, "unit", None)
    if unit is not None:
        q &= ~Q(cadre_scope_path__in=_prefixes(unit.path))
    return q


def visible_to(user: Any, message: Message) -> bool:
    prefix = scope_path(user)
    if prefix is None or in_cadre_scope(user, message.cadre_scope_path):
        return False
    return message.assigned_path.startswith(prefix) or message.routed_path.startswith(prefix)


INBOX_FIELDS = (
    "id",
    "kind",
    "topic",
    "status",
    "lateness",
    "module",
    "received_on",
    "due_on",
    "hidden_at",
    "village__name",
    "assigned_unit__name",
    "excerpt",
)


def inbox(user: Any, *, status: str = "", lateness: str = "", topic: str = "") -> QuerySet:
    """The staff inbox as plain rows (no reporter field at all), newest first; paginate it."""
    qs = Message.objects.filter(_visible_q(user))
    if status:
        qs = qs.filter(status=status)
    if lateness:
        qs = qs.filter(lateness=lateness)
    if topic:
        qs = qs.filter(topic=topic)
    return (
        qs.annotate(excerpt=Substr("text", 1, 60))
        .order_by("-created_at", "-id")
        .values(*INBOX_FIELDS)
    )


@dataclass(frozen=True)
class Reporter:
    name: str
    phone_masked: str
    villager_id: int


@dataclass(frozen=True)
class StaffMessage:
    message: Message
    reporter: Reporter | None  # None: the reader is in the named cadre's scope
    replies: list[Reply]
    assignments: list
    images: list


def staff_message(user: Any, pk: int) -> StaffMessage:
    """One message for a staff member, with the reporter only when they may see who wrote."""
    message = (
        Message.objects.filter(pk=pk)
        .select_related("village", "assigned_unit", "routed_unit", "item")
        .defer("villager")
        .first()
    )
    if message is None or not visible_to(user, message):
        raise NotFound(gettext_noop("No such message."))
    reporter = None
    if reporter_visible(user, message):
        from openvillage.accounts.models import Villager

        villager = Villager.objects.select_related("roll_entry__person").get(
            pk=Message.objects.filter(pk=pk).values_list("villager_id", flat=True)[0]
        )
        reporter = Reporter(villager.roll_entry.person.name, villager.phone, villager.pk)
    return StaffMessage(
        message=message,
        reporter=reporter,
        replies=list(message.replies.select_related("author", "author_unit")),
        assignments=list(message.assignments.select_related("unit", "by")),
        images=list(message.images.all()),
    )


# --- public and villager ----------------------------------------------------------------------


def public_name(message: Message) -> str:
    if message.anonymous:
        return _("Anonymous")
    return mask_name(message.villager.roll_entry.person.name)


def public_messages(*, village=None, item=None) -> QuerySet[Message]:
    """Answered, not private messages with their public replies, newest answer first."""
    qs = Message.objects.filter(private=False, first_replied_at__isnull=False)
    if village is not None:
        qs = qs.filter(village=village)
    if item is not None:
        qs = qs.filter(item=item)
    return (
        qs.select_related("villager__roll_entry__person")
        .only(
            "id",
            "kind",
            "text",
            "anonymous",
            "hidden_at",
            "hidden_reason",
            "received_on",
            "status",
            "module",
            "item_id",
            "first_replied_at",
            "villager__roll_entry__person__name",
        )
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(is_note=False).select_related("author_unit"),
                to_attr="public_replies",
            )
        )
        .order_by("-first_replied_at", "-id")
    )


def villager_messages(villager: Any) -> QuerySet[Message]:
    return (
        Message.objects.filter(villager=villager)
        .select_related("village", "assigned_unit")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(is_note=False).select_related("author_unit"),
                to_attr="public_replies",
            )
        )
        .order_by("-created_at", "-id")
    )


def villager_message(villager: Any, pk: int) -> Message:
    message = villager_messages(villager).filter(pk=pk).first()
    if message is None:
        raise NotFound(gettext_noop("No such message."))
    return message


OPEN_STATUSES = (Status.OPEN, Status.REOPENED)
