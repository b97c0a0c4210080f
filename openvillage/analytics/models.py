"""Pre-aggregated counts of the county's view, after Zulip's analytics (CountStat, FillState).

Each registered stat (:data:`openvillage.core.extensions.analytics_stats`) is filled one local
day at a time into :class:`UnitCount` rows, for every village that has a value and rolled up to
its town and county. :class:`FillState` records how far a stat is filled and whether the day in
hand was finished: a fill that died half-way left ``started`` and is redone from scratch.
"""

from __future__ import annotations

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
