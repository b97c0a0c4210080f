"""The registries of core.extensions: order, refusals, demo dependencies, on-commit events."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from openvillage.core import extensions
from openvillage.core.extensions import DemoBuilder, MenuEntry, Registry


def entry(name: str, order: int = 100) -> MenuEntry:
    return MenuEntry(name=name, label=name, url_name="staff-home", order=order)


def test_entries_come_in_their_order_then_by_name():
    registry: Registry[MenuEntry] = Registry("Probe")
    for e in (entry("b", 20), entry("z", 10), entry("a", 20)):
        registry.register(e)
    assert [e.name for e in registry] == ["z", "a", "b"]


def test_a_name_registered_twice_is_refused():
    registry: Registry[MenuEntry] = Registry("Probe")
    registry.register(entry("x"))
    with pytest.raises(ImproperlyConfigured, match="'x' is registered twice"):
        registry.register(entry("x", 5))


def test_a_temporary_entry_is_gone_after_its_block():
    registry: Registry[MenuEntry] = Registry("Probe")
    with registry.temporarily(entry("x")):
        assert "x" in registry
    assert "x" not in registry and len(registry) == 0


def test_every_app_registered_its_menu_entry_and_routers():
    names = [e.name for e in extensions.menu_entries]
    assert names[:2] == ["home", "units"]
    assert names.index("people") < names.index("imports")
    assert {"analytics", "disclosure", "decisions", "feedback", "elections"} <= set(names)
    routers = [r.name for r in extensions.api_routers]
    assert routers[0] == "org" and "ledger" in routers


def test_the_menu_follows_the_role(cast, superuser):
    def shown(user):
        return {e.name for e in extensions.menu_for(user)}

    assert "audit" in shown(cast["alice"]) and "accounts" in shown(cast["alice"])
    assert "audit" in shown(cast["cora"]) and "accounts" not in shown(cast["cora"])
    assert "audit" not in shown(cast["vic"]) and "accounts" not in shown(cast["vic"])
    assert {"audit", "accounts"} <= shown(superuser)


def build(name: str, after=(), order=100, log=None) -> DemoBuilder:
    return DemoBuilder(name, lambda options: log.append(name) or "", tuple(after), None, order)


def test_demo_builders_run_after_those_they_depend_on():
    log: list[str] = []
    probes = [
        build("zz.first", order=1, after=("zz.third",), log=log),
        build("zz.second", order=2, log=log),
        build("zz.third", order=3, after=("zz.second",), log=log),
    ]
    with extensions.demo_builders.temporarily(*probes):
        plan = [b.name for b in extensions.demo_plan() if b.name.startswith("zz.")]
    assert plan == ["zz.second", "zz.third", "zz.first"]


def test_a_demo_builder_waiting_on_a_missing_step_is_refused():
    lost = build("zz.lost", after=("zz.nowhere",), log=[])
    with (
        extensions.demo_builders.temporarily(lost),
        pytest.raises(ImproperlyConfigured, match="zz.nowhere"),
    ):
        extensions.demo_plan()


def test_an_event_is_delivered_after_commit_and_never_after_a_rollback(
    db, django_capture_on_commit_callbacks
):
    got: list[dict] = []

    def handler(**data):
        got.append(data)

    extensions.subscribe("probe.happened", handler)
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            extensions.emit("probe.happened", n=1)
            assert got == []  # not before the commit
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    extensions.emit("probe.happened", n=2)
                    raise RuntimeError
            except RuntimeError:
                pass
    finally:
        extensions.unsubscribe("probe.happened", handler)
    assert got == [{"n": 1}] and callbacks == []


def test_a_failing_subscriber_does_not_stop_the_others(db, django_capture_on_commit_callbacks):
    got: list[int] = []

    def broken(**data):
        raise ValueError("bug in a listener")

    def fine(**data):
        got.append(data["n"])

    extensions.subscribe("probe.other", broken)
    extensions.subscribe("probe.other", fine)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            extensions.emit("probe.other", n=7)
    finally:
        extensions.unsubscribe("probe.other", broken)
        extensions.unsubscribe("probe.other", fine)
    assert got == [7]


def test_an_attention_source_needs_items_or_a_template():
    with pytest.raises(ImproperlyConfigured):
        extensions.AttentionSource("probe")
    with pytest.raises(ImproperlyConfigured):
        extensions.AttentionSource("probe", items=lambda u, d: [], template="x.html", context=dict)


def test_the_domain_apps_register_their_stats_and_the_next_hooks_wait_for_their_apps():
    assert {"disclosure.published", "feedback.received", "feedback.open"} <= {
        spec.name for spec in extensions.analytics_stats
    }
    assert all(spec.kind in ("snapshot", "flow") for spec in extensions.analytics_stats)
    # Supervision registers the sources of §3 that no app of their own raises yet.
    assert {"inspection", "patrol", "audit", "villager"} <= {
        source.name for source in extensions.problem_sources
    }
    assert {
        "decision_step_flagged",
        "message_overdue",
        "org_life_missed",
        "training_completed",
    } <= {source.name for source in extensions.assessment_facts}


def test_a_publication_calls_the_handlers_at_once_and_the_subscribers_after_commit(
    db, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    calls: list[tuple] = []
    item = SimpleNamespace(pk=5, village_id=9)
    version = SimpleNamespace(number=2)

    def handle(*, item, version, actor):
        calls.append(("handler", item.pk, version.number, actor))

    def listen(**data):
        calls.append(("event", data))

    extensions.subscribe(extensions.PUBLISHED, listen)
    try:
        with (
            extensions.publish_handlers.temporarily(extensions.PublishHandler("probe", handle)),
            django_capture_on_commit_callbacks(execute=True),
            transaction.atomic(),
        ):
            extensions.published(item=item, version=version, actor="vic")
            assert calls == [("handler", 5, 2, "vic")]
    finally:
        extensions.unsubscribe(extensions.PUBLISHED, listen)
    assert calls[1] == ("event", {"item_id": 5, "version": 2, "village_id": 9})
