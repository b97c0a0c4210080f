"""Writes of villagers' messages: post, route, reassign, reply, note, rate, reopen, hide, topic.

Villagers act through their session (``accounts.villager_session.current_villager``) and only
in their own village; staff act by scope with the FEEDBACK domain, and never on a message that
names them or someone above them in their own subtree (``selectors.in_cadre_scope``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openvillage.core import calendar, permissions, writes
from openvillage.core.audit import audit_log
from openvillage.core.clock import local_today
from openvillage.core.errors import DomainError, InvalidInput, NotAllowed, WrongState
from openvillage.core.text import clean_text, gettext_noop
from openvillage.disclosure import attachments
from openvillage.disclosure.rules.catalogue import MODULE_SLUGS
from openvillage.feedback import classify, selectors
from openvillage.feedback.audit_actions import MESSAGE, TOPIC
from openvillage.feedback.models import (
    Assignment,
    Kind,
    Lateness,
    Message,
    MessageImage,
    Reply,
    Topic,
    TopicSource,
)
from openvillage.feedback.rules import closure, deadlines, routing, states
from openvillage.org.models import Term, Unit


class TooManyMessages(DomainError):
    """Over the villager's message rate limit (HTTP 429)."""

    http_status = 429


def _add_working_days(start: date, n: int) -> date:
    return calendar.add_working_days(start, n).date


def level_of(unit: Unit) -> int:
    return routing.LEVELS[unit.level]


def unit_at_level(village: Unit, level: int) -> Unit:
    """The village itself, its town or its county."""
    unit = village
    while level_of(unit) < level and unit.parent_id is not None:
        unit = unit.parent if unit.parent_id else unit
    return unit


def _deadlines(kind: str, received_on: date) -> deadlines.Deadlines:
    return deadlines.deadlines(
        received_on,
        settings.FEEDBACK_REPLY_WORKING_DAYS[kind],
        _add_working_days,
        settings.FEEDBACK_VERY_LATE_WORKING_DAYS,
    )


def _villager_label(villager: Any) -> str:
    return f"villager {villager.pk}"


# --- posting ----------------------------------------------------------------------------------


def _check_villager(villager: Any, village: Unit) -> None:
    if villager is None or not villager.is_active:
        raise NotAllowed(gettext_noop("Please sign in as a verified villager first."))
    if villager.village_id != village.pk:
        raise NotAllowed(
            gettext_noop(
                "You can leave messages only in your own village, %(village)s; this page is "
                "another village's."
            ),
            {"village": villager.village.name},
            code="other_village",
        )


def _check_rate(villager: Any) -> None:
    now = timezone.now()
    mine = Message.objects.filter(villager=villager)
    hour = mine.filter(created_at__gte=now - timedelta(hours=1)).count()
    day = mine.filter(created_at__gte=now - timedelta(days=1)).count()
    if hour >= settings.FEEDBACK_MESSAGES_PER_HOUR or day >= settings.FEEDBACK_MESSAGES_PER_DAY:
        raise TooManyMessages(
            gettext_noop(
                "You have sent many messages in a short time. Please wait a while; what you "
                "wrote is still in the form."
            ),
            code="too_many_messages",
        )


def _clean_text(text: str) -> str:
    text = clean_text(text, field="text").text
    if not text:
        raise InvalidInput(gettext_noop("Please write your message."), field="text")
    limit = settings.FEEDBACK_TEXT_MAX_CHARS
    if len(text) > limit:
        raise InvalidInput(
            gettext_noop("The message is %(length)s characters long; the limit is %(limit)s."),
            {"length": len(text), "limit": limit},
            field="text",
        )
    return text


