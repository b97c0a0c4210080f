"""The life of a case and of a misconduct record (decisions.md §3, §7).

A case is open while its steps are recorded; the procedure engine (:mod:`.procedure`) says when
it is completed or rejected. A misconduct record reported without a procedure waits for review
and is recorded once a measure is decided.
"""

from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable

OPEN = "open"
COMPLETED = "completed"
REJECTED = "rejected"

CASE = TransitionTable(
    entity="decisions.case",
    states=(OPEN, COMPLETED, REJECTED),
    moves={
        (OPEN, "record"): OPEN,  # a step, a notice or a disclosure is recorded on an open case
        (OPEN, "complete"): COMPLETED,
        (OPEN, "reject"): REJECTED,
    },
    refusals={
        "record": gettext_noop("The case is %(state)s; no further step may be recorded."),
        "complete": gettext_noop("The case is %(state)s; no further step may be recorded."),
        "reject": gettext_noop("The case is %(state)s; no further step may be recorded."),
    },
)

TO_REVIEW = "to_review"
RECORDED = "recorded"

VIOLATION = TransitionTable(
    entity="decisions.violation",
    states=(TO_REVIEW, RECORDED),
    moves={(TO_REVIEW, "confirm"): RECORDED},
    refusals={"confirm": gettext_noop("This misconduct record is already %(state)s.")},
)
