"""The demo builder, the nightly job and the analytics stat work on a small county."""

from __future__ import annotations

from datetime import date

from openvillage.campaigns import hooks
from openvillage.campaigns.models import Campaign, Contract, RedFlag


def test_the_demo_builds_a_small_flagged_campaign_once(cast):
    said = hooks.demo({})
    assert "1 campaign" in said
    assert Campaign.objects.count() == 1 and Contract.objects.count() > 0
    assert RedFlag.objects.filter(rule="RF1").exists()
    assert hooks.demo({}) == ""


def test_the_nightly_job_and_the_stat_answer(cast):
    hooks.demo({})
    assert hooks.nightly().endswith("red cards")
    assert hooks.closed_items(date(2026, 6, 1)) == {}
    assert "ranks for 2026-05" in hooks.monthly_ranking()
