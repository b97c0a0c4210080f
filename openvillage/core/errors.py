"""Domain errors: what went wrong, in a sentence a village clerk understands.

Pure on purpose (no Django import) so that rule modules can raise them. The message is an
English source string marked with :func:`openvillage.core.text.gettext_noop` and formatted with
``%(name)s`` placeholders from ``params``; :meth:`DomainError.translated` renders it in the active
language. Views and the API map the classes to HTTP statuses:

- :class:`InvalidInput` -> 400/422, naming the ``field`` (and ``row`` for imports);
- :class:`WrongState` -> 409 (the action does not fit the object's current state);
- :class:`NotAllowed` -> 403 (outside the actor's scope or role);
- :class:`NotFound` -> 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """Base class: a translatable message with parameters and an optional field."""

    http_status = 400

    def __init__(
        self,
        message: str,
        params: Mapping[str, Any] | None = None,
        *,
        field: str | None = None,
        code: str | None = None,
    ) -> None:
        self.message = message
        self.params: dict[str, Any] = dict(params or {})
        self.field = field
        self.code = code or type(self).__name__
        super().__init__(self.render(message))

    def render(self, template: str) -> str:
        """Fill the placeholders of ``template`` (the message, or its translation)."""
        try:
            return template % self.params if self.params else template
        except (KeyError, TypeError, ValueError):
            return template

    def translated(self) -> str:
        """Return the message in the active language (imports Django lazily), without the rule
        codes it cites: a clerk reads the rule in words (:attr:`rules` keeps the codes)."""
        from django.utils.translation import gettext

        from openvillage.core.rulecodes import split_rule_refs

        return split_rule_refs(self.render(gettext(self.message)))[0]

    @property
    def rules(self) -> list[str]:
        """The rule codes the message cites ("V19"), for an official who looks them up."""
        from openvillage.core.rulecodes import split_rule_refs

        return split_rule_refs(self.message)[1]


class InvalidInput(DomainError):
    """The input itself is wrong: a field, a row, a value out of range."""

    http_status = 422


class WrongState(DomainError):
    """The action does not fit the current state of the object (HTTP 409)."""

    http_status = 409


class NotAllowed(DomainError):
    """The actor may not do this, or not on this object (HTTP 403)."""

    http_status = 403


class NotFound(DomainError):
    """The object does not exist or is not visible to the actor (HTTP 404)."""

    http_status = 404
