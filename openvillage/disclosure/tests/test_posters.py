"""Notice-board posters render Chinese from the installed font and carry a QR code that decodes."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from openvillage.conftest import make_unit
from openvillage.disclosure import posters
from openvillage.disclosure.tests.test_qr_codes import VILLAGE_URL, require_tool, zbar_decode

POSTER = "/v/990100001003/poster.pdf"


@pytest.fixture
def qingxi(town_a):
    return make_unit("990100001003", "清溪村", "village", town_a)


def run(tool: str, *args: str, pdf: bytes) -> str:
    """Run a poppler tool on a PDF given as bytes and return what it prints."""
    executable = require_tool(tool)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "poster.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [executable, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return result.stdout


def page_count(pdf: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", pdf=pdf), re.MULTILINE).group(1))


def first_page_png(pdf: bytes) -> bytes:
    executable = require_tool("pdftoppm")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "poster.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [executable, "-r", "150", "-png", "-singlefile", str(source), f"{folder}/page"],
            check=True,
            timeout=120,
        )
        return (Path(folder) / "page.png").read_bytes()


def test_the_poster_is_one_a4_page_with_the_village_name_in_chinese_as_text(client, qingxi):
    response = client.get(POSTER)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    info = run("pdfinfo", pdf=response.content)
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.MULTILINE)
    # Text extraction finds the characters only when the font has their glyphs and the PDF maps
    # them back to Unicode: missing glyphs would come out as boxes or nothing.
    text = run("pdftotext", "-layout", pdf=response.content)
    assert "清溪村" in text
    assert "Test County · Town A" in text
    assert "用手机扫描二维码，查看本村党务、财务、村务公开。" in text
    assert "Scan the code with a phone" in text
    assert VILLAGE_URL in text


def test_the_poster_embeds_a_subset_of_noto_sans_cjk_sc(client, qingxi):
    fonts = run("pdffonts", pdf=client.get(POSTER).content)

    assert re.search(r"^[A-Z]{6}\+NotoSansCJKSC\s.*\byes\s+yes\s+yes\b", fonts, re.MULTILINE)


def test_the_qr_code_on_the_poster_decodes_to_exactly_the_village_url(client, qingxi):
    page = first_page_png(client.get(POSTER).content)

    assert zbar_decode(page) == [VILLAGE_URL]


def test_the_poster_prints_a_dash_while_the_ledger_has_no_head(client, qingxi, monkeypatch):
    monkeypatch.setattr(posters, "latest_head_short", lambda: ("—", "—"))

    text = run("pdftotext", pdf=client.get(POSTER).content)

    assert "Public record, latest signed tree head: —" in text


def test_the_poster_prints_the_latest_signed_tree_head_in_short_form(client, qingxi, monkeypatch):
    selectors = pytest.importorskip("openvillage.ledger.selectors")
    monkeypatch.setattr(selectors, "latest_head_short", lambda: "size 7 · root 9f86d081… · x")

    response = client.get(POSTER)

    assert "size 7 · root 9f86d081… · x" in run("pdftotext", pdf=response.content)


def test_the_poster_is_cacheable_and_revalidates_with_its_etag(client, qingxi):
    first = client.get(POSTER)

    again = client.get(POSTER, headers={"if-none-match": first["ETag"]})

    assert "public" in first["Cache-Control"]
    assert again.status_code == 304


def test_an_unknown_village_has_no_poster(client, qingxi):
    assert client.get("/v/990199999999/poster.pdf").status_code == 404


def test_the_chinese_font_is_found_in_the_installed_package():
    path, index = posters.chinese_font()

    assert Path(path).name == "NotoSansCJK-Regular.ttc"
    assert "noto_cjk_sans_otc" in Path(path).parts
    assert index == 2  # JP, KR, SC, TC, HK in Noto Sans CJK 2.004


def test_the_town_bundle_has_one_page_per_village_of_the_town(client, cast, town_a):
    for number in range(3, 33):  # 30 more villages beside A1 and A2
        make_unit(f"99010000{1000 + number}", f"村{number}", "village", town_a)
    client.force_login(cast["tom"])

    response = client.get(f"/staff/units/{town_a.code}/posters.pdf")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="posters-990100001000.pdf"'
    assert page_count(response.content) == 32
    text = run("pdftotext", pdf=response.content)
    assert "Village A1" in text and "村32" in text and "Village B1" not in text


@pytest.mark.parametrize("name", ["alice", "cora"])
def test_county_roles_may_download_a_towns_bundle(client, cast, town_a, name):
    client.force_login(cast[name])

    response = client.get(f"/staff/units/{town_a.code}/posters.pdf")

    assert response.status_code == 200
    assert page_count(response.content) == 2


@pytest.mark.parametrize(
    ("name", "town"),
    [
        ("tom", "990100002000"),  # the other town
        ("vic", "990100001000"),  # a village clerk of the town
        ("oscar", "990100001000"),  # an election observer bound to the town
    ],
)
def test_the_town_bundle_is_refused_outside_the_town_officer_and_the_county(
    client, cast, name, town
):
    client.force_login(cast[name])

    assert client.get(f"/staff/units/{town}/posters.pdf").status_code == 403


def test_a_village_has_no_bundle(client, cast, village_a1):
    client.force_login(cast["tom"])

    assert client.get(f"/staff/units/{village_a1.code}/posters.pdf").status_code == 404


def test_the_bundle_asks_a_stranger_to_sign_in(client, town_a):
    response = client.get(f"/staff/units/{town_a.code}/posters.pdf")

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_the_staff_page_of_a_town_links_to_its_bundle(client, cast, town_a, village_a1):
    client.force_login(cast["tom"])

    town_page = client.get(f"/staff/units/{town_a.code}/").content.decode()
    village_page = client.get(f"/staff/units/{village_a1.code}/").content.decode()

    assert f"/staff/units/{town_a.code}/posters.pdf" in town_page
    assert "posters.pdf" not in village_page


def test_a_missing_font_package_stops_the_poster_with_a_clear_error(monkeypatch):
    monkeypatch.setattr(posters, "FONT_PACKAGE", "no_such_font_package")
    posters.chinese_font.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="noto-cjk-sans-otc"):
            posters.chinese_font()
    finally:
        posters.chinese_font.cache_clear()