def clean_images(images: Sequence[tuple[str, bytes]]) -> list[attachments.CleanFile]:
    """Check each image like a disclosure attachment (type from the bytes, re-encoded)."""
    if len(images) > settings.FEEDBACK_IMAGES_PER_MESSAGE:
        raise InvalidInput(
            gettext_noop("At most %(n)s pictures can go with one message."),
            {"n": settings.FEEDBACK_IMAGES_PER_MESSAGE},
            field="images",
        )
    cleaned = []
    for name, content in images:
        if len(content) > settings.FEEDBACK_IMAGE_MAX_BYTES:
            raise InvalidInput(
                gettext_noop("The picture %(name)s is too large: the limit is %(limit)s MB."),
                {"name": name, "limit": settings.FEEDBACK_IMAGE_MAX_BYTES // (1024 * 1024)},
                field="images",
            )
        try:
            clean = attachments.clean_upload(name, content)
        except InvalidInput as error:
            error.field = "images"
            raise
        if not clean.content_type.startswith("image/"):
            raise InvalidInput(
                gettext_noop("%(name)s is not a picture: send a JPEG or PNG photo."),
                {"name": name},
                field="images",
            )
        cleaned.append(clean)
    return cleaned


def _named(village: Unit, named_term: Term | None, named_staff: Any) -> tuple[int | None, str, str]:
    """(cadre level, scope path, label) of the named cadre, checked against the village."""
    if named_term is not None:
        if named_term.village_id != village.pk or named_term.ended_on is not None:
            raise InvalidInput(
                gettext_noop("Choose a cadre from the village's current team."), field="named"
            )
        return routing.VILLAGE, village.path, str(named_term)
    if named_staff is not None:
        unit = getattr(named_staff, "unit", None)
        if unit is None or not village.path.startswith(unit.path):
            raise InvalidInput(
                gettext_noop("Choose a cadre of this village or of the town above it."),
                field="named",
            )
        label = named_staff.get_full_name() or named_staff.get_username()
        return level_of(unit), unit.path, label
    return None, "", ""


def _target(village: Unit, item: Any, module: str) -> str:
    if item is not None:
        if item.village_id != village.pk or not item.is_public:
            raise InvalidInput(
                gettext_noop("This disclosure is not published in this village."), field="item"
            )
        return item.module
    if module and module not in MODULE_SLUGS:
        raise InvalidInput(gettext_noop("Choose one of the village's modules."), field="module")
    return module


def message_post(
    *,
    villager: Any,
    village: Unit,
    kind: str,
    text: str,
    module: str = "",
    item: Any = None,
    named_term: Term | None = None,
    named_staff: Any = None,
    anonymous: bool = False,
    private: bool = False,
    images: Sequence[tuple[str, bytes]] = (),
) -> Message:
    """Post a villager's message: check, classify, route, set deadlines, audit (with identity)."""
    _check_villager(villager, village)
    if kind not in Kind.values:
        raise InvalidInput(gettext_noop("Choose the kind of message."), field="kind")
    if anonymous and kind != Kind.REPORT:
        raise InvalidInput(
            gettext_noop("Only a report of misconduct can be anonymous to the public."),
            field="anonymous",
        )
    text = _clean_text(text)
    module = _target(village, item, module)
    cadre_level, cadre_path, cadre_label = _named(village, named_term, named_staff)
    cleaned = clean_images(images)
    level = routing.route_level(module, kind, cadre_level, settings.FEEDBACK_ROUTES)
    unit = unit_at_level(village, level)
    received_on = local_today()
    due = _deadlines(kind, received_on)
    topic, source, version = classify.classify(text)
    with transaction.atomic():
        # Messages sent at the same moment queue here, so that each counts the ones before it.
        type(villager).objects.select_for_update().filter(pk=villager.pk).first()
        _check_rate(villager)
        message = Message.objects.create(
            village=village,
            village_path=village.path,
            module=module,
            item=item,
            villager=villager,
            kind=kind,
            text=text,
            anonymous=anonymous,
            private=private,
            named_term=named_term,
            named_staff=named_staff,
            named_label=cadre_label[:120],
            cadre_level=cadre_level,
            cadre_scope_path=cadre_path,
            routed_unit=unit,
            routed_path=unit.path,
            assigned_unit=unit,
            assigned_path=unit.path,
            received_on=received_on,
            due_on=due.due_on,
            very_late_on=due.very_late_on,
            topic=topic,
            topic_source=source,
            topic_model_version=version,
        )
        for clean in cleaned:
            image = MessageImage(
                message=message,
                name=clean.name,
                content_type=clean.content_type,
                extension=clean.extension,
                size=len(clean.content),
                sha256=clean.sha256,
            )
            image.file.save(clean.name, ContentFile(clean.content), save=False)
            image.save()
        reason = gettext_noop("named cadre") if cadre_level is not None else ""
        Assignment.objects.create(message=message, kind="route", unit=unit, reason=reason)
        # The audit log always knows who wrote, anonymous or not.
        audit_log(
            actor=_villager_label(villager),
            action=MESSAGE["post"],
            obj=message,
            changes={
                "villager": [None, villager.pk],
                "kind": [None, kind],
                "anonymous": [None, anonymous],
                "routed_unit": [None, unit.code],
                "named": [None, cadre_label],
                "due_on": [None, due.due_on],
            },
        )
    return message


# --- staff ------------------------------------------------------------------------------------


def _locked(message: Message) -> Message:
    return writes.locked(message, "village")


def require_handler(actor: Any, message: Message) -> None:
    """Staff who may act on the message: it is in their scope, their role writes feedback, and
    they are not the named cadre nor anyone the cadre supervises."""
    if not selectors.visible_to(actor, message):
        raise NotAllowed(gettext_noop("This record is outside your area."))
    path = (
        message.assigned_path
        if permissions.can_read(actor, message.assigned_path)
        else (message.routed_path)
    )
    permissions.require_write(actor, path, permissions.FEEDBACK)


def _require_open(message: Message) -> None:
    closure.require_not_closed(message.status, local_today(), message.replied_on)


def message_reassign(*, actor: Any, message: Message, unit: Unit, reason: str) -> Message:
    """Hand the message to another unit of the village's chain, with a reason (never down into
    the named cadre's scope)."""
    reason = clean_text(reason, field="reason").text
    if not reason:
        raise InvalidInput(gettext_noop("Give the reason for the reassignment."), field="reason")
    with transaction.atomic():
        message = _locked(message)
        require_handler(actor, message)
        _require_open(message)
        if not message.village_path.startswith(unit.path):
            raise InvalidInput(
                gettext_noop("Choose the village, its town or the county."), field="unit"
            )
        if not routing.allowed_target(level_of(unit), message.cadre_level):
            raise NotAllowed(
                gettext_noop("This message names a cadre; it must stay above that cadre's level."),
                code="cadre_scope",
            )
        before = message.assigned_unit_id
        message.routed_unit = message.assigned_unit = unit
        message.routed_path = message.assigned_path = unit.path
        message.save(update_fields=["routed_unit", "routed_path", "assigned_unit", "assigned_path"])
        Assignment.objects.create(
            message=message, kind="reassign", unit=unit, reason=reason, by=actor
        )
        audit_log(
            actor=actor,
            action=MESSAGE["reassign"],
            obj=message,
            changes={"assigned_unit": [before, unit.pk]},
            note=reason,
        )
    return message


def message_reply(*, actor: Any, message: Message, text: str) -> Reply:
    """Publish a reply (shown with the villager's name masked unless the message is private)."""
    text = _clean_text(text)
    now = timezone.now()
    today = local_today()
    with transaction.atomic():
        message = _locked(message)
        require_handler(actor, message)
        _require_open(message)
        reply = Reply.objects.create(
            message=message,
            author=actor,
            author_unit=actor.unit or message.assigned_unit,
            text=text,
            created_at=now,
        )
        changes: dict[str, Any] = {"replied_on": today}
        if message.first_replied_at is None:
            changes["first_replied_at"] = now
            changes["reply_days"] = (today - message.received_on).days
        writes.transition(
            message,
            "reply",
            actor=actor,
            table=states.MESSAGE,
            field="status",
            changes=changes,
            audited=(),
            audit={"reply": [None, reply.pk]},
        )
    return reply


def message_note(*, actor: Any, message: Message, text: str) -> Reply:
    """Add a private staff note (never public; allowed after closure too)."""
    text = _clean_text(text)
    with transaction.atomic():
        message = _locked(message)
        require_handler(actor, message)
        note = Reply.objects.create(
            message=message,
            author=actor,
            author_unit=actor.unit or message.assigned_unit,
            text=text,
            is_note=True,
        )
        audit_log(
            actor=actor, action=MESSAGE["note"], obj=message, changes={"note": [None, note.pk]}
        )
    return note


def message_hide(*, actor: Any, message: Message, reason: str) -> Message:
    """Hide abusive content from the public with a reason; the text is kept for audit."""
    reason = clean_text(reason, field="reason").text
    if not reason:
        raise InvalidInput(gettext_noop("Give the reason for hiding."), field="reason")
    with transaction.atomic():
        message = _locked(message)
        require_handler(actor, message)
        if message.hidden_at is not None:
            raise WrongState(gettext_noop("This message is already hidden."))
        message.hidden_at = timezone.now()
        message.hidden_reason = reason
        message.hidden_by = actor
        message.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
        audit_log(
            actor=actor,
            action=MESSAGE["hide"],
            obj=message,
            changes={"hidden_at": [None, message.hidden_at]},
            note=reason,
        )
    return message


def message_set_topic(*, actor: Any, message: Message, topic: str) -> Message:
    """Confirm (same topic) or correct the topic; the label feeds the model's training."""
    if topic not in Topic.values:
        raise InvalidInput(gettext_noop("Choose a topic."), field="topic")
    with transaction.atomic():
        message = _locked(message)
        require_handler(actor, message)
        before = message.topic
        message.topic = topic
        message.topic_source = TopicSource.STAFF
        message.topic_labelled_at = timezone.now()
        message.save(update_fields=["topic", "topic_source", "topic_labelled_at"])
        action = TOPIC["confirm"] if before == topic else TOPIC["correct"]
        audit_log(actor=actor, action=action, obj=message, changes={"topic": [before, topic]})
    return message


def topic_confirm(*, actor: Any, message: Message) -> Message:
    return message_set_topic(actor=actor, message=message, topic=message.topic)


def topic_correct(*, actor: Any, message: Message, topic: str) -> Message:
    return message_set_topic(actor=actor, message=message, topic=topic)


# --- villager after the reply -----------------------------------------------------------------


def _own(villager: Any, message: Message) -> Message:
    locked = _locked(message)
    if villager is None or not villager.is_active or locked.villager_id != villager.pk:
        raise NotAllowed(gettext_noop("This is not one of your messages."))
    return locked


def message_rate(*, villager: Any, message: Message, satisfaction: int) -> Message:
    """The villager rates the answer (1 to 5) while the message is not closed."""
    closure.validate_satisfaction(int(satisfaction))
    with transaction.atomic():
        message = _own(villager, message)
        _require_open(message)
        writes.transition(
            message,
            "rate",
            actor=_villager_label(villager),
            table=states.MESSAGE,
            field="status",
            changes={"satisfaction": int(satisfaction), "rated_at": timezone.now()},
            audited=("satisfaction",),
        )
    return message


def message_reopen(*, villager: Any, message: Message, reason: str) -> Message:
    """Reopen once within the window; the message goes one level up (Q7) with new deadlines."""
    reason = clean_text(reason, field="reason").text
    if not reason:
        raise InvalidInput(gettext_noop("Say why the answer does not settle it."), field="reason")
    today = local_today()
    with transaction.atomic():
        message = _own(villager, message)
        closure.require_can_reopen(message.status, today, message.replied_on, message.reopens)
        level = routing.level_above(level_of(message.assigned_unit))
        unit = unit_at_level(message.village, level)
        due = _deadlines(message.kind, today)
        writes.transition(
            message,
            "reopen",
            actor=_villager_label(villager),
            table=states.MESSAGE,
            field="status",
            changes={
                "reopens": message.reopens + 1,
                "reopen_reason": reason,
                "routed_unit": unit,
                "routed_path": unit.path,
                "assigned_unit": unit,
                "assigned_path": unit.path,
                "received_on": today,
                "due_on": due.due_on,
                "very_late_on": due.very_late_on,
                "lateness": Lateness.ON_TIME,
                "escalations": 0,
                "reminded_on": None,
            },
            audited=(),
            audit={"assigned_unit": [None, unit.code]},
            note=reason,
        )
        message.reminders.all().delete()
        Assignment.objects.create(message=message, kind="reopen", unit=unit, reason=reason)
    return message


# --- the daily job ----------------------------------------------------------------------------


def messages_daily(today: date | None = None) -> dict[str, int]:
    """Close answered messages past their window, send reminders, escalate overdue ones."""
    from openvillage.feedback.models import Reminder

    today = today or local_today()
    started = timezone.now()
    counts = {"closed": 0, "reminded": 0, "escalated": 0}
    last_reopen_day = today - timedelta(days=closure.REOPEN_DAYS)
    counts["closed"] = writes.transition_all(
        Message.objects.filter(replied_on__lt=last_reopen_day),
        "close",
        actor="system",
        table=states.MESSAGE,
        field="status",
        changes={"closed_at": timezone.now()},
    )
    waiting = Message.objects.filter(status__in=states.WAITING)
    soon = today + timedelta(days=settings.FEEDBACK_REMINDER_DAYS)
    for message in waiting.filter(due_on__gte=today, due_on__lte=soon, reminded_on__isnull=True):
        with transaction.atomic():
            Reminder.objects.get_or_create(
                message=message, kind="due_soon", defaults={"unit": message.assigned_unit}
            )
            Message.objects.filter(pk=message.pk).update(reminded_on=today)
        counts["reminded"] += 1
    for message in waiting.filter(due_on__lt=today).select_related("routed_unit", "village"):
        counts["escalated"] += _escalate(message, today)
    counts["mailed"] = _mail_reminders(since=started)
    return counts


def _mail_reminders(*, since) -> int:
    """One e-mail per staff member whose unit received reminders or escalations in this run."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.utils import translation

    from openvillage.core.permissions import FEEDBACK, can_write
    from openvillage.feedback.models import Reminder

    per_unit: dict[int, int] = {}
    for unit_id in Reminder.objects.filter(created_at__gte=since).values_list("unit_id", flat=True):
        per_unit[unit_id] = per_unit.get(unit_id, 0) + 1
    staff = get_user_model().objects.filter(unit_id__in=per_unit, is_active=True).exclude(email="")
    sent = 0
    for user in staff.select_related("unit"):
        if not can_write(user, user.unit.path, FEEDBACK):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Villagers' messages need your reply")
            body = _(
                "%(n)s villagers' messages for %(unit)s are due soon or past their reply "
                "deadline. Open the staff console: %(url)s"
            ) % {
                "n": per_unit[user.unit_id],
                "unit": user.unit.name,
                "url": settings.PUBLIC_BASE_URL + "/staff/feedback/",
            }
        send_mail(subject, body, None, [user.email], fail_silently=True)
        sent += 1
    return sent


def _escalate(message: Message, today: date) -> int:
    from openvillage.feedback.models import Reminder

    late = deadlines.lateness(today, message.due_on, message.very_late_on)
    target = routing.escalation_level(level_of(message.routed_unit), late)
    with transaction.atomic():
        locked = _locked(message)
        moved = 0
        fields = []
        if locked.lateness != late:
            locked.lateness = late
            fields.append("lateness")
        if target > level_of(locked.assigned_unit):
            unit = unit_at_level(locked.village, target)
            locked.assigned_unit, locked.assigned_path = unit, unit.path
            locked.escalations += 1
            fields += ["assigned_unit", "assigned_path", "escalations"]
            Assignment.objects.create(message=locked, kind="escalate", unit=unit, reason=late)
            Reminder.objects.get_or_create(message=locked, kind=late, defaults={"unit": unit})
            audit_log(
                actor="system",
                action=MESSAGE["escalate"],
                obj=locked,
                changes={"assigned_unit": [None, unit.code], "lateness": [None, late]},
            )
            moved = 1
        if fields:
            locked.save(update_fields=fields)
    return moved
