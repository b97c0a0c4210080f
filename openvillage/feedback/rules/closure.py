"""Closure and reopening of a message (issue 5 item 5; disclosure.md Q7).

- After a reply the villager rates satisfaction (1 to 5; 1–2 is dissatisfied) and may reopen
  the message once, within ``REOPEN_DAYS`` (15) calendar days of the last reply; the reopened
  message goes one level up (Q7).
- After the window, or once reopened and replied again and that window passed, the message is
  closed for good: no reply, rating or reopening any more.
"""

from __future__ import annotations

from datetime import date, timedelta

from openvillage.core.errors import InvalidInput, WrongState
from openvillage.core.text import gettext_noop
from openvillage.feedback.rules.states import CLOSED, MESSAGE, REPLIED

REOPEN_DAYS = 15
MAX_REOPENS = 1
SATISFACTION_MIN, SATISFACTION_MAX = 1, 5
DISSATISFIED_MAX = 2

CLOSED_MESSAGE = gettext_noop(
    "This message was closed on %(date)s; it can no longer be answered, rated or reopened."
)


def closes_on(replied_on: date, window: int = REOPEN_DAYS) -> date:
    """The last day the villager may reopen: ``window`` days after the reply."""
    return replied_on + timedelta(days=window)


def effective_status(status: str, today: date, replied_on: date | None) -> str:
    """The status today: a replied message past its window is closed, even before the job ran."""
    if status == REPLIED and replied_on is not None and today > closes_on(replied_on):
        return CLOSED
    return status


def closed_on(status: str, replied_on: date | None) -> str:
    return closes_on(replied_on).isoformat() if replied_on else ""


def require_not_closed(status: str, today: date, replied_on: date | None) -> None:
    if effective_status(status, today, replied_on) == CLOSED:
        raise WrongState(CLOSED_MESSAGE, {"date": closed_on(status, replied_on)}, code="closed")


def require_can_reopen(status: str, today: date, replied_on: date | None, reopens: int) -> None:
    """Raise unless the message may be reopened today (once, within the window, after a reply)."""
    require_not_closed(status, today, replied_on)
    if not MESSAGE.allows(status, "reopen"):
        raise WrongState(MESSAGE.refusal("reopen"), code="not_replied")
    if reopens >= MAX_REOPENS:
        raise WrongState(
            gettext_noop("This message has already been reopened once; it cannot be reopened."),
            code="reopened_once",
        )


def validate_satisfaction(value: int) -> int:
    if not SATISFACTION_MIN <= value <= SATISFACTION_MAX:
        raise InvalidInput(
            gettext_noop("Rate from %(min)s (not satisfied) to %(max)s (very satisfied)."),
            {"min": SATISFACTION_MIN, "max": SATISFACTION_MAX},
            field="satisfaction",
        )
    return value
