from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One write: who did what to which object, the fields before and after, and when.

    Rows are only ever inserted (by :func:`openvillage.core.audit.audit_log`); the admin and the
    staff console show them read-only. ``unit_path`` is the materialized path of the unit the
    object belongs to, so that the log can be filtered by scope like everything else.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    unit_path = models.CharField(_("unit path"), max_length=120, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    @property
    def action_label(self) -> str:
        """What was done, in the active language (the audit log shows this, never the code)."""
        from openvillage.core.audit import action_label

        return action_label(self.action)


class PeriodicRun(models.Model):
    """A claim that a periodic job ran for one period; the unique key stops a second worker."""

    job = models.CharField(max_length=80)
    period = models.CharField(max_length=20)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="periodic_run_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class CalendarKind(models.TextChoices):
    HOLIDAY = "holiday", _("Official day off")
    WORKDAY = "workday", _("Adjusted working day")


class CalendarDay(models.Model):
    """One day of the official schedule: a day off, or a weekend day made a working day (调休).

    Days not listed are working days from Monday to Friday. Only the days of a year that has a
    :class:`CalendarYear` row count as official; see :mod:`openvillage.core.calendar`.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=CalendarKind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.kind} {self.name}".strip()


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar package")
    OFFICIAL_NOTICE = "official_notice", _("State Council notice entered by an administrator")


class CalendarYear(models.Model):
    """A year whose official schedule is known; a year without this row falls back to Mon–Fri."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=20, choices=CalendarSource.choices)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class RuleSet(models.Model):
    """One version of a kind of versioned configuration (YAML kept verbatim), per region.

    Written only by :func:`openvillage.core.rulesets.install`; at most one version of a kind and
    region is current. Whatever was decided under a version keeps its ``sha256``.
    """

    kind = models.CharField(_("kind"), max_length=60)
    region = models.CharField(_("region"), max_length=40)
    version = models.CharField(_("version"), max_length=40)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    content = models.TextField(_("YAML"))
    sha256 = models.CharField(max_length=64)
    is_current = models.BooleanField(_("current"), default=False)
    created_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rule set")
        ordering = ["kind", "region", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "version"], name="ruleset_version_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "region"],
                condition=models.Q(is_current=True),
                name="ruleset_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.region} {self.version}"


class Heartbeat(models.Model):
    """The primary's clock, copied to the replicas: their copy's age is their lag (core.replicas).

    One row (id 1), written every second by each task worker when replicas are configured.
    """

    beat = models.DateTimeField()

    def __str__(self) -> str:
        return f"heartbeat {self.beat:%Y-%m-%d %H:%M:%S}"
