"""The problem list's transition table (supervision.md §3, platform default lifecycle).

``overdue`` is not in the table: it is derived from the deadline (:func:`problems.is_overdue`).
An extension keeps the problem ``ordered`` (R3); a rejection returns it to ``ordered`` (R6).
"""

from __future__ import annotations

from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable
from openvillage.supervision.rules.problems import (
    CLOSED,
    OPEN,
    ORDERED,
    REOPENED,
    SUBMITTED,
    VERIFIED,
)

STATES = (OPEN, ORDERED, SUBMITTED, VERIFIED, CLOSED, REOPENED)

PROBLEM = TransitionTable(
    entity="supervision.problem",
    states=STATES,
    moves={
        (OPEN, "order"): ORDERED,
        (REOPENED, "order"): ORDERED,
        (ORDERED, "extend"): ORDERED,
        (ORDERED, "submit"): SUBMITTED,
        (SUBMITTED, "reject"): ORDERED,
        (SUBMITTED, "verify"): VERIFIED,
        (VERIFIED, "close"): CLOSED,
        (CLOSED, "reopen"): REOPENED,
    },
    refusals={
        "order": gettext_noop("A rectification order cannot be issued while it is %(state)s."),
        "extend": gettext_noop("Only a problem under a rectification order can be extended."),
        "submit": gettext_noop("Rectification can be submitted only while it is %(state)s."),
        "reject": gettext_noop("Only a submitted rectification can be rejected."),
        "verify": gettext_noop("Only a submitted rectification can be verified."),
        "close": gettext_noop("Only a verified rectification can be closed."),
        "reopen": gettext_noop("Only a closed problem can be reopened."),
    },
)
