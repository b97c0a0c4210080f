"""core.writes: lock, transition (check, save, one audit row) and publish (ledger + hook).

A calendar day's ``kind`` serves as the stateful field: it has choices with labels and lives in
core, so these tests need no domain app.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from openvillage.core import audit, writes
from openvillage.core.audit import action_label
from openvillage.core.errors import WrongState
from openvillage.core.models import AuditEntry, CalendarDay, CalendarKind
from openvillage.core.transitions import TransitionTable

DAY = TransitionTable(
    entity="core.day",
    states=tuple(CalendarKind.values),
    moves={(CalendarKind.HOLIDAY, "adjust"): CalendarKind.WORKDAY},
    refusals={"adjust": "Only a day off can be made a working day; this one is %(state)s."},
)


@pytest.fixture(autouse=True)
def _day_action(monkeypatch):
    """The throwaway table's audit action, registered for these tests only (so the registry
    the other tests see holds only the apps' own actions)."""
    monkeypatch.setitem(
        audit._ACTIONS,
        "core.day.adjust",
        audit.AuditAction("core.day.adjust", "Day made a working day"),
    )


@pytest.fixture
def alice(cast):
    return cast["alice"]


@pytest.fixture
def holiday(db):
    return CalendarDay.objects.create(date=date(1999, 1, 4), kind=CalendarKind.HOLIDAY, name="N")


def test_transition_saves_the_new_state_and_writes_one_audit_row(holiday, alice):
    with transaction.atomic():
        day = writes.locked(holiday)
        writes.transition(day, "adjust", actor=alice, table=DAY, field="kind", note="swap")
    holiday.refresh_from_db()
    assert holiday.kind == CalendarKind.WORKDAY
    entry = AuditEntry.objects.get()
    assert entry.action == "core.day.adjust"
    assert entry.changes == {"kind": ["holiday", "workday"]}
    assert entry.note == "swap" and entry.actor == alice


def test_transition_saves_only_the_fields_it_changes(holiday, alice):
    with CaptureQueriesContext(connection) as queries:
        writes.transition(holiday, "adjust", actor=alice, table=DAY, field="kind")
    update = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE"))
    assert '"kind"' in update and '"name"' not in update and '"date"' not in update


def test_a_refused_transition_names_the_state_label_and_writes_nothing(holiday, alice):
    holiday.kind = CalendarKind.WORKDAY
    holiday.save()
    with pytest.raises(WrongState) as caught, translation.override("en"):
        writes.transition(holiday, "adjust", actor=alice, table=DAY, field="kind")
    assert "Adjusted working day" in str(caught.value)
    assert "workday" not in str(caught.value).replace("working day", "")
    assert not AuditEntry.objects.exists()


def test_changes_are_saved_and_audited_with_the_state(holiday, alice):
    writes.transition(
        holiday, "adjust", actor=alice, table=DAY, field="kind", changes={"name": "Swap"}
    )
    holiday.refresh_from_db()
    assert holiday.name == "Swap"
    assert AuditEntry.objects.get().changes == {
        "kind": ["holiday", "workday"],
        "name": ["N", "Swap"],
    }


def test_locked_locks_the_row_alone(holiday):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        writes.locked(CalendarDay.objects.filter(pk=holiday.pk)).get()
    sql = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT"))
    if connection.features.has_select_for_update_of:
        assert 'FOR UPDATE OF "core_calendarday"' in sql
    else:  # SQLite has no row locks: a plain read
        assert "FOR UPDATE" not in sql


@pytest.fixture
def publish_handlers(monkeypatch):
    """Only the test's own handlers (the apps' handlers expect disclosure items)."""
    from openvillage.core import extensions

    registry = extensions.Registry("On-publish handler")
    monkeypatch.setattr(extensions, "publish_handlers", registry)
    # The after-commit event speaks of disclosure items (version number, village); the test
    # publishes a calendar day, so only the in-transaction handlers are exercised here.
    monkeypatch.setattr(extensions, "emit", lambda *args, **data: None)
    return registry


def test_publish_appends_to_the_ledger_and_announces_in_the_same_transaction(
    holiday, cast, publish_handlers
):
    from openvillage.core.extensions import PublishHandler
    from openvillage.ledger.models import Entry

    seen = []

    def handle(**told):
        seen.append((told, Entry.objects.filter(object_id=str(holiday.pk)).exists()))

    # Shaped like a disclosure item and its version, which is what announcements speak of.
    item = SimpleNamespace(pk=holiday.pk, village_id=None)
    version = SimpleNamespace(number=1)
    with publish_handlers.temporarily(PublishHandler("test", handle)), transaction.atomic():
        entry_id = writes.publish(
            kind="test",
            obj=holiday,
            version=1,
            content={"a": 1},
            announce={"item": item, "version": version, "actor": cast["vic"]},
        )
        assert seen == [({"item": item, "version": version, "actor": cast["vic"]}, True)]
    assert Entry.objects.get(pk=entry_id).object_id == str(holiday.pk)


def test_publish_without_announce_tells_no_handler(holiday, publish_handlers):
    from openvillage.core.extensions import PublishHandler

    seen = []
    handler = PublishHandler("test", lambda **told: seen.append(told))
    with publish_handlers.temporarily(handler), transaction.atomic():
        writes.publish(kind="test", obj=holiday, version=1, content="withdrawn")
    assert seen == []


def test_the_audit_log_shows_a_label_not_a_code(db):
    with translation.override("zh-hans"):
        assert action_label("core.calendar.load_year") == "导入节假日安排"
        assert action_label("no.such.code") == "其他变更"


def test_an_unregistered_action_is_refused_in_tests(db):
    from openvillage.core.audit import audit_log

    with pytest.raises(ValueError):
        audit_log(actor="system", action="disclosure.item.paint")
    with pytest.raises(ValueError):
        audit_log(actor="system", action="org.import")  # the old name, outside the scheme


def test_an_old_name_still_shows_its_label(db):
    with translation.override("zh-hans"):
        assert action_label("disclosure.item_publish") == action_label("disclosure.item.publish")
        assert action_label("decisions.case_open") == "开始办理事项"
