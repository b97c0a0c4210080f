"""Reading the catalogue never writes; the first item stores the version it was written under."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from openvillage.disclosure import catalogue_store, services
from openvillage.disclosure.models import CatalogueVersion
from openvillage.disclosure.tests.conftest import content


def test_reading_the_catalogue_with_none_stored_writes_nothing(client, cast, village_a1):
    # The migration stores the shipped catalogue; a flushed database (transactional tests) has
    # none, and pages must still not write one.
    CatalogueVersion.objects.all().delete()
    client.force_login(cast["alice"])
    with CaptureQueriesContext(connection) as queries:
        staff = client.get("/staff/disclosure/catalogue/")
        public = client.get(f"/v/{village_a1.code}/")
        version = catalogue_store.current_version()
    assert (staff.status_code, public.status_code) == (200, 200)
    assert version.pk is None and version.region == "default"
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert not [sql for sql in writes if "disclosure_catalogueversion" in sql]
    assert CatalogueVersion.objects.count() == 0


def test_the_first_item_stores_the_shipped_catalogue_and_the_next_item_shares_it(cast, village_a1):
    CatalogueVersion.objects.all().delete()
    first = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    second = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    assert first.catalogue.pk is not None
    assert first.catalogue_id == second.catalogue_id
    assert CatalogueVersion.objects.filter(is_current=True).count() == 1
