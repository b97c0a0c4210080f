"""Villagers' messages: the message and its routing, deadlines, replies and notes, images,
reassignments, reminders, and the versions of the topic classifier (disclosure.md §8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvillage.feedback.rules import states


class Kind(models.TextChoices):
    QUESTION = "question", _("Question")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report of misconduct")


class Topic(models.TextChoices):
    FINANCE = "finance", _("Finance")
    LAND = "land_and_homestead", _("Land and homestead")
    SUBSIDIES = "subsidies", _("Subsidies and low-income support")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SANITATION = "sanitation", _("Sanitation")
    CADRE_CONDUCT = "cadre_conduct", _("Cadre conduct")
    ELECTIONS = "elections", _("Elections")
    OTHER = "other", _("Other")


class TopicSource(models.TextChoices):
    RULES = "rules", _("Keyword rules")
    MODEL = "model", _("Model")
    STAFF = "staff", _("Staff")


class Status(models.TextChoices):
    """The labels of a message's statuses; the moves between them are in rules/states.py."""

    OPEN = states.OPEN, _("Waiting for a reply")
    REPLIED = states.REPLIED, _("Answered")
    REOPENED = states.REOPENED, _("Reopened")
    CLOSED = states.CLOSED, _("Closed")


class Lateness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    VERY_LATE = "very_late", _("Very late")


class Message(models.Model):
    """A villager's message on a village, a module or one disclosure item.

    ``routed_unit`` handles it (by module and kind, or one level above a named cadre);
    ``assigned_unit`` is where it is now (equal, or above after escalation). Staff see a message
    when either unit is in their scope. ``cadre_scope_path`` is the subtree of the named cadre:
    nobody whose unit lies in it may read who wrote the message (selectors.reporter_visible).
    The text is never changed: hiding it (moderation) only sets ``hidden_*``.
    """

    village = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    village_path = models.CharField(max_length=120, db_index=True, editable=False)
    module = models.CharField(_("module"), max_length=20, blank=True)
    item = models.ForeignKey(
        "disclosure.Item",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("disclosure"),
    )
    villager = models.ForeignKey(
        "accounts.Villager", on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("message"))
    anonymous = models.BooleanField(_("anonymous to the public"), default=False)
    private = models.BooleanField(_("private (reply not published)"), default=False)
    named_term = models.ForeignKey(
        "org.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    named_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    named_label = models.CharField(max_length=120, blank=True)
    cadre_level = models.PositiveSmallIntegerField(null=True, blank=True)
    cadre_scope_path = models.CharField(max_length=120, blank=True)
    routed_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    routed_path = models.CharField(max_length=120, db_index=True)
    assigned_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    assigned_path = models.CharField(max_length=120, db_index=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("reply due on"))
    very_late_on = models.DateField()
    lateness = models.CharField(max_length=10, choices=Lateness.choices, default=Lateness.ON_TIME)
    escalations = models.PositiveSmallIntegerField(default=0)
    reminded_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    first_replied_at = models.DateTimeField(null=True, blank=True)
    replied_on = models.DateField(null=True, blank=True)
    reply_days = models.PositiveIntegerField(null=True, blank=True)  # calendar days to reply
    closed_at = models.DateTimeField(null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopens = models.PositiveSmallIntegerField(default=0)
    reopen_reason = models.TextField(blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    topic_source = models.CharField(max_length=8, choices=TopicSource.choices)
    topic_model_version = models.PositiveIntegerField(null=True, blank=True)
    topic_labelled_at = models.DateTimeField(null=True, blank=True)  # staff confirmed/corrected
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["assigned_path", "status", "-created_at"], name="fb_inbox_idx"),
            models.Index(fields=["routed_path", "-created_at"], name="fb_routed_idx"),
            models.Index(fields=["village", "-created_at"], name="fb_village_idx"),
            models.Index(fields=["item", "-created_at"], name="fb_item_idx"),
            models.Index(fields=["villager", "-created_at"], name="fb_villager_idx"),
            models.Index(fields=["status", "due_on"], name="fb_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="fb_satisfaction_1_to_5",
            ),
            models.CheckConstraint(condition=Q(reopens__lte=1), name="fb_reopen_once"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"

    @property
    def unit_path(self) -> str:
        """The scope its audit rows are filed under: the village's (as for every village row)."""
        return self.village_path


class Reply(models.Model):
    """A public reply (shown with the villager's name masked) or a private staff note."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("text"))
    is_note = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["message_id", "created_at", "id"]
        indexes = [models.Index(fields=["message", "is_note"], name="fb_reply_msg_idx")]

    def __str__(self) -> str:
        return f"reply {self.pk}"


class Assignment(models.Model):
    """One step of routing: first route, reassignment, escalation or reopening, with its reason."""

    KINDS = [
        ("route", _("Routed")),
        ("reassign", _("Reassigned")),
        ("escalate", _("Escalated (overdue)")),
        ("reopen", _("Reopened")),
    ]
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(max_length=10, choices=KINDS)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["message_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} -> {self.unit_id}"


def image_path(instance: MessageImage, filename: str) -> str:
    return f"feedback/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class MessageImage(models.Model):
    """A JPEG or PNG sent with a message, checked and re-encoded like disclosure attachments."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="images")
    file = models.FileField(upload_to=image_path, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """A due-soon reminder or an overdue escalation notice, sent once per message and kind."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10)  # due_soon, late, very_late
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "kind"], name="fb_reminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id}"


class ClassifierVersion(models.Model):
    """One trained topic model: where its file is, how many labels, accuracy on held-out labels."""

    version = models.PositiveIntegerField(unique=True)
    path = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    labels = models.PositiveIntegerField()
    held_out = models.PositiveIntegerField()
    correct = models.PositiveIntegerField()
    trained_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"classifier v{self.version}"

    @property
    def accuracy_permille(self) -> int:
        return (1000 * self.correct) // self.held_out if self.held_out else 0
