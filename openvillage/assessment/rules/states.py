"""The state tables of assessment (supervision.md §5-§6), pure.

- A cycle is scored at its end, its proposed ratings published for the publicity period, then
  made final (T2: final only after publicity and appeals).
- A rating is proposed, may be appealed during publicity, is re-scored (proposed again), and
  becomes final with its cycle; a final rating is demoted when a standard lapses.
- A weak-and-scattered candidate is proposed by the screening or a county review meeting, never
  labelled by the machine: the county identifies it (or dismisses it), a rectification plan with
  a period follows, and after acceptance it is delisted.
- A points claim is approved one level up, or rejected.
"""

from __future__ import annotations

from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable, moves_from

OPEN, SCORED, PUBLICITY, FINAL = "open", "scored", "publicity", "final"
CYCLE = TransitionTable(
    entity="assessment.cycle",
    states=(OPEN, SCORED, PUBLICITY, FINAL),
    moves={
        **moves_from((OPEN, SCORED), "score", SCORED),
        (SCORED, "publish"): PUBLICITY,
        (PUBLICITY, "rescore"): PUBLICITY,
        (PUBLICITY, "finalize"): FINAL,
    },
    refusals={
        "score": gettext_noop("This cycle can no longer be scored: it is %(state)s."),
        "publish": gettext_noop("Only a scored cycle can be published: it is %(state)s."),
        "finalize": gettext_noop("Only a cycle in publicity can be made final: it is %(state)s."),
    },
)

PROPOSED, APPEALED, RATED, DEMOTED = "proposed", "appealed", "final", "demoted"
RATING = TransitionTable(
    entity="assessment.rating",
    states=(PROPOSED, APPEALED, RATED, DEMOTED),
    moves={
        (PROPOSED, "appeal"): APPEALED,
        (APPEALED, "rescore"): PROPOSED,
        (PROPOSED, "finalize"): RATED,
        (RATED, "demote"): DEMOTED,
    },
    refusals={
        "appeal": gettext_noop(
            "An appeal can be lodged only on a proposed rating: it is %(state)s."
        ),
        "rescore": gettext_noop("Only an appealed rating can be re-scored: it is %(state)s."),
        "finalize": gettext_noop("An appeal is still open on this rating: it is %(state)s."),
        "demote": gettext_noop("Only a final rating can be demoted: it is %(state)s."),
    },
)

CANDIDATE, DISMISSED, IDENTIFIED, RECTIFYING, DELISTED = (
    "candidate",
    "dismissed",
    "identified",
    "rectifying",
    "delisted",
)
WEAK = TransitionTable(
    entity="assessment.weak",
    states=(CANDIDATE, DISMISSED, IDENTIFIED, RECTIFYING, DELISTED),
    moves={
        (CANDIDATE, "identify"): IDENTIFIED,
        (CANDIDATE, "dismiss"): DISMISSED,
        (IDENTIFIED, "plan"): RECTIFYING,
        (RECTIFYING, "follow_up"): RECTIFYING,
        (RECTIFYING, "delist"): DELISTED,
    },
    refusals={
        "identify": gettext_noop("Only a candidate can be identified: it is %(state)s."),
        "dismiss": gettext_noop("Only a candidate can be dismissed: it is %(state)s."),
        "plan": gettext_noop(
            "A rectification plan needs an identified organization: it is %(state)s."
        ),
        "follow_up": gettext_noop("Follow-ups are recorded during rectification: it is %(state)s."),
        "delist": gettext_noop(
            "Only an organization under rectification can be delisted: it is %(state)s."
        ),
    },
)

CLAIMED, APPROVED, REJECTED = "claimed", "approved", "rejected"
CLAIM = TransitionTable(
    entity="assessment.entry",
    states=(CLAIMED, APPROVED, REJECTED),
    moves={(CLAIMED, "approve"): APPROVED, (CLAIMED, "reject"): REJECTED},
    refusals={
        "approve": gettext_noop("Only a pending claim can be approved: it is %(state)s."),
        "reject": gettext_noop("Only a pending claim can be rejected: it is %(state)s."),
    },
)
