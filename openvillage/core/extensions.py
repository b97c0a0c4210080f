"""Extension points: how an app shows itself without anyone editing `web` or a sibling.

Each app fills these registries in its ``AppConfig.ready()`` (as :mod:`openvillage.core.periodic`
does for jobs). They live in ``core`` so that no app imports upward to register, and ``web`` reads
them to build the village page, the staff menu, the staff home, the URLs, the API and the demo.

Entries are plain frozen dataclasses ordered by ``order`` (then name). A second entry under a
name already taken is refused, so two apps cannot silently shadow each other; tests add a
throwaway entry with :meth:`Registry.temporarily`.

Registries, with what they hold:

- :data:`village_sections`: a part of the public village page (template, context, its part of
  the page's ETag as ORM expressions annotated on the village's ``org.Unit`` row).
- :data:`menu_entries`: a link in the staff console's menu, for some roles or all.
- :data:`attention_sources`: the staff home's "needs attention" box: counts with a link to the work.
- :data:`public_urls`, :data:`staff_urls`: URL includes at ``/`` and at ``/staff/``.
- :data:`api_routers`: django-ninja routers mounted on ``/api/v1/``.
- :data:`demo_builders`: steps of ``openvillage demo``, run after the ones they depend on.
- :data:`publish_handlers`: told, inside the publishing transaction, that a disclosure item was
  published (an app recognises its own items, e.g. a case's resolution).
- :func:`subscribe` / :func:`emit`: domain events delivered once the transaction commits.
- :data:`analytics_stats`, :data:`problem_sources`, :data:`assessment_facts`: the hooks of the next
  capabilities (county analytics, supervision's one problem list, assessment's points). Empty for
  now; their signatures are documented on each class.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

log = logging.getLogger(__name__)


class _Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def order(self) -> int: ...


E = TypeVar("E", bound=_Named)


class Registry(Generic[E]):
    """Named entries of one kind, iterated by ``order`` then name."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, E] = {}

    def register(self, entry: E) -> E:
        if entry.name in self._entries:
            raise ImproperlyConfigured(f"{self.kind} {entry.name!r} is registered twice.")
        self._entries[entry.name] = entry
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    def get(self, name: str) -> E | None:
        return self._entries.get(name)

    def __iter__(self) -> Iterator[E]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.name)))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    @contextmanager
    def temporarily(self, *entries: E) -> Iterator[None]:
        """Register ``entries`` for the duration of a block (tests)."""
        for entry in entries:
            self.register(entry)
        try:
            yield
        finally:
            for entry in entries:
                self.unregister(entry.name)


def _roles(roles: Sequence[str] | None) -> frozenset[str] | None:
    return None if roles is None else frozenset(str(r) for r in roles)


def resolve(ref: Any) -> Any:
    """``"package.module:attribute"`` -> that attribute (imported now); anything else as it is."""
    if isinstance(ref, str) and ":" in ref:
        module, _sep, attribute = ref.partition(":")
        return getattr(import_module(module), attribute)
    return ref


