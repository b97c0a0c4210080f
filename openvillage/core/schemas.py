"""Check a configuration file (YAML) against its schema; every fault names the file, the path to
the field and the reason, in the user's language.

Pure (no Django import), so that rule modules define their schemas with pydantic and raise
:class:`ConfigInvalid` themselves. The store of versions is :mod:`openvillage.core.rulesets`.

A schema is a pydantic model with ``extra="forbid"`` (see :class:`Schema`); pydantic's own error
types are turned into sentences marked for translation below, and a validator that needs its own
sentence raises :class:`Fault` (a ``ValueError``) with a ``gettext_noop`` message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from openvillage.core.errors import DomainError, InvalidInput
from openvillage.core.text import gettext_noop

T = TypeVar("T")


class Schema(BaseModel):
    """Base of every configuration schema: unknown keys are faults (typing mistakes), values are
    not coerced (``"3"`` is not a number), and the parsed document is read-only."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Fault(ValueError):
    """One fault of a configuration file: where (``path``, e.g. ``powers[3].name``) and why."""

    def __init__(
        self, message: str, params: Mapping[str, Any] | None = None, *, path: str = ""
    ) -> None:
        self.message = message
        self.params = dict(params or {})
        self.path = path
        super().__init__(self.render())

    def render(self) -> str:
        return InvalidInput(self.message, self.params).render(self.message)

    def translated(self) -> str:
        """The reason in the active language (Django's gettext, imported lazily)."""
        return InvalidInput(self.message, self.params).translated()


class ConfigInvalid(InvalidInput, ValueError):
    """A configuration file has faults; ``faults`` lists them all, the message names the first.

    Also a ``ValueError``, as the loaders' errors were before there was one format for them.
    """

    def __init__(self, file: str, faults: Sequence[Fault]) -> None:
        self.file = file
        self.faults = tuple(faults)
        first = self.faults[0]
        super().__init__(
            gettext_noop("%(file)s, at %(path)s: %(reason)s (%(count)s fault(s) in all)"),
            {
                "file": file,
                "path": first.path or "/",
                "reason": first.render(),
                "count": len(self.faults),
            },
            field="yaml",
        )

    def translated(self) -> str:
        reason = self.faults[0].translated()
        return InvalidInput(self.message, {**self.params, "reason": reason}).translated()

    def lines(self, translate: bool = False) -> list[str]:
        """One line per fault: ``file, at path: reason``."""
        return [
            f"{self.file}, {f.path or '/'}: {f.translated() if translate else f.render()}"
            for f in self.faults
        ]


# Pydantic's error types -> our sentences; ``%(name)s`` comes from the error's context.
MESSAGES: Mapping[str, str] = {
    "missing": gettext_noop("This field is required."),
    "extra_forbidden": gettext_noop("This field is not known here (a typing mistake?)."),
    "string_type": gettext_noop("Must be text."),
    "string_too_short": gettext_noop("Must not be empty."),
    "string_pattern_mismatch": gettext_noop("Is not written as expected."),
    "int_type": gettext_noop("Must be a whole number."),
    "int_parsing": gettext_noop("Must be a whole number."),
    "int_from_float": gettext_noop("Must be a whole number."),
    "bool_type": gettext_noop("Must be true or false."),
    "bool_parsing": gettext_noop("Must be true or false."),
    "date_type": gettext_noop("Must be a date written as YYYY-MM-DD."),
    "date_parsing": gettext_noop("Must be a date written as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_noop("Must be a date written as YYYY-MM-DD."),
    "list_type": gettext_noop("Must be a list."),
    "tuple_type": gettext_noop("Must be a list."),
    "dict_type": gettext_noop("Must be a group of named fields."),
    "model_type": gettext_noop("Must be a group of named fields."),
    "model_attributes_type": gettext_noop("Must be a group of named fields."),
    "literal_error": gettext_noop("Must be one of: %(expected)s."),
    "enum": gettext_noop("Must be one of: %(expected)s."),
    "greater_than": gettext_noop("Must be more than %(gt)s."),
    "greater_than_equal": gettext_noop("Must be at least %(ge)s."),
    "less_than": gettext_noop("Must be less than %(lt)s."),
    "less_than_equal": gettext_noop("Must be at most %(le)s."),
    "too_short": gettext_noop("Must have at least %(min_length)s entries."),
    "too_long": gettext_noop("Must have at most %(max_length)s entries."),
}
FALLBACK = gettext_noop("Is not valid: %(detail)s")


def path_text(loc: Sequence[int | str]) -> str:
    """``("powers", 2, "name")`` -> ``powers[3].name`` (list entries counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def faults_of(error: ValidationError) -> list[Fault]:
    """Turn pydantic's errors into faults with our messages (ours, from a validator, first)."""
    faults = []
    for item in error.errors(include_url=False):
        path = path_text(item["loc"])
        context = item.get("ctx") or {}
        raised = context.get("error")
        if isinstance(raised, Fault):
            faults.append(Fault(raised.message, raised.params, path=raised.path or path))
            continue
        if isinstance(raised, DomainError):
            faults.append(Fault(raised.message, raised.params, path=path))
            continue
        message = MESSAGES.get(item["type"])
        params = {k: v for k, v in context.items() if k != "error"}
        if "expected" in params:  # "'a' or 'b'": the codes stay, the English word goes
            params["expected"] = str(params["expected"]).replace(" or ", ", ")
        if message is None:
            message, params = FALLBACK, {"detail": item["msg"]}
        faults.append(Fault(message, params, path=path))
    return faults


@cache
def _adapter(schema: Any) -> TypeAdapter[Any]:
    return TypeAdapter(schema)


def load_yaml(text: str, *, file: str) -> Any:
    """Read YAML text; a syntax error is :class:`ConfigInvalid` naming the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(err, "problem", None) or str(err)
        fault = Fault(
            gettext_noop("Not valid YAML near line %(line)s: %(problem)s"),
            {"line": line, "problem": problem},
        )
        raise ConfigInvalid(file, [fault]) from None


def check(schema: Any, data: Any, *, file: str) -> Any:
    """Validate loaded data against ``schema`` (a :class:`Schema` or a type such as
    ``dict[str, SomeSchema]``); every fault is reported at once."""
    adapter = _adapter(schema)
    try:
        return adapter.validate_python(data, strict=True)
    except ValidationError as err:
        raise ConfigInvalid(file, faults_of(err)) from None


@dataclass(frozen=True)
class Kind(Generic[T]):
    """A kind of versioned configuration: how to read one file of it, and the shipped default.

    ``parse(text, file)`` returns the parsed document or raises :class:`ConfigInvalid` (or
    another ``InvalidInput``); ``identity`` gives its ``(region, version)``.
    """

    code: str
    label: str
    parse: Callable[[str, str], T]
    identity: Callable[[T], tuple[str, str]]
    default_path: Path | None = None
    default_region: str = "default"

    @property
    def default_file(self) -> str:
        return self.default_path.name if self.default_path else self.code

    def default_text(self) -> str:
        if self.default_path is None:
            raise InvalidInput(
                gettext_noop("%(kind)s has no shipped default."), {"kind": self.code}
            )
        return self.default_path.read_text(encoding="utf-8")
