"""Assessment: cycles of a star scheme, the points ledger, ratings, weak-and-scattered screening,
appraisal of the two committees, organizational life and training (supervision.md §5-§7).

Totals and stars are computed from the ledger by :mod:`.services` (never typed); the ledger is
append-only (a wrong entry is answered by a correcting entry, a claim is approved or rejected).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .rules import states


class CycleState(models.TextChoices):
    OPEN = states.OPEN, _("Open")
    SCORED = states.SCORED, _("Scored")
    PUBLICITY = states.PUBLICITY, _("Proposed ratings in publicity")
    FINAL = states.FINAL, _("Final")


class Subject(models.TextChoices):
    PARTY_ORGANIZATION = "party_organization", _("Party organization")
    PARTY_MEMBER = "party_member", _("Party member")


class Cycle(models.Model):
    """One rating cycle of one scheme, run by a town (or the county) over the villages below."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("run by")
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    scheme_code = models.CharField(_("star scheme"), max_length=60)
    scheme_version = models.CharField(max_length=80, editable=False)
    subject = models.CharField(_("rated"), max_length=20, choices=Subject.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(
        _("state"), max_length=12, choices=CycleState.choices, default=CycleState.OPEN
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    publicity_until = models.DateField(_("publicity until"), null=True, blank=True)
    finalized_on = models.DateField(_("final on"), null=True, blank=True)
    #: The final ratings exactly as appended to the public record (the ledger hashes them).
    public_record = models.JSONField(_("public record"), null=True, blank=True, editable=False)
    ledger_entry_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating cycle")
        ordering = ["-ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="assessment_cycle_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EntrySource(models.TextChoices):
    FACT = "fact", _("Recorded by the platform")
    MANUAL = "manual", _("Entered by the assessor")
    CLAIM = "claim", _("Claimed with evidence")


class EntryState(models.TextChoices):
    CLAIMED = states.CLAIMED, _("Waiting for approval")
    # Not the elections' "Counted" (votes): a ledger line that counts toward the score.
    APPROVED = states.APPROVED, pgettext_lazy("points entry", "Counted")
    REJECTED = states.REJECTED, _("Rejected")


class SubjectFields(models.Model):
    """Who a ledger line or a rating is about: a party organization or a party member of a
    village (exactly one of the two; the services check it)."""

    village = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    organization = models.ForeignKey(
        "org.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party organization"),
    )
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party member"),
    )

    class Meta:
        abstract = True


class PointEntry(SubjectFields):
    """One line of the points ledger: ``count`` occurrences of an item of the cycle's scheme for
    one subject, with its evidence. Append-only; only approved lines count."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="entries")
    item_code = models.CharField(_("item"), max_length=60)
    count = models.IntegerField(_("count"))
    source = models.CharField(_("source"), max_length=8, choices=EntrySource.choices)
    fact_source = models.CharField(max_length=60, blank=True)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=EntryState.choices, default=EntryState.APPROVED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("points entry")
        ordering = ["pk"]
        # Covering indexes: a cycle's ledger is summed per subject and item by reading an index
        # in order, without sorting nor touching the table (bench/scoring.py).
        indexes = [
            models.Index(
                fields=["cycle", "state", "organization", "item_code", "count"],
                name="assessment_entry_by_org",
            ),
            models.Index(
                fields=["cycle", "state", "person", "item_code", "count"],
                name="assessment_entry_by_member",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(person__isnull=False),
                name="assessment_entry_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_code} × {self.count}"


class RatingState(models.TextChoices):
    PROPOSED = states.PROPOSED, _("Proposed")
    APPEALED = states.APPEALED, _("Appealed")
    FINAL = states.RATED, _("Final")
    DEMOTED = states.DEMOTED, _("Demoted")


class Rating(SubjectFields):
    """The computed score, stars and rank of one subject in one cycle, with each item's points."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="ratings")
    score = models.IntegerField(_("score"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    rank = models.PositiveIntegerField(_("rank"))
    items = models.JSONField(_("points per item"), default=dict)
    state = models.CharField(
        _("state"), max_length=10, choices=RatingState.choices, default=RatingState.PROPOSED
    )
    appeal_reason = models.TextField(_("appeal"), blank=True)
    demotion_reason = models.TextField(_("reason for demotion"), blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("star rating")
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organization"],
                condition=Q(organization__isnull=False),
                name="assessment_rating_one_per_organization",
            ),
            models.UniqueConstraint(
                fields=["cycle", "person"],
                condition=Q(person__isnull=False),
                name="assessment_rating_one_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} #{self.rank}"


class WeakState(models.TextChoices):
    CANDIDATE = states.CANDIDATE, _("Candidate")
    DISMISSED = states.DISMISSED, _("Not identified")
    IDENTIFIED = states.IDENTIFIED, _("Identified by the county")
    RECTIFYING = states.RECTIFYING, _("Under rectification")
    DELISTED = states.DELISTED, _("Accepted and delisted")


class WeakProposer(models.TextChoices):
    SCREENING = "screening", _("Screening of the triggers")
    REVIEW_MEETING = "review_meeting", _("County review meeting")


class WeakCandidate(models.Model):
    """A party organization proposed as weak and scattered for one year, with what triggered it."""

    year = models.PositiveSmallIntegerField(_("year"))
    organization = models.ForeignKey(
        "org.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party organization"),
    )
    village = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    proposed_by = models.CharField(_("proposed by"), max_length=16, choices=WeakProposer.choices)
    triggers = models.JSONField(_("triggers"), default=list)
    details = models.JSONField(_("what triggered it"), default=dict)
    state = models.CharField(
        _("state"), max_length=12, choices=WeakState.choices, default=WeakState.CANDIDATE
    )
    decision_note = models.TextField(_("decision"), blank=True)
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    plan = models.TextField(_("rectification plan"), blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    delisted_on = models.DateField(_("delisted on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weak and scattered candidate")
        ordering = ["-year", "unit_path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization"], name="assessment_weak_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class WeakFollowUp(models.Model):
    candidate = models.ForeignKey(WeakCandidate, on_delete=models.PROTECT, related_name="followups")
    on = models.DateField(_("date"))
    note = models.TextField(_("follow-up"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.candidate} {self.on}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")


class Appraisal(models.Model):
    """The yearly democratic appraisal of one member of the two committees (§7)."""

    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    village = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    appraised_on = models.DateField(_("appraised on"))
    inputs = models.JSONField(_("inputs"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("democratic appraisal")
        ordering = ["-year", "unit_path", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "person"], name="assessment_appraisal_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class OrgLifeKind(models.TextChoices):
    MEMBERS_MEETING = "members_meeting", _("Members' meeting")
    COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting")
    GROUP_MEETING = "group_meeting", _("Party group meeting")
    PARTY_LESSON = "party_lesson", _("Party lesson")
    THEME_PARTY_DAY = "theme_party_day", _("Theme party day")
    ORG_LIFE_MEETING = "org_life_meeting", _("Organizational life meeting")
    DEMOCRATIC_APPRAISAL = "democratic_appraisal", _("Democratic appraisal of members")


class OrgLifeMeeting(models.Model):
    """One meeting of a branch's organizational life, with who attended."""

    organization = models.ForeignKey(
        "org.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party organization"),
    )
    village = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=24, choices=OrgLifeKind.choices)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    expected = models.PositiveIntegerField(_("members expected"))
    attendees = models.ManyToManyField(
        "org.Person", related_name="+", blank=True, verbose_name=_("attended")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organizational life meeting")
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["organization", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.topic} {self.held_on}"


class TrainingArea(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("Political theory")
    PARTY_AFFAIRS = "party_affairs", _("Party affairs")
    RURAL_GOVERNANCE = "rural_governance", _("Rural governance")
    INDUSTRY = "industry", _("Industry and skills")
    LAW = "law", _("Law and integrity")


class TrainingMode(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    ONLINE = "online", _("Online")
    FIELD = "field", _("Field visit at an education base")


class TrainingSession(models.Model):
    """One session of a training course: when, how many hours, where, and who attended."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("organized by")
    )
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    course = models.CharField(_("course"), max_length=200)
    area = models.CharField(_("area"), max_length=20, choices=TrainingArea.choices)
    mode = models.CharField(_("mode"), max_length=12, choices=TrainingMode.choices)
    base = models.CharField(_("education base"), max_length=120, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.PositiveIntegerField(_("hours"))
    attendees = models.ManyToManyField(
        "org.Person", related_name="+", blank=True, verbose_name=_("attended")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training session")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="assessment_training_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_on}"