def role_allows(roles: frozenset[str] | None, user: Any) -> bool:
    """Whether an entry for ``roles`` (None: every role) shows to ``user`` (superusers: all)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or roles is None:
        return True
    return getattr(user, "role", None) in roles


# --- the public village page ----------------------------------------------------------------


@dataclass(frozen=True)
class VillageSection:
    """A part of ``/v/<village_code>/``, rendered in ``order``.

    ``context(request, village, stamp)`` returns the template's context; ``village`` is the
    public ``org.Unit`` and ``stamp`` the values of every section's ``stamp`` for this village.
    ``stamp()`` returns ``{key: expression}`` to annotate on the village's ``Unit`` row
    (``OuterRef("pk")`` is the village): the whole page's ETag and Last-Modified come from one
    query over all sections, so the page stays one cached render. Keys must be unique across
    sections (prefix them with the section's name); a datetime value also counts toward
    Last-Modified. A section that shows nothing changing (a fixed link) returns ``{}``. The
    shell builds the SQL once per process, so the expressions may read only the database.
    """

    name: str
    template: str
    context: Callable[[Any, Any, Mapping[str, Any]], Mapping[str, Any]]
    stamp: Callable[[], Mapping[str, Any]] = dict
    order: int = 100


village_sections: Registry[VillageSection] = Registry("Village page section")


def register_village_section(
    name: str,
    *,
    template: str,
    context: Callable[[Any, Any, Mapping[str, Any]], Mapping[str, Any]],
    stamp: Callable[[], Mapping[str, Any]] = dict,
    order: int = 100,
) -> VillageSection:
    return village_sections.register(VillageSection(name, template, context, stamp, order))


@dataclass(frozen=True)
class PageExtra:
    """A snippet that a sibling's page shows on another app's page, without the two naming each
    other: e.g. the feedback app's "questions about this disclosure" on a disclosure item page.

    ``slot`` names the place (``"disclosure.item"``, ``"disclosure.module"``); the host page calls
    ``{% page_extras "disclosure.item" %}`` and each extra's template is rendered with the host's
    context plus ``context(context)`` (a mapping; return ``None`` to show nothing).
    """

    name: str
    slot: str
    template: str
    context: Callable[[Mapping[str, Any]], Mapping[str, Any] | None] = lambda ctx: {}
    order: int = 100


page_extras: Registry[PageExtra] = Registry("Page extra")


def register_page_extra(
    name: str,
    *,
    slot: str,
    template: str,
    context: Callable[[Mapping[str, Any]], Mapping[str, Any] | None] = lambda ctx: {},
    order: int = 100,
) -> PageExtra:
    return page_extras.register(PageExtra(name, slot, template, context, order))


def extras_for(slot: str) -> list[PageExtra]:
    return [extra for extra in page_extras if extra.slot == slot]


# --- the staff console ------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuEntry:
    """A link in the staff menu. ``label`` is lazily translated; ``roles`` None: every role."""

    name: str
    label: Any
    url_name: str
    roles: frozenset[str] | None = None
    order: int = 100


menu_entries: Registry[MenuEntry] = Registry("Staff menu entry")


def register_menu_entry(
    name: str, *, label: Any, url_name: str, roles: Sequence[str] | None = None, order: int = 100
) -> MenuEntry:
    return menu_entries.register(MenuEntry(name, label, url_name, _roles(roles), order))


def menu_for(user: Any) -> list[MenuEntry]:
    return [entry for entry in menu_entries if role_allows(entry.roles, user)]


@dataclass(frozen=True)
class Attention:
    """One line of the "needs attention" box: how many, where the work is, what it is."""

    count: int
    url: str
    label: str
    tag: str = ""  # a word shown before the link, e.g. "late"
    tone: str = ""  # "warn" for late work


@dataclass(frozen=True)
class AttentionSource:
    """A contributor to the staff home's "needs attention" box, for some roles or all.

    Either ``items(user, today) -> list[Attention]`` (lines with a count and a link; the shell
    shows those with a count above zero), or a ``template`` rendered with ``context(request)``
    for a box that lists the works themselves.
    """

    name: str
    roles: frozenset[str] | None = None
    order: int = 100
    items: Callable[[Any, date], Sequence[Attention]] | None = None
    template: str | None = None
    context: Callable[[Any], Mapping[str, Any]] | None = None
    title: Any = ""

    def __post_init__(self) -> None:
        if (self.items is None) == (self.template is None or self.context is None):
            raise ImproperlyConfigured(
                f"Attention source {self.name!r} needs either items, or a template and a context."
            )


attention_sources: Registry[AttentionSource] = Registry("Attention source")


def register_attention(
    name: str,
    *,
    roles: Sequence[str] | None = None,
    order: int = 100,
    items: Callable[[Any, date], Sequence[Attention]] | None = None,
    template: str | None = None,
    context: Callable[[Any], Mapping[str, Any]] | None = None,
    title: Any = "",
) -> AttentionSource:
    source = AttentionSource(name, _roles(roles), order, items, template, context, title)
    return attention_sources.register(source)


def attention_for(user: Any) -> list[AttentionSource]:
    return [source for source in attention_sources if role_allows(source.roles, user)]


# --- URLs and the API -------------------------------------------------------------------------


@dataclass(frozen=True)
class UrlInclude:
    """``urlconf`` mounted under ``prefix``: a module path (``"app.urls"``, its ``urlpatterns``),
    ``"app.urls:staff_urlpatterns"``, or a list of patterns."""

    name: str
    urlconf: Any
    prefix: str = ""
    order: int = 100


public_urls: Registry[UrlInclude] = Registry("Public URL include")
staff_urls: Registry[UrlInclude] = Registry("Staff URL include")


def register_public_urls(name: str, urlconf: Any, *, prefix: str = "", order: int = 100) -> None:
    """Mount ``urlconf`` at ``/<prefix>``. Public paths are forever: never rename one."""
    public_urls.register(UrlInclude(name, urlconf, prefix, order))


def register_staff_urls(name: str, urlconf: Any, *, prefix: str = "", order: int = 100) -> None:
    """Mount ``urlconf`` at ``/staff/<prefix>``."""
    staff_urls.register(UrlInclude(name, urlconf, prefix, order))


def mount(registry: Registry[UrlInclude]) -> list[Any]:
    """The URL patterns that include every entry of ``public_urls`` or ``staff_urls``."""
    from django.urls import include, path

    return [path(entry.prefix, include(resolve(entry.urlconf))) for entry in registry]


@dataclass(frozen=True)
class ApiRouter:
    """A ninja ``Router``, or ``"module:attribute"`` naming one, mounted at ``/api/v1<prefix>``."""

    name: str
    router: Any
    prefix: str = "/"
    order: int = 100


api_routers: Registry[ApiRouter] = Registry("API router")


def register_api_router(name: str, router: Any, *, prefix: str = "/", order: int = 100) -> None:
    api_routers.register(ApiRouter(name, router, prefix, order))


# --- the demo ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoBuilder:
    """A step of ``openvillage demo``: ``build(options) -> str`` (one line said to the user, or
    "" for nothing) runs after every builder named in ``after``; ``add_arguments(parser)`` adds
    its own command-line options (``options`` holds every option of the command)."""

    name: str
    build: Callable[[Mapping[str, Any]], str]
    after: tuple[str, ...] = ()
    add_arguments: Callable[[Any], None] | None = None
    order: int = 100


demo_builders: Registry[DemoBuilder] = Registry("Demo builder")


def register_demo_builder(
    name: str,
    build: Callable[[Mapping[str, Any]], str],
    *,
    after: Sequence[str] = (),
    add_arguments: Callable[[Any], None] | None = None,
    order: int = 100,
) -> None:
    demo_builders.register(DemoBuilder(name, build, tuple(after), add_arguments, order))


def demo_plan() -> list[DemoBuilder]:
    """The builders in an order where each comes after those it depends on (then by order)."""
    pending = list(demo_builders)
    done: list[DemoBuilder] = []
    names: set[str] = set()
    while pending:
        ready = [b for b in pending if set(b.after) <= names]
        if not ready:
            missing = {b.name: sorted(set(b.after) - names) for b in pending}
            raise ImproperlyConfigured(f"Demo builders wait on missing or circular steps {missing}")
        first = ready[0]
        pending.remove(first)
        done.append(first)
        names.add(first.name)
    return done


# --- publication and domain events ------------------------------------------------------------


@dataclass(frozen=True)
class PublishHandler:
    """``handle(item=..., version=..., actor=...)``, called inside the transaction that publishes a
    disclosure item, after its ledger entry. The handler returns at once when the item is not one
    its app created (one indexed query). Whatever it raises rolls the publication back, so a
    handler that may refuse (a closed case) catches its own domain errors in a savepoint."""

    name: str
    handle: Callable[..., None]
    order: int = 100


publish_handlers: Registry[PublishHandler] = Registry("On-publish handler")


def register_on_publish(name: str, handle: Callable[..., None], *, order: int = 100) -> None:
    publish_handlers.register(PublishHandler(name, handle, order))


PUBLISHED = "disclosure.published"
#: A decision case under the power list was completed or rejected: ``case_id``, ``village_id``,
#: ``status`` ("completed" or "rejected"), emitted by the decisions services after the commit.
CASE_CLOSED = "decisions.case_closed"


def published(*, item: Any, version: Any, actor: Any) -> None:
    """Tell every app that ``item`` was published as ``version`` (call inside the transaction):
    the on-publish handlers at once, then the subscribers of :data:`PUBLISHED` after the commit
    (with ``item_id``, ``version`` (its number) and ``village_id``)."""
    for handler in publish_handlers:
        handler.handle(item=item, version=version, actor=actor)
    emit(PUBLISHED, item_id=item.pk, version=version.number, village_id=item.village_id)


_subscribers: dict[str, list[Callable[..., None]]] = {}


def subscribe(event: str, handler: Callable[..., None]) -> None:
    """Call ``handler(**data)`` after the commit of every transaction that emits ``event``."""
    handlers = _subscribers.setdefault(event, [])
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event: str, handler: Callable[..., None]) -> None:
    if handler in _subscribers.get(event, []):
        _subscribers[event].remove(handler)


def emit(event: str, **data: Any) -> None:
    """Deliver ``event`` to its subscribers once the current transaction commits (at once in
    autocommit; never if it rolls back). A failing subscriber is logged and the others still run."""
    for handler in list(_subscribers.get(event, ())):
        transaction.on_commit(_deliver(event, handler, data), robust=True)


def _deliver(event: str, handler: Callable[..., None], data: dict[str, Any]) -> Callable[[], None]:
    def run() -> None:
        log.debug("event %s -> %s", event, getattr(handler, "__qualname__", handler))
        handler(**data)

    return run


# --- hooks of the next capabilities (empty until those apps register) -------------------------


@dataclass(frozen=True)
class StatSpec:
    """A pre-aggregated measure of the county's view (analytics, after Zulip's CountStat).

    ``fill(day) -> Mapping[int, int]`` returns the value per village id for one local day;
    ``kind`` is ``"snapshot"`` (a level, e.g. open cases on that day) or ``"flow"`` (what
    happened that day, e.g. messages received). Values are integers; analytics rolls them up
    village -> town -> county and keeps a fill state per stat.
    """

    name: str
    label: Any
    fill: Callable[[date], Mapping[int, int]]
    kind: str = "snapshot"
    order: int = 100
    #: ``link(unit, start, end) -> url``: the list behind the figure, filtered to the unit and
    #: the days it counts (``start == end`` for a snapshot), optional. See org.listfilter.
    link: Callable[[Any, date, date], str] | None = None


analytics_stats: Registry[StatSpec] = Registry("Analytics stat")


def register_stat(
    name: str,
    *,
    label: Any,
    fill: Callable[[date], Mapping[int, int]],
    kind: str = "snapshot",
    order: int = 100,
    link: Callable[[Any, date, date], str] | None = None,
) -> StatSpec:
    """Register a stat of the county's view (see :class:`StatSpec`)."""
    if kind not in ("snapshot", "flow"):
        raise ImproperlyConfigured(f"Analytics stat {name!r}: kind must be snapshot or flow.")
    return analytics_stats.register(
        StatSpec(name=name, label=label, fill=fill, kind=kind, order=order, link=link)
    )


