"""Supervision of village cadres: inspection rounds at three levels, the one problem list and its
rectification (supervision.md §2-§3), review meetings and satisfaction surveys (§4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openvillage.org.models import Person, Unit
from openvillage.supervision.rules import problems as rules


class Level(models.TextChoices):
    VILLAGE = "village", _("Village self-check")
    TOWN = "town", _("Town inspection")
    COUNTY = "county", _("County supervision")


class Mode(models.TextChoices):
    """The modes of §2 (Jiajiang's model)."""

    SELF_CHECK = "self_check", _("Self-examination and self-correction")
    DAILY_REMINDER = "daily_reminder", _("Daily reminder")
    KEY_SUPERVISION = "key_supervision", _("Key supervision")
    SPECIAL_RECTIFICATION = "special_rectification", _("Special rectification")
    INSPECTION = "inspection", _("Comprehensive inspection")
    ON_SITE = "on_site", _("On-site supervision")
    UNANNOUNCED = "unannounced", _("Unannounced visit")
    DEMOCRATIC_VISIT = "democratic_visit", _("Democratic visit")


class Severity(models.TextChoices):
    URGENT = rules.URGENT, _("Urgent")
    SERIOUS = rules.SERIOUS, _("Serious")
    GENERAL = rules.GENERAL, _("General")


class State(models.TextChoices):
    OPEN = rules.OPEN, _("Recorded")
    ORDERED = rules.ORDERED, _("Under rectification order")
    SUBMITTED = rules.SUBMITTED, _("Rectification submitted")
    VERIFIED = rules.VERIFIED, _("Rectification verified")
    CLOSED = rules.CLOSED, _("Closed")
    REOPENED = rules.REOPENED, _("Reopened")


class Round(models.Model):
    """An inspection round of one level over the villages of the issuing unit's subtree."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    mode = models.CharField(_("mode"), max_length=24, choices=Mode.choices)
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="supervision_round_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Outcome(models.TextChoices):
    """The result of one checklist item for one village in a round."""

    PASSED = "passed", _("In order")
    PROBLEM = "problem", _("Problem found")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ItemResult(models.Model):
    """What a round found on one item of its level's checklist in one village (§2); a problem
    found goes onto the one list as usual (``Problem.round``)."""

    round = models.ForeignKey(
        Round, verbose_name=_("inspection round"), on_delete=models.CASCADE, related_name="results"
    )
    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    item_code = models.CharField(_("checklist item"), max_length=40)
    outcome = models.CharField(_("result"), max_length=16, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("checklist result")
        verbose_name_plural = _("checklist results")
        ordering = ["round", "village__code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "village", "item_code"], name="supervision_one_result_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_code} {self.outcome}"


class Notice(models.Model):
    """A rectification notice (整改通知书) that may group several problems; each problem in it
    keeps its own responsible person and deadline (R1 holds per problem)."""

    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Problem(models.Model):
    """One problem of the one list: a village, where it came from, who fixes it and by when.

    ``source`` names a :class:`openvillage.core.extensions.ProblemSource` (``inspection`` for a
    round's findings) and ``source_id`` its object. Overdue is derived, never stored.
    """

    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("inspection round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
    )
    notice = models.ForeignKey(
        Notice,
        verbose_name=_("rectification notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
    )
    source = models.CharField(_("source"), max_length=40)
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    issuer = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("problem"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    from_villager = models.BooleanField(_("raised by a villager"), default=False)
    public = models.BooleanField(_("public when closed"), default=False)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True
    )
    responsible = models.ForeignKey(
        Person,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    required_evidence = models.CharField(_("required evidence"), max_length=200, blank=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    rejections = models.PositiveSmallIntegerField(_("rejections"), default=0)
    rectification = models.TextField(_("what was done"), blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verification = models.TextField(_("verification record"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    reopens = models.PositiveSmallIntegerField(_("reopenings"), default=0)
    dissatisfied_reopens = models.PositiveSmallIntegerField(default=0)
    # R8: reopened on a villager's dissatisfaction, the fix is checked one level up.
    checked_above = models.BooleanField(_("checked one level up"), default=False)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problem list")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit_path", "state"], name="supervision_problem_scope_idx"),
            models.Index(fields=["state", "deadline"], name="supervision_problem_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("ordered_on")),
                name="supervision_problem_deadline_after_order",  # R1
            ),
            models.CheckConstraint(
                condition=Q(extensions__lte=1),
                name="supervision_problem_one_extension",  # R3
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=Q(source_id__isnull=False),
                name="supervision_problem_once_per_source_record",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """A piece of evidence of one submission (R4): a note, a photo or a document."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="evidence")
    submission = models.PositiveSmallIntegerField(_("submission"), default=1)
    file = models.FileField(_("file"), upload_to="supervision/evidence/%Y/%m/", blank=True)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.file.name or self.note[:40]

    @property
    def is_image(self) -> bool:
        """A photo (the stored file was checked and re-encoded as PNG or JPEG)."""
        return self.file.name.lower().endswith((".png", ".jpg", ".jpeg"))

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class ReviewMeeting(models.Model):
    """A county analysis-and-review meeting (§2): which villages, which problems, conclusions."""

    unit = models.ForeignKey(Unit, verbose_name=_("county"), on_delete=models.PROTECT)
    held_on = models.DateField(_("held on"))
    conclusions = models.TextField(_("conclusions"))
    named_villages = models.ManyToManyField(
        Unit, verbose_name=_("villages named"), related_name="+", blank=True
    )
    screening_proposed = models.ManyToManyField(
        Unit,
        verbose_name=_("villages proposed for weak-and-scattered screening"),
        related_name="+",
        blank=True,
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("analysis-and-review meeting")
        verbose_name_plural = _("analysis-and-review meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.held_on.isoformat()}"


class Answer(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class SurveyAnswer(models.Model):
    """A villager's answer about a closed problem (R8), or about a village in a period (§4)."""

    village = models.ForeignKey(Unit, verbose_name=_("village"), on_delete=models.PROTECT)
    problem = models.ForeignKey(
        Problem, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    period = models.CharField(_("period"), max_length=10, blank=True)
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices)
    answered_on = models.DateField(_("answered on"))
    comment = models.TextField(_("comment"), blank=True)
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        ordering = ["-answered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.village} {self.get_answer_display()}"


class DigestSent(models.Model):
    """The day's reminder digest was sent to this account: at most one per person per day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    problems = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="supervision_one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day.isoformat()}"


class SurveySubject(models.TextChoices):
    CADRE = "cadre", _("A cadre")
    TEAM = "team", _("The two committees")
    VILLAGE = "village", _("The village's work")
    PROBLEM = "problem", _("A closed problem")


class Respondents(models.TextChoices):
    VILLAGERS = "villagers", _("Villagers")
    PARTY_MEMBERS = "party_members", _("Party members")
    REPRESENTATIVES = "representatives", _("Villagers' representatives")


class Survey(models.Model):
    """A satisfaction survey of one village for one period, with its answers counted (§4)."""

    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=10, choices=SurveySubject.choices)
    cadre = models.ForeignKey(
        Person,
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period = models.CharField(_("period"), max_length=10)
    respondents = models.CharField(_("respondents"), max_length=16, choices=Respondents.choices)
    satisfied = models.PositiveIntegerField(_("satisfied"))
    basically = models.PositiveIntegerField(_("basically satisfied"))
    dissatisfied = models.PositiveIntegerField(_("dissatisfied"))
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-period", "village__code", "-id"]

    def __str__(self) -> str:
        return f"{self.village} {self.period}"
