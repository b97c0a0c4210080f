"""A CSV that Python's csv module cannot read (a cell over 131,072 characters, a NUL byte) is
refused naming the row, never a server error."""

import pytest

from openvillage.core.errors import InvalidInput
from openvillage.org.imports.service import error_report, import_file
from openvillage.org.models import Household
from openvillage.org.tests.test_import_roll import english  # noqa: F401

HEADER = "户号 household number,村民小组 village group,住址 address\n"


def households(cast, village, path):
    return import_file(
        actor=cast["vic"], kind="households", village_or_unit=village, uploaded_file=path
    )


def test_a_cell_over_the_csv_limit_is_refused_naming_its_row(cast, village_a1, tmp_path):
    path = tmp_path / "households.csv"
    path.write_text(HEADER + "001,一组,幸福路1号\n002,二组," + "路" * 140_000 + "\n")
    with pytest.raises(InvalidInput) as err:
        households(cast, village_a1, path)
    assert "Row 3" in err.value.translated()
    assert "131072" in err.value.translated()
    assert Household.objects.count() == 0


def test_the_error_report_refuses_it_the_same_way(cast, village_a1, tmp_path):
    path = tmp_path / "households.csv"
    path.write_text(HEADER + "002,二组," + "路" * 140_000 + "\n")
    with pytest.raises(InvalidInput, match="Row 2"):
        error_report(
            actor=cast["vic"], kind="households", village_or_unit=village_a1, uploaded_file=path
        )


def test_a_nul_byte_inside_a_csv_is_refused_naming_its_row(cast, village_a1, tmp_path):
    path = tmp_path / "households.csv"
    path.write_bytes((HEADER + "001,一组,幸福路1号\n002,二\x00组,\n").encode())
    with pytest.raises(InvalidInput) as err:
        households(cast, village_a1, path)
    assert "Row 3" in err.value.translated()
    assert Household.objects.count() == 0
