"""The life of a villager's message (disclosure.md §8, Q7): waiting, answered, reopened, closed.

Time-based limits (the reopening window, one reopening only) are in :mod:`.closure`; this table
says which action fits which status.
"""

from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable, moves_from

OPEN = "open"
REPLIED = "replied"
REOPENED = "reopened"
CLOSED = "closed"

#: Statuses in which the message waits for a reply.
WAITING = (OPEN, REOPENED)

MESSAGE = TransitionTable(
    entity="feedback.message",
    states=(OPEN, REPLIED, REOPENED, CLOSED),
    moves={
        # A further reply to an answered message is allowed until it closes.
        **moves_from((OPEN, REOPENED, REPLIED), "reply", REPLIED),
        (REPLIED, "rate"): REPLIED,
        (REPLIED, "reopen"): REOPENED,
        (REPLIED, "close"): CLOSED,
    },
    refusals={
        "reply": gettext_noop("This message is %(state)s; it can no longer be answered."),
        "rate": gettext_noop("You can rate a message once it has been answered."),
        "reopen": gettext_noop("Only a message that has been answered can be reopened."),
        "close": gettext_noop("Only an answered message is closed; this one is %(state)s."),
    },
)
