"""The transition table of a stateful model: which action moves which state to which state.

Pure on purpose (no Django import): each app keeps its tables in its ``rules/`` package, where
they are tested by the table, and :func:`openvillage.core.writes.transition` applies them to a
row. A refusal is an English source string marked with ``gettext_noop``; ``%(state)s`` in it is
filled with the label of the current state, in the user's language, when it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from openvillage.core.text import gettext_noop

#: Said when an action has no refusal of its own.
DEFAULT_REFUSAL = gettext_noop("This cannot be done while it is %(state)s.")


@dataclass(frozen=True)
class TransitionTable:
    """States, the allowed ``(from, action) -> to`` moves and a refusal per action.

    ``entity`` is the audit prefix ``<app>.<entity>``: the action ``submit`` of the table
    ``disclosure.item`` is audited as ``disclosure.item.submit``.
    """

    entity: str
    states: tuple[str, ...]
    moves: Mapping[tuple[str, str], str]
    refusals: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = set(self.states)
        for (source, action), target in self.moves.items():
            if source not in known or target not in known:
                raise ValueError(f"{self.entity}: {source} --{action}--> {target} names no state")
        for action in self.refusals:
            if action not in self.actions:
                raise ValueError(f"{self.entity}: refusal for unknown action {action}")

    @property
    def actions(self) -> frozenset[str]:
        """Every action the table knows."""
        return frozenset(action for _source, action in self.moves)

    def target(self, state: str, action: str) -> str | None:
        """The state ``action`` leads to from ``state``, or None if it is not allowed there."""
        if action not in self.actions:
            raise KeyError(f"{self.entity} has no action {action}")
        return self.moves.get((state, action))

    def allows(self, state: str, action: str) -> bool:
        """Whether ``action`` may be taken in ``state``."""
        return self.target(state, action) is not None

    def sources(self, action: str) -> frozenset[str]:
        """The states in which ``action`` may be taken."""
        return frozenset(source for source, name in self.moves if name == action)

    def refusal(self, action: str) -> str:
        """The sentence that explains why ``action`` is refused (placeholder ``%(state)s``)."""
        return self.refusals.get(action, DEFAULT_REFUSAL)

    def audit_action(self, action: str) -> str:
        """The audit code of ``action``: ``<app>.<entity>.<verb>``."""
        return f"{self.entity}.{action}"


def moves_from(sources: Iterable[str], action: str, target: str) -> dict[tuple[str, str], str]:
    """Spell one action taken from several states: ``{(s, action): target for s in sources}``."""
    return {(source, action): target for source in sources}
