"""The campaign settings (red-flag parameters, weights, red-card rules) as rule-set data per
region, read through :mod:`openvillage.core.rulesets`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openvillage.campaigns.rules.redflags import Params
from openvillage.core import rulesets
from openvillage.core.schemas import Kind, Schema, check, load_yaml
from openvillage.core.text import gettext_noop

DEFAULT_PATH = Path(__file__).parent / "settings" / "default.yaml"


class RedFlagParams(Schema):
    rent_share_percent: int
    arrears_warning_days: int
    arrears_error_days: int
    four_wastes_max_years: int
    second_round_expiry: date | None
    expiry_keywords: list[str]


class RedCards(Schema):
    bottom_percent: int
    overdue_days: int


class Settings(Schema):
    region: str
    version: str
    redflags: RedFlagParams
    weights: dict[str, int]
    min_items: int
    red_cards: RedCards

    def params(self) -> Params:
        p = self.redflags
        return Params(
            rent_share_percent=p.rent_share_percent,
            arrears_warning_days=p.arrears_warning_days,
            arrears_error_days=p.arrears_error_days,
            four_wastes_max_years=p.four_wastes_max_years,
            second_round_expiry=p.second_round_expiry,
            expiry_keywords=tuple(p.expiry_keywords),
        )


def _parse(text: str, file: str) -> Settings:
    data = load_yaml(text, file=file)
    if isinstance(data, dict) and isinstance(data.get("redflags"), dict):
        expiry = data["redflags"].get("second_round_expiry")
        if isinstance(expiry, str):  # YAML may leave a quoted date as text
            data["redflags"]["second_round_expiry"] = date.fromisoformat(expiry)
    result: Settings = check(Settings, data, file=file)
    return result


SETTINGS: Kind[Settings] = Kind(
    code="campaigns.settings",
    label=gettext_noop("Five Clears campaign settings"),
    parse=_parse,
    identity=lambda s: (s.region, s.version),
    default_path=DEFAULT_PATH,
)


def current(region: str | None = None) -> tuple[Settings, str]:
    """The region's current settings and the SHA-256 of their text."""
    row = rulesets.current(SETTINGS, region)
    return rulesets.parsed(SETTINGS, row), row.sha256
