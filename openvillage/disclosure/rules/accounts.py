"""The chart of accounts (科目表) as data: income and expenditure accounts by code.

A chart is read from YAML (``accounts/<region>.yaml``): ``accounts`` is a list of ``{code, kind,
name: {zh, en}}``. A line's account is the chart's account or one of its sub-accounts (the code
extends a chart code: ``51101`` under ``511``); its kind must be the account's kind. Pure: no
Django import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from openvillage.core.errors import InvalidInput
from openvillage.core.text import gettext_noop

KINDS = ("income", "expenditure")
_CODE = re.compile(r"[0-9]{3,12}")


@dataclass(frozen=True)
class Account:
    code: str
    kind: str
    name: Mapping[str, str]

    def label(self, language: str) -> str:
        name = self.name.get("en" if language.startswith("en") else "zh") or self.name.get("zh", "")
        return f"{self.code} {name}"


@dataclass(frozen=True)
class Chart:
    region: str
    accounts: tuple[Account, ...]

    def of_kind(self, kind: str) -> tuple[Account, ...]:
        return tuple(a for a in self.accounts if a.kind == kind)

    def find(self, code: str) -> Account | None:
        """The chart account of ``code`` or of the longest chart code it extends."""
        best = None
        for account in self.accounts:
            if code.startswith(account.code) and (
                best is None or len(account.code) > len(best.code)
            ):
                best = account
        return best


def parse_chart(data: object) -> Chart:
    if not isinstance(data, Mapping) or not isinstance(data.get("accounts"), list):
        raise InvalidInput(gettext_noop("The chart of accounts has no accounts."), field="accounts")
    accounts = []
    seen: set[str] = set()
    for i, row in enumerate(data["accounts"]):
        field = f"accounts[{i}]"
        if not isinstance(row, Mapping):
            raise InvalidInput(
                gettext_noop("Account %(n)s is not an account."), {"n": i + 1}, field=field
            )
        code, kind, name = str(row.get("code", "")), row.get("kind"), row.get("name")
        if not _CODE.fullmatch(code) or code in seen:
            raise InvalidInput(
                gettext_noop("Account %(n)s: the code must be 3 to 12 digits, each code once."),
                {"n": i + 1},
                field=f"{field}.code",
            )
        if kind not in KINDS or not isinstance(name, Mapping) or not name.get("zh"):
            raise InvalidInput(
                gettext_noop("Account %(n)s needs a kind (income or expenditure) and a name."),
                {"n": i + 1},
                field=field,
            )
        seen.add(code)
        accounts.append(Account(code, str(kind), {str(k): str(v) for k, v in name.items()}))
    return Chart(str(data.get("region", "default")), tuple(accounts))


def check_account(chart: Chart, kind: str, code: str, *, n: int, field: str) -> Account:
    """The chart account of a line's ``code``; refuse a code outside the chart or of the
    other kind (an expenditure account on an income line)."""
    account = chart.find(code)
    if account is None:
        raise InvalidInput(
            gettext_noop("Line %(n)s: account %(account)s is not in the chart of accounts."),
            {"n": n, "account": code},
            field=field,
        )
    if account.kind != kind:
        raise InvalidInput(
            gettext_noop("Line %(n)s: account %(account)s is not an account of this kind."),
            {"n": n, "account": code},
            field=field,
        )
    return account
