"""Power list versions, cases with their step records, objections, supervision flags,
violations and accountability measures (decisions.md; issue 6).

A case keeps the power list version it was opened under (``Case.power_list``): the procedure is
always read from that version's YAML, so a new list never changes a case already under way.
Step records are never edited: a redone step marks the old records ``superseded``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvillage.decisions.rules import states


class PowerListVersion(models.Model):
    """One loaded version of a region's power list (the YAML is kept verbatim)."""

    region = models.CharField(_("region"), max_length=40)
    version = models.CharField(_("version"), max_length=40)
    yaml_text = models.TextField(_("YAML"))
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_current = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("power list version")
        ordering = ["-loaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="powerlist_region_version"),
            models.UniqueConstraint(
                fields=["region"], condition=Q(is_current=True), name="powerlist_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.version}"


class CaseStatus(models.TextChoices):
    """The labels of a case's statuses; the moves between them are in rules/states.py."""

    OPEN = states.OPEN, _("Open")
    COMPLETED = states.COMPLETED, _("Completed")
    REJECTED = states.REJECTED, _("Rejected")


class Case(models.Model):
    """A matter handled under one power of the list (办理事项), e.g. leasing the fish pond."""

    village = models.ForeignKey(
        "org.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    power_list = models.ForeignKey(PowerListVersion, on_delete=models.PROTECT, related_name="cases")
    power_code = models.CharField(_("power"), max_length=60)
    procedure_code = models.CharField(_("procedure"), max_length=60)
    variant = models.CharField(_("variant"), max_length=60, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (yuan)"), null=True, blank=True)
    description = models.TextField(_("description"))
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    close_reason = models.TextField(blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    resolution_item = models.ForeignKey(
        "disclosure.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_item = models.ForeignKey(
        "disclosure.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ledger_entry_id = models.BigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["village", "status"], name="case_village_status_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.power_code}"

    @property
    def is_closed(self) -> bool:
        return self.status != CaseStatus.OPEN


class StepRecord(models.Model):
    """What happened at one step: a meeting with attendance and votes, an approval, a task or a
    publication (decisions.md D4). ``superseded`` records were redone and no longer count."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="records")
    seq = models.PositiveIntegerField()
    step_code = models.CharField(_("step"), max_length=60)
    kind = models.CharField(max_length=12)
    body = models.CharField(_("body"), max_length=40)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    merged = models.BooleanField(default=False)
    concurrent_secretary_director = models.BooleanField(default=False)
    authorized = models.BooleanField(default=False)
    approved = models.BooleanField(null=True, blank=True)
    should_attend = models.PositiveIntegerField(_("should attend"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstaining"), default=0)
    households = models.PositiveIntegerField(null=True, blank=True)
    households_represented = models.PositiveIntegerField(null=True, blank=True)
    expected = models.ManyToManyField("org.Person", related_name="+", blank=True)
    attendees = models.ManyToManyField("org.Person", related_name="+", blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    outcome = models.CharField(max_length=12)
    disclosure_item = models.ForeignKey(
        "disclosure.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("step record")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="steprecord_case_seq"),
            models.CheckConstraint(
                condition=Q(present__isnull=True) | Q(present__lte=models.F("should_attend")),
                name="steprecord_present_le_should_attend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.step_code} {self.held_on}"

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


class StepNotice(models.Model):
    """The notice of a meeting, given before it is held (e.g. the plan sent to every party member
    3 days ahead, §3 step 3): the engine's notice rule tells from when the meeting may be held.
    The latest notice of the step counts; the meeting record takes its date."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    step_code = models.CharField(_("step"), max_length=60)
    body = models.CharField(_("body"), max_length=40)
    notice_given_on = models.DateField(_("notice given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notice of a meeting")
        ordering = ["case", "-notice_given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.step_code} {self.notice_given_on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"decisions/{instance.record.case_id}/{instance.sha256[:16]}.{instance.extension}"


class Evidence(models.Model):
    """A file proving a step: minutes, sign-in sheet, photos (type checked from the bytes)."""

    record = models.ForeignKey(StepRecord, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=40)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=5)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"


class CaseObjection(models.Model):
    """A villager's objection during a publicity period; it must be answered before the case
    proceeds. Recorded by the clerk now, by the feedback app later (``source``)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="objections")
    text = models.TextField(_("objection"))
    received_on = models.DateField(_("received on"))
    source = models.CharField(max_length=20, default="clerk")
    source_ref = models.CharField(max_length=60, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.text[:40]}"


class FlagResolution(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    REDONE = "redone", _("Step to be redone")


class StepFlag(models.Model):
    """The supervision committee marks a step as irregular; it must be redone or answered."""

    record = models.ForeignKey(StepRecord, on_delete=models.PROTECT, related_name="flags")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="flags")
    reason = models.TextField(_("reason"))
    raised_on = models.DateField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.CharField(max_length=10, choices=FlagResolution.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.reason[:40]}"


class ViolationStatus(models.TextChoices):
    TO_REVIEW = states.TO_REVIEW, _("To review")
    RECORDED = states.RECORDED, _("Recorded")


class Violation(models.Model):
    """A misconduct record (decisions.md §7, A1): kind, cadres concerned, case or facts."""

    village = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    status = models.CharField(max_length=10, choices=ViolationStatus.choices)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facts = models.TextField(_("facts"))
    power_code = models.CharField(max_length=60, blank=True)
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    cadres = models.ManyToManyField("org.Person", related_name="violations", blank=True)
    evidence_note = models.TextField(_("evidence"), blank=True)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.recorded_on})"


class Accountability(models.Model):
    """A measure appended to a violation (decisions.md §7 measures), decided one level above."""

    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="measures")
    person = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("measure"), max_length=40)
    deciding_level = models.CharField(_("deciding level"), max_length=10)
    decided_on = models.DateField(_("decided on"))
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["violation", "decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.decided_on})"


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class StepReview(models.Model):
    """The village supervision committee's review of one step record (D7: it follows every step):
    approved, or returned with a reason, which also flags the step so that the case waits until
    the clerk answers or redoes it. One review per record; a redone step is reviewed anew."""

    record = models.OneToOneField(StepRecord, on_delete=models.PROTECT, related_name="review")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    flag = models.OneToOneField(
        StepFlag, null=True, blank=True, on_delete=models.PROTECT, related_name="review"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review of a step")
        ordering = ["case", "record__seq"]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.outcome}"
