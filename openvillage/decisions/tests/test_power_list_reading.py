"""Reading the power list never writes; the first case stores the version it was opened under."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.decisions import services, store
from openvillage.decisions.models import PowerListVersion


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]


def test_reading_the_power_list_with_none_stored_writes_nothing(client, cast):
    # The migration stores the shipped list; a flushed database (transactional tests) has none.
    PowerListVersion.objects.all().delete()
    client.force_login(cast["alice"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/staff/decisions/powers/")
        api = client.get("/api/v1/powerlist")
        version = store.current_version()
    assert (page.status_code, api.status_code) == (200, 200)
    assert version.pk is None and version.region == "default"
    assert not [sql for sql in _writes(queries) if "decisions_powerlistversion" in sql]
    assert PowerListVersion.objects.count() == 0


def test_the_first_case_stores_the_shipped_list_and_the_next_case_shares_it(
    cast, registry, village_a1
):
    PowerListVersion.objects.all().delete()
    first = services.case_open(
        actor=cast["vic"], village=village_a1, power_code="asset_lease", amount=38000,
        description="leasing the collective fish pond",
    )  # fmt: skip
    second = services.case_open(
        actor=cast["vic"], village=village_a1, power_code="asset_lease", amount=1000,
        description="leasing the threshing floor",
    )  # fmt: skip
    assert first.power_list.pk is not None
    assert first.power_list_id == second.power_list_id
    assert PowerListVersion.objects.filter(is_current=True).count() == 1
