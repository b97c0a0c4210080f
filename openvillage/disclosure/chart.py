"""The chart of accounts of a region, read once per process from ``accounts/<region>.yaml``."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml
from django.conf import settings

from openvillage.disclosure.rules.accounts import Chart, parse_chart

ACCOUNTS_DIR = Path(__file__).resolve().parent / "accounts"


@functools.cache
def chart(region: str | None = None) -> Chart:
    """The chart of ``region`` (setting ``FINANCE_CHART_REGION``), else the national default."""
    region = region or getattr(settings, "FINANCE_CHART_REGION", "") or "default"
    path = ACCOUNTS_DIR / f"{region}.yaml"
    if not path.is_file() or not region.replace("_", "").isalnum():
        path = ACCOUNTS_DIR / "default.yaml"
    return parse_chart(yaml.safe_load(path.read_text(encoding="utf-8")))
