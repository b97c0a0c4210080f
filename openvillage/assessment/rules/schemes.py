"""Star schemes as data: one YAML file per region and cycle (supervision.md §5), pure.

The file names the schemes of a region (a party organization scheme, a party member scheme, one
scheme per named star when a region rates by checklist). Each item says which fact it counts
(``fact``: a registered fact source of the other apps, or none for items recorded by hand with a
reason) and its points per occurrence with an optional cap; the arithmetic is
:mod:`openvillage.assessment.rules.stars`. Scores are integers (T1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import field_validator

from openvillage.core.schemas import ConfigInvalid, Fault, Schema, check, load_yaml
from openvillage.core.text import gettext_noop

from .stars import Band, Item, Scheme, SchemeError

DEFAULT_SCHEMES_PATH = Path(__file__).resolve().parent.parent / "schemes" / "default.yaml"


class Name(Schema):
    zh: str
    en: str


class ItemSpec(Schema):
    code: str
    name: Name
    points: int
    cap: int | None = None
    #: The fact source counted automatically; None: entered by hand with a reason and evidence.
    fact: str | None = None


class BandSpec(Schema):
    stars: int
    min: int
    requires: list[str] = []


class SchemeSpec(Schema):
    code: str
    name: Name
    subject: Literal["party_organization", "party_member"]
    cycle: Literal["year", "half_year", "quarter"] = "year"
    base: int
    min: int
    max: int
    items: list[ItemSpec]
    bands: list[BandSpec]
    publicity_days: int = 5
    appeal_days: int = 5

    @field_validator("publicity_days", "appeal_days")
    @classmethod
    def _non_negative(cls, value: int) -> int:
        if value < 0:
            raise Fault(gettext_noop("Must be at least %(ge)s."), {"ge": 0})
        return value

    def scheme(self) -> Scheme:
        """The arithmetic of this scheme."""
        return Scheme(
            base=self.base,
            min=self.min,
            max=self.max,
            items=tuple(Item(i.code, i.points, i.cap) for i in self.items),
            bands=tuple(Band(b.stars, b.min, tuple(b.requires)) for b in self.bands),
        )

    def item(self, code: str) -> ItemSpec | None:
        return next((i for i in self.items if i.code == code), None)


class ScreeningSpec(Schema):
    """Region settings of the weak-and-scattered screening (supervision.md §6): the least share
    of villages identified as weak or lagging, in whole percent (0: none), and whether a town may
    be given a quota (one prefecture forbids it)."""

    quota_min_share: int = 0
    quota_allowed: bool = False

    @field_validator("quota_min_share")
    @classmethod
    def _percent(cls, value: int) -> int:
        if not 0 <= value <= 100:
            raise Fault(gettext_noop("Must be at most %(le)s."), {"le": 100})
        return value

    def short_of(self, identified: int, villages: int) -> int:
        """How many more villages the minimum share needs (integer arithmetic, rounded up)."""
        needed = -(-self.quota_min_share * villages // 100)
        return max(0, needed - identified)


class SchemeFile(Schema):
    region: str
    version: str
    schemes: list[SchemeSpec]
    screening: ScreeningSpec = ScreeningSpec()

    def get(self, code: str) -> SchemeSpec | None:
        return next((s for s in self.schemes if s.code == code), None)


def load_schemes_text(text: str, file: str = "default.yaml") -> SchemeFile:
    """Parse and check a scheme file; every fault names the scheme and the reason."""
    document: SchemeFile = check(SchemeFile, load_yaml(text, file=file), file=file)
    faults = []
    seen: set[str] = set()
    for index, spec in enumerate(document.schemes):
        where = f"schemes[{index + 1}]"
        if spec.code in seen:
            faults.append(
                Fault(gettext_noop("The scheme %(code)s is listed twice."), {"code": spec.code})
            )
        seen.add(spec.code)
        try:
            spec.scheme().check()
        except SchemeError as err:
            faults.append(
                Fault(gettext_noop("Is not valid: %(detail)s"), {"detail": str(err)}, path=where)
            )
    if faults:
        raise ConfigInvalid(file, faults)
    return document
