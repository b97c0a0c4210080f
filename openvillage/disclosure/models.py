"""Disclosure: catalogue versions, items and their published versions, attachments, dues,
timeliness tallies, notices and view counts (disclosure.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvillage.disclosure.rules import states


class CatalogueVersion(models.Model):
    """One loaded catalogue: the YAML as given, and its parsed categories and matters.

    Exactly one version is current at a time; items keep the version they were written under.
    """

    region = models.CharField(_("region"), max_length=40)
    version = models.CharField(_("version"), max_length=40)
    effective_date = models.DateField(_("effective date"))
    name = models.CharField(_("name"), max_length=200)
    yaml_text = models.TextField(_("YAML"))
    sha256 = models.CharField(max_length=64)
    # {"modules": [{code, slug, zh, en}], "categories": [{code, module, zh, en, matters: [...]}]}
    data = models.JSONField(default=dict)
    is_current = models.BooleanField(default=False)
    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="catalogue_version_once"),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="catalogue_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.version}"


class State(models.TextChoices):
    """The labels of the item's states; the moves between them are in rules/states.py."""

    DRAFT = states.DRAFT, _("Draft")
    SUBMITTED = states.SUBMITTED, _("Submitted to the town")
    RETURNED = states.RETURNED, _("Returned by the town")
    APPROVED = states.APPROVED, _("Approved by the town")
    PUBLISHED = states.PUBLISHED, _("Published")
    WITHDRAWN = states.WITHDRAWN, _("Withdrawn")


class Item(models.Model):
    """One disclosure: the working copy a clerk edits, and the state of its workflow.

    What the public sees are its :class:`ItemVersion` rows, never this working copy.
    """

    village = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="+")
    module = models.CharField(_("module"), max_length=20)
    category = models.CharField(_("category"), max_length=60)
    matter = models.CharField(_("matter"), max_length=60)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)  # sanitized HTML
    statement = models.JSONField(_("finance statement"), null=True, blank=True)
    people = models.JSONField(_("list of people"), default=list, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(blank=True)
    amendment_reason = models.TextField(blank=True)  # the reason of the pending amendment
    withdrawal_reason = models.TextField(blank=True)
    published_version = models.PositiveIntegerField(default=0)  # 0: nothing public yet
    first_published_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    search_tokens = models.TextField(blank=True, editable=False)  # " tok tok ... " of public text
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["village", "module", "-last_published_at"], name="disclosure_public_idx"
            ),
            models.Index(fields=["unit_path", "state"], name="disclosure_staff_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.published_version > 0


class ItemVersion(models.Model):
    """One published version: a frozen, masked snapshot; amendments add versions."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    catalogue = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=60)
    matter = models.CharField(max_length=60)
    period_start = models.DateField()
    period_end = models.DateField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)  # sanitized and masked HTML
    statement = models.JSONField(null=True, blank=True)
    people = models.JSONField(default=list, blank=True)  # masked rows
    attachments = models.JSONField(default=list, blank=True)  # [{id, name, sha256, ...}]
    reason = models.TextField(blank=True)  # why this amendment (empty for version 1)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ledger_entry_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Named by content hash so that the original file name never reaches the file system.
    return f"disclosure/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class Attachment(models.Model):
    """A PDF, JPEG or PNG of an item; the type is sniffed from the bytes, images re-encoded."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Due(models.Model):
    """One periodic disclosure a village owes for a matter and period; published_on when done."""

    village = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True)
    matter = models.CharField(max_length=60)
    label = models.CharField(max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()
    deadline = models.DateField(db_index=True)
    published_on = models.DateField(null=True, blank=True)
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["village", "matter", "period_start", "period_end"], name="due_once"
            )
        ]
        indexes = [models.Index(fields=["published_on", "deadline"], name="due_open_idx")]

    def __str__(self) -> str:
        return f"{self.matter} {self.label}"


class Timeliness(models.Model):
    """Pre-aggregated timeliness of one village (refreshed daily and on publication)."""

    village = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+")
    town = models.ForeignKey("org.Unit", null=True, on_delete=models.CASCADE, related_name="+")
    due_count = models.PositiveIntegerField(default=0)
    on_time_count = models.PositiveIntegerField(default=0)
    overdue_count = models.PositiveIntegerField(default=0)
    as_of = models.DateField()

    def __str__(self) -> str:
        return f"{self.village_id}: {self.on_time_count}/{self.due_count}"


class Notice(models.Model):
    """A due-soon or overdue reminder to one staff member (console, and e-mail if configured)."""

    KINDS = [("due_soon", _("Due soon")), ("overdue", _("Overdue"))]
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    due = models.ForeignKey(Due, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=KINDS)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "due", "kind"], name="notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_id} -> {self.recipient_id}"


class ViewDay(models.Model):
    """How many times an item's page was served on one day; no reader is identified."""

    # Counting a view is not a write the reader must see next: it leaves them on the replicas.
    pins_reads = False

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "day"], name="view_day_once")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.day}: {self.count}"


class VillageStamp(models.Model):
    """When a village's public disclosures last changed: the validator of its public pages."""

    village = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+")
    changed_at = models.DateTimeField()
    changes = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.village_id} {self.changed_at:%Y-%m-%d %H:%M}"


class StatementColumns(models.Model):
    """Which columns of a village's accounting-software export hold the statement's lines: the
    clerk saves the headings once, and every later month's file is read with them."""

    village = models.OneToOneField("org.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("Column of income or expenditure"), max_length=60, blank=True)
    account = models.CharField(_("Column of the account code"), max_length=60)
    name = models.CharField(_("Column of the account name"), max_length=60, blank=True)
    amount = models.CharField(_("Column of the amount"), max_length=60)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.village_id}: {self.account} {self.amount}"