@dataclass(frozen=True)
class ProblemSource:
    """A kind of problem an app raises into supervision's one problem list.

    The raising app registers its source here and never imports supervision: supervision puts a
    "put on the problem list" button on the source's page, at the page-extra ``slot`` the source
    names (the host page calls ``{% page_extras slot %}``); ``locate(context)`` returns the id of
    the source record the host page shows (``None``: no button, e.g. not late yet).
    ``describe(object_id) -> Mapping`` returns ``{"title", "url", "unit_path"}`` (the village's
    path), optionally ``"description"`` and ``"raisable"`` (``False``: not a problem now, e.g. a
    disclosure published meanwhile); ``{}`` when there is no such record. ``on_closed(object_id,
    actor)`` (optional) is told when the rectification is closed. One problem per source record.
    """

    name: str
    label: Any
    describe: Callable[[int], Mapping[str, Any]]
    on_closed: Callable[[int, Any], None] | None = None
    order: int = 100
    slot: str = ""
    locate: Callable[[Mapping[str, Any]], int | None] | None = None


problem_sources: Registry[ProblemSource] = Registry("Problem source")


@dataclass(frozen=True)
class FactSource:
    """A fact assessment awards points on, e.g. "disclosures published on time in the period".

    ``facts(village_ids, start, end) -> Mapping[int, int]`` returns an integer per village id
    for the period ``[start, end]`` (local dates); the star scheme (YAML) maps facts to points.
    """

    name: str
    label: Any
    facts: Callable[[Sequence[int], date, date], Mapping[int, int]]
    order: int = 100
    unit: str = field(default="count")


assessment_facts: Registry[FactSource] = Registry("Assessment fact")
