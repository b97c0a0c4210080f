"""Two imports of the same people file at the same moment register each person once: people
without an ID number are unique by village, name and birth date in the database itself."""

from datetime import date

import pytest

from openvillage.core.errors import DomainError, InvalidInput
from openvillage.core.tests.parallel import on_postgresql, run_in_parallel
from openvillage.org.imports.service import import_file
from openvillage.org.models import Person
from openvillage.org.services import person_create
from openvillage.org.tests.test_import_roll import english, write_xlsx  # noqa: F401

ROWS = [
    {"name": f"村民{i:03d}", "gender": "男", "birth_date": date(1970, 1, 1 + i % 28)}
    for i in range(200)
]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_file_at_once_register_each_person_once(cast, village_a1, tmp_path):
    path = write_xlsx(tmp_path / "people.xlsx", "people", ROWS)

    def work(_index):
        return import_file(
            actor=cast["vic"], kind="people", village_or_unit=village_a1, uploaded_file=path
        )

    results = run_in_parallel(2, work)
    assert Person.objects.filter(village=village_a1).count() == len(ROWS)
    done = [r for r in results if not isinstance(r, BaseException)]
    assert done and all(r.ok for r in done)
    refused = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(r, DomainError) for r in refused), refused
    # Imported again, the file changes nothing.
    again = work(0)
    assert again.ok and again.total("created") == 0


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_clerks_registering_one_person_at_once_register_them_once(cast, village_a1):
    def work(_index):
        return person_create(
            actor=cast["vic"],
            village=village_a1,
            name="张三",
            gender="male",
            birth_date=date(1970, 1, 1),
        )

    results = run_in_parallel(4, work)
    assert Person.objects.filter(name="张三").count() == 1
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 3 and all(isinstance(r, InvalidInput) for r in refused), refused


def test_a_second_person_of_the_same_name_and_birth_date_without_id_is_refused(cast, village_a1):
    born = date(1970, 1, 1)
    person_create(
        actor=cast["vic"], village=village_a1, name="张三", gender="male", birth_date=born
    )
    with pytest.raises(InvalidInput) as err:
        person_create(
            actor=cast["vic"], village=village_a1, name="张三", gender="male", birth_date=born
        )
    assert err.value.field == "name"
    assert "already registered in this village without an ID number" in err.value.translated()
