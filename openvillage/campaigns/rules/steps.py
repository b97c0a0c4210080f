"""The seven-step method (campaigns.md §6) as a transition table, pure.

G1: the steps run in order; step 6 (legal action) is optional, so closure follows step 5 or 6.
A row's state is the last step done; ``registered`` means in the register, no step recorded yet.
G2 (closure checked by someone outside the village's two committees) is checked by the service.
"""

from __future__ import annotations

from openvillage.core.text import gettext_noop
from openvillage.core.transitions import TransitionTable

REGISTERED = "registered"
INVENTORY = "inventory"
FACT_CHECK = "fact_check"
CLASSIFICATION = "classification"
PLAN_DECISION = "plan_decision"
NEGOTIATION = "negotiation"
LEGAL_ACTION = "legal_action"
CLOSED = "publicity_closure"

#: The steps in their order (1 to 7).
STEPS: tuple[str, ...] = (
    INVENTORY,
    FACT_CHECK,
    CLASSIFICATION,
    PLAN_DECISION,
    NEGOTIATION,
    LEGAL_ACTION,
    CLOSED,
)
OPTIONAL_STEPS = frozenset({LEGAL_ACTION})

ITEM = TransitionTable(
    entity="campaigns.item",
    states=(REGISTERED, *STEPS),
    moves={
        (REGISTERED, INVENTORY): INVENTORY,
        (INVENTORY, FACT_CHECK): FACT_CHECK,
        (FACT_CHECK, CLASSIFICATION): CLASSIFICATION,
        (CLASSIFICATION, PLAN_DECISION): PLAN_DECISION,
        (PLAN_DECISION, NEGOTIATION): NEGOTIATION,
        (NEGOTIATION, LEGAL_ACTION): LEGAL_ACTION,
        (NEGOTIATION, CLOSED): CLOSED,
        (LEGAL_ACTION, CLOSED): CLOSED,
    },
    refusals={
        action: gettext_noop(
            "The steps run in order: this step cannot be recorded while the item is at “%(state)s”."
        )
        for action in STEPS
    },
)


def step_number(step: str) -> int:
    """The number (1-7) of a step code."""
    return STEPS.index(step) + 1


def next_steps(state: str) -> tuple[str, ...]:
    """The steps that may be recorded next from ``state``, in step order."""
    return tuple(step for step in STEPS if ITEM.allows(state, step))
