"""The transition tables of the election's stateful rows: which action is allowed in which state
and where it leads. Pure (no Django import); the services apply them with
:func:`openvillage.core.writes.transition` (or ``check`` for an action that does not move the
state). These tables and the models' ``State``/``Status`` choices are the only places
where a state code is written (a test greps the rest of the app for them).

An action that leaves the state as it is (recording a nomination while the roll is published) is
a move from the state to itself: the table then says in which states the work is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable, moves_from

__all__ = ["TABLES", "TransitionTable", "moves_from", "stays_in"]


def stays_in(sources: Iterable[str], action: str) -> dict[tuple[str, str], str]:
    """Spell work allowed in several states that leaves the state as it is."""
    return {(source, action): source for source in sources}


# --- the village election (VillageElection.State) ---------------------------------------------

PREPARATION = "preparation"
ROLL_PUBLISHED = "roll_published"
CANDIDATES_PUBLISHED = "candidates_published"
COUNTED = "counted"
PUBLISHED = "published"

BEFORE_VOTING = (PREPARATION, ROLL_PUBLISHED, CANDIDATES_PUBLISHED)

ELECTION = TransitionTable(
    entity="elections",
    states=(PREPARATION, ROLL_PUBLISHED, CANDIDATES_PUBLISHED, COUNTED, PUBLISHED),
    moves={
        # V11: the roll is built and published once; then nominations, review and the list.
        (PREPARATION, "roll.publish"): ROLL_PUBLISHED,
        (ROLL_PUBLISHED, "candidates.publish"): CANDIDATES_PUBLISHED,
        # C5: a round is counted; a further round (V27, V36, V40) opens voting again.
        (CANDIDATES_PUBLISHED, "round.count"): COUNTED,
        (COUNTED, "round.open"): CANDIDATES_PUBLISHED,
        (COUNTED, "result.publish"): PUBLISHED,
        **stays_in((PREPARATION,), "roll.build"),
        **stays_in((PREPARATION, ROLL_PUBLISHED), "seats.set"),
        **stays_in(BEFORE_VOTING, "roll.change"),
        **stays_in((PREPARATION, ROLL_PUBLISHED), "nomination.record"),
        **stays_in((PREPARATION, ROLL_PUBLISHED), "review.record"),
        **stays_in((ROLL_PUBLISHED,), "candidates.set"),
        **stays_in((ROLL_PUBLISHED, CANDIDATES_PUBLISHED), "proxy.record"),
        **stays_in((ROLL_PUBLISHED, CANDIDATES_PUBLISHED), "proxies.publish"),
        **stays_in(BEFORE_VOTING, "station.add"),
        **stays_in(BEFORE_VOTING, "relative.declare"),
        **stays_in(BEFORE_VOTING, "exclusion.record"),
        **stays_in((PUBLISHED,), "secretary.record"),
    },
    refusals={
        "roll.publish": gettext_noop(
            "The roll can be published once, in preparation (now: %(state)s)."
        ),
        "candidates.publish": gettext_noop(
            "The candidate list is published after the roll (now: %(state)s)."
        ),
        "round.count": gettext_noop("This round cannot be counted now (now: %(state)s)."),
        "round.open": gettext_noop(
            "A further round opens after a round is counted and before the result is "
            "published (now: %(state)s)."
        ),
        "result.publish": gettext_noop("Only a counted election is published (now: %(state)s)."),
        "roll.build": gettext_noop("The roll is built before it is published (now: %(state)s)."),
        "seats.set": gettext_noop(
            "Seats cannot change once the candidates are published (now: %(state)s)."
        ),
        "roll.change": gettext_noop("The roll is closed (now: %(state)s)."),
        "nomination.record": gettext_noop(
            "Nominations close when the candidates are published (now: %(state)s)."
        ),
        "review.record": gettext_noop(
            "The review comes before the candidates are published (now: %(state)s)."
        ),
        "candidates.set": gettext_noop(
            "Candidates are fixed after the roll is published (now: %(state)s)."
        ),
        "proxy.record": gettext_noop(
            "Proxies are recorded after the roll is published (now: %(state)s)."
        ),
        "proxies.publish": gettext_noop(
            "The proxy list is published before voting (now: %(state)s)."
        ),
        "station.add": gettext_noop("Polling stations are set up before voting (now: %(state)s)."),
        "relative.declare": gettext_noop(
            "Near relatives are declared before the count (now: %(state)s)."
        ),
        "exclusion.record": gettext_noop("Exclusions are decided before voting (now: %(state)s)."),
        "secretary.record": gettext_noop(
            "The committee elects its secretary after its result is published (now: %(state)s)."
        ),
    },
)

# --- the general election of a county (GeneralElection.State) ---------------------------------

GENERAL_OPEN = "open"
GENERAL_CLOSED = "closed"

GENERAL = TransitionTable(
    entity="elections.general",
    states=(GENERAL_OPEN, GENERAL_CLOSED),
    moves={(GENERAL_OPEN, "close"): GENERAL_CLOSED},
)

# --- a round (RoundResult.Status): voting and counting, then the outcome of C5 ----------------

ROUND_OPEN = "open"
#: The outcomes of the count, the vocabulary of ``counting.round_status``.
ROUND_OUTCOMES = ("valid", "turnout_not_met", "too_many_ballots", "no_quorum", "too_few_candidates")

ROUND = TransitionTable(
    entity="elections.round",
    states=(ROUND_OPEN, *ROUND_OUTCOMES),
    # The action is the outcome the count found: an open round is counted once.
    moves={
        **{(ROUND_OPEN, outcome): outcome for outcome in ROUND_OUTCOMES},
        **stays_in((ROUND_OPEN,), "tally.enter"),
        **stays_in((ROUND_OPEN,), "count"),
    },
    refusals={
        **{outcome: gettext_noop("This round is already counted.") for outcome in ROUND_OUTCOMES},
        "tally.enter": gettext_noop("This round is already counted."),
        "count": gettext_noop("This round is already counted."),
    },
)

# --- a tally sheet (TallySheet.Status): two entries, compared; a recount if they differ -------

AWAITING_SECOND = "awaiting_second"
AGREED = "agreed"
DISAGREE = "disagree"
RESOLVED = "resolved"
#: The sheets whose figures count.
SETTLED = (AGREED, RESOLVED)

TALLY_SHEET = TransitionTable(
    entity="elections.tally",
    states=(AWAITING_SECOND, AGREED, DISAGREE, RESOLVED),
    moves={
        (AWAITING_SECOND, "agree"): AGREED,
        (AWAITING_SECOND, "differ"): DISAGREE,
        (DISAGREE, "resolve"): RESOLVED,
    },
    refusals={
        "agree": gettext_noop("This sheet already has two entries (%(state)s)."),
        "differ": gettext_noop("This sheet already has two entries (%(state)s)."),
        "resolve": gettext_noop("Only a sheet whose two entries differ is resolved."),
    },
)

# --- a violation report (ViolationReport.State) -----------------------------------------------

FILED = "filed"
ROUTED = "routed"
CLOSED = "closed"

VIOLATION_REPORT = TransitionTable(
    entity="elections.violation",
    states=(FILED, ROUTED, CLOSED),
    moves={
        **moves_from((FILED, ROUTED), "route", ROUTED),
        **moves_from((FILED, ROUTED), "close", CLOSED),
    },
    refusals={
        "route": gettext_noop("This report is closed."),
        "close": gettext_noop("This report is already closed."),
    },
)

# --- the secretary's election by the new committee (SecretaryElection.State, P15) -------------

RECORDED = "recorded"
NOT_ELECTED = "not_elected"
APPROVED = "approved"

SECRETARY = TransitionTable(
    entity="elections.secretary",
    states=(RECORDED, NOT_ELECTED, APPROVED),
    moves={(RECORDED, "approve"): APPROVED},
    refusals={
        "approve": gettext_noop(
            "Only an elected, not yet approved result is approved (now: %(state)s)."
        ),
    },
)

#: Every table, by the model whose state it moves (checked against the models' choices).
TABLES: Mapping[str, TransitionTable] = {
    "VillageElection": ELECTION,
    "GeneralElection": GENERAL,
    "RoundResult": ROUND,
    "TallySheet": TALLY_SHEET,
    "ViolationReport": VIOLATION_REPORT,
    "SecretaryElection": SECRETARY,
}
