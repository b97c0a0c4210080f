"""Reads go to a healthy replica in a web request; writes and a writer's next reads to the primary.

A real second PostgreSQL connection stands in for the streaming replica (the same test database,
as Django's TEST MIRROR does), and a server that does not listen stands in for a replica that is
down. `scripts/province.sh` runs the real topology (primary, pg_basebackup replica, lag).
"""

from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone

from openvillage.core import replicas
from openvillage.core.models import Heartbeat
from openvillage.org.models import Unit

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="replicas are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, databases="__all__"),
]


@pytest.fixture
def replica_settings(settings):
    settings.DATABASE_REPLICAS = ["replica1"]
    settings.DATABASE_REPLICA_MAX_LAG = 5
    settings.DATABASE_PIN_SECONDS = 15
    replicas.health = replicas.Health()
    with override_settings(DATABASE_ROUTERS=["openvillage.core.replicas.ReplicaRouter"]):
        from django.db import router

        router.routers = [replicas.ReplicaRouter()]
        yield settings
        router.routers = []
    for alias in ("replica1", "replica_down"):
        connections[alias].close()


def test_outside_a_request_every_read_goes_to_the_primary(replica_settings):
    replicas.beat()
    assert Unit.objects.db == "default"


def test_inside_a_request_a_fresh_replica_is_read_and_a_lagging_one_is_not(replica_settings):
    replicas.beat()
    with replicas.replica_reads(pinned=False):
        assert Unit.objects.db == "replica1"
    Heartbeat.objects.filter(pk=1).update(beat=timezone.now() - timedelta(seconds=6))
    replicas.health = replicas.Health()
    with replicas.replica_reads(pinned=False):
        assert Unit.objects.db == "default"  # 6 s behind, bound 5 s


def test_an_idle_primary_does_not_look_like_lag_while_the_heartbeat_runs(replica_settings):
    Heartbeat.objects.filter(pk=1).delete()
    with replicas.replica_reads(pinned=False):
        assert Unit.objects.db == "default"  # no heartbeat yet: lag unknown, primary
    replicas.beat()
    replicas.health = replicas.Health()
    with replicas.replica_reads(pinned=False):
        assert Unit.objects.db == "replica1"


def test_after_a_write_the_rest_of_the_request_reads_the_primary(replica_settings, county):
    replicas.beat()
    with replicas.replica_reads(pinned=False):
        assert Unit.objects.db == "replica1"
        Unit.objects.filter(pk=county.pk).update(name="新名")
        assert replicas.wrote() and Unit.objects.db == "default"


def test_a_replica_that_is_down_is_skipped_and_a_read_on_it_is_retried_on_the_primary(
    replica_settings, county
):
    replicas.beat()
    replica_settings.DATABASE_REPLICAS = ["replica_down"]
    with replicas.replica_reads(pinned=False):
        assert Unit.objects.db == "default"
    # Sent there anyway (it passed its check just before going down): the primary answers.
    assert Unit.objects.using("replica_down").get(pk=county.pk).name == county.name


def test_a_read_whose_replica_connection_breaks_mid_way_is_retried_on_the_primary(
    replica_settings, county
):
    replicas.beat()
    replica = connections["replica1"]
    replica.ensure_connection()
    with (
        connection.cursor() as cursor
    ):  # the primary ends the replica's session, as a failover would
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = %s",
            [replica.connection.info.backend_pid],
        )
    assert Unit.objects.using("replica1").get(pk=county.pk).name == county.name
    assert replicas.health._healthy["replica1"] is False


def test_a_visitor_who_wrote_is_pinned_to_the_primary_for_the_window(
    replica_settings, client, cast
):
    replicas.beat()
    client.force_login(cast["vic"])
    client.get("/staff/")
    client.cookies.pop(replicas.PIN_COOKIE, None)
    seen = []
    from openvillage.core import replicas as module

    original = module.ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = original(self, model, **hints)
        seen.append(alias)
        return alias

    module.ReplicaRouter.db_for_read = spy
    try:
        client.get("/staff/")
        assert "replica1" in seen
        response = client.post("/staff/logout/", follow=False)  # writes the session
        assert replicas.PIN_COOKIE in response.cookies
        seen.clear()
        client.force_login(cast["vic"])
        client.get("/staff/")
        assert seen and set(seen) == {"default"}
    finally:
        module.ReplicaRouter.db_for_read = original


def test_migrations_go_to_the_primary_only():
    router = replicas.ReplicaRouter()
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate("replica1", "core") is False


def test_public_pages_read_the_replica_and_never_pin_the_visitor(
    replica_settings, client, village_a1, cast
):
    from openvillage.disclosure import services
    from openvillage.disclosure.tests.conftest import content, publish

    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    publish(item, cast["vic"], cast["tom"])
    replicas.beat()
    seen = []
    original = replicas.ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = original(self, model, **hints)
        seen.append((model._meta.label, alias))
        return alias

    replicas.ReplicaRouter.db_for_read = spy
    try:
        for path in ("/", f"/v/{village_a1.code}/", f"/d/{item.pk}/"):
            seen.clear()
            response = client.get(path)
            assert response.status_code == 200
            assert replicas.PIN_COOKIE not in response.cookies, path
            assert seen and all(alias == "replica1" for _, alias in seen), (path, seen)
    finally:
        replicas.ReplicaRouter.db_for_read = original
