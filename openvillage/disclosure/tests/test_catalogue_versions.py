import pytest

from openvillage.core.errors import InvalidInput
from openvillage.disclosure import catalogue_store, services
from openvillage.disclosure.models import CatalogueVersion
from openvillage.disclosure.rules.catalogue import DEFAULT_CATALOGUE_PATH
from openvillage.disclosure.tests.conftest import content, publish
from openvillage.disclosure.tests.test_overdue import SMALL


def test_the_shipped_default_is_the_current_catalogue_after_migration(db):
    current = CatalogueVersion.objects.get(is_current=True)
    assert (current.region, current.version) == ("default", "2026.1")
    assert len(current.data["categories"]) == 10
    assert sum(len(c["matters"]) for c in current.data["categories"]) == 15


def test_the_default_is_installed_on_first_use_when_the_table_is_empty(db):
    CatalogueVersion.objects.all().delete()
    assert catalogue_store.current_version().version == "2026.1"


def test_the_county_loads_an_adjusted_version_and_items_keep_the_one_they_were_written_under(
    cast, village_a1
):
    old = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    new_version = services.catalogue_load(actor=cast["alice"], yaml_text=SMALL)
    assert CatalogueVersion.objects.get(is_current=True) == new_version
    new = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    assert old.catalogue.version == "2026.1" and new.catalogue == new_version
    version = publish(old, cast["vic"], cast["tom"])
    assert version.catalogue.version == "2026.1"


def test_after_an_adjustment_a_matter_it_dropped_is_refused_for_new_items(cast, village_a1):
    services.catalogue_load(actor=cast["alice"], yaml_text=SMALL)
    with pytest.raises(InvalidInput) as err:
        services.item_create(
            actor=cast["vic"], village=village_a1, content=content(matter="service_guide")
        )
    assert err.value.field == "matter"


def test_a_broken_catalogue_is_refused_naming_the_entry_and_nothing_changes(cast):
    broken = SMALL.replace("day: 15", "day: 45")
    with pytest.raises(InvalidInput) as err:
        services.catalogue_load(actor=cast["alice"], yaml_text=broken)
    assert "deadline.day" in err.value.field
    assert CatalogueVersion.objects.get(is_current=True).version == "2026.1"


def test_the_same_version_cannot_be_loaded_twice(cast):
    with pytest.raises(InvalidInput) as err:
        services.catalogue_load(actor=cast["alice"], yaml_text=DEFAULT_CATALOGUE_PATH.read_text())
    assert err.value.field == "version"


def test_the_staff_page_loads_a_catalogue_file(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast["alice"])
    assert client.get("/staff/disclosure/catalogue/").status_code == 200
    upload = SimpleUploadedFile("c.yaml", SMALL.encode("utf-8"))
    response = client.post("/staff/disclosure/catalogue/", {"yaml_file": upload})
    assert response.status_code == 302
    assert CatalogueVersion.objects.get(is_current=True).version == "test.1"
