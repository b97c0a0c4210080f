"""Pre-aggregated counts of the county's view, after Zulip's analytics (CountStat, FillState).

Each registered stat (:data:`openvillage.core.extensions.analytics_stats`) is filled one local
day at a time into :class:`UnitCount` rows, for every village that has a value and rolled up to
its town and county. :class:`FillState` records how far a stat is filled and whether the day in
hand was finished: a fill that died half-way left ``started`` and is redone from scratch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FillState(models.Model):
    class State(models.TextChoices):
        STARTED = "started", _("Filling")
        DONE = "done", _("Filled")

    stat = models.CharField(max_length=80, unique=True)
    day = models.DateField(help_text="the last day filled (done) or being filled (started)")
    state = models.CharField(max_length=8, choices=State.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fill state")
        verbose_name_plural = _("fill states")

    def __str__(self) -> str:
        return f"{self.stat} {self.day} {self.state}"


class UnitCount(models.Model):
    """The value of one stat for one unit (village, town or county) on one local day."""

    stat = models.CharField(max_length=80)
    day = models.DateField()
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("count")
        verbose_name_plural = _("counts")
        constraints = [
            models.UniqueConstraint(fields=["stat", "day", "unit"], name="analytics_one_count")
        ]
        indexes = [models.Index(fields=["stat", "unit", "day"], name="analytics_series_idx")]

    def __str__(self) -> str:
        return f"{self.stat} {self.day} {self.unit_id}={self.value}"


class Bulletin(models.Model):
    """A bulletin (通报) of a county or a town: the monthly review or the quarterly observation.

    Its ``content`` (title, period, sections of paragraphs and tables, in Chinese) is frozen
    when it is generated, so what the reviewer read is what is published; the PDF is drawn
    from it on request. Draft -> reviewed (by someone other than who generated it) -> published.
    """

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly review")
        QUARTERLY = "quarterly", _("Quarterly observation")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEWED = "reviewed", _("Reviewed")
        PUBLISHED = "published", _("Published")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    content = models.JSONField(default=dict)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-period_start", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "period_start"], name="analytics_one_bulletin_per_period"
            )
        ]

    def __str__(self) -> str:
        return str(self.content.get("title", f"{self.kind} {self.period_start}"))
