"""The QR codes of the village pages decode, with a real decoder, to exactly the village's URL."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from openvillage.conftest import make_unit
from openvillage.disclosure import qr

VILLAGE_URL = "https://village.example.org/v/990100001003/"  # PUBLIC_BASE_URL of settings_test


def require_tool(name: str) -> str:
    """Return the path of a command-line tool; skip without it, except in CI where it must be."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("OPENVILLAGE_REQUIRE_BROWSER"):
            pytest.fail(f"{name} is missing, and CI (OPENVILLAGE_REQUIRE_BROWSER) requires it")
        pytest.skip(f"{name} is not installed (Debian: zbar-tools, poppler-utils)")
    return path


def zbar_decode(png: bytes) -> list[str]:
    """Return every QR code zbarimg finds in a PNG image."""
    zbarimg = require_tool("zbarimg")
    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "code.png"
        image.write_bytes(png)
        result = subprocess.run(
            [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    return result.stdout.splitlines()


def svg_modules(svg: bytes) -> set[tuple[int, int]]:
    """Return the (row, column) of every dark module that segno's SVG path draws, border included.

    segno draws each run of dark modules as a horizontal line 1 module thick through the middle
    of its row: an absolute ``M x y`` to start, then ``h n`` (draw) and ``m dx dy`` (move).
    """
    path = re.search(rb'<path[^>]*class="qrline"[^>]*\sd="([^"]+)"', svg)
    assert path is not None, "no qrline path in the SVG"
    tokens = re.findall(r"[MmHhVvZzLl]|-?\d+(?:\.\d+)?", path.group(1).decode())
    modules: set[tuple[int, int]] = set()
    x = y = 0.0
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command in "Mm":
            dx, dy = float(tokens[i + 1]), float(tokens[i + 2])
            x, y = (dx, dy) if command == "M" else (x + dx, y + dy)
            i += 3
        elif command == "h":
            length = float(tokens[i + 1])
            modules.update((int(y), int(x) + k) for k in range(int(length)))
            x += length
            i += 2
        else:
            raise AssertionError(f"unexpected SVG path command {command!r}")
    return modules


def raster(modules: set[tuple[int, int]], size: int, scale: int = 10) -> bytes:
    image = Image.new("1", (size * scale, size * scale), 1)
    for row, column in modules:
        for dy in range(scale):
            for dx in range(scale):
                image.putpixel((column * scale + dx, row * scale + dy), 0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def qingxi(town_a):
    return make_unit("990100001003", "清溪村", "village", town_a)


def test_the_png_decodes_to_exactly_the_village_url(client, qingxi):
    response = client.get("/v/990100001003/qr.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert zbar_decode(response.content) == [VILLAGE_URL]


def test_the_png_has_10_pixel_modules_and_a_4_module_quiet_zone(client, qingxi):
    image = Image.open(io.BytesIO(client.get("/v/990100001003/qr.png").content))
    modules = len(qr.village_qr("990100001003").matrix)

    assert image.size == ((modules + 8) * 10, (modules + 8) * 10)
    assert image.convert("L").getpixel((39, 39)) == 255  # quiet zone
    assert image.convert("L").getpixel((40, 40)) == 0  # corner of the finder pattern


def test_the_svg_draws_the_modules_of_the_same_code_and_decodes_to_the_village_url(client, qingxi):
    svg = client.get("/v/990100001003/qr.svg").content
    code = qr.village_qr("990100001003")
    size = len(code.matrix) + 2 * qr.BORDER
    expected = {
        (row, column)
        for row, cells in enumerate(code.matrix_iter(border=qr.BORDER))
        for column, dark in enumerate(cells)
        if dark
    }

    drawn = svg_modules(svg)

    assert drawn == expected
    assert zbar_decode(raster(drawn, size)) == [VILLAGE_URL]


def test_the_svg_is_compact_with_a_title_naming_the_village(client, qingxi):
    response = client.get("/v/990100001003/qr.svg")

    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert f"<title>清溪村: {VILLAGE_URL}</title>" in svg
    assert svg.count("<path") == 2  # the white background and one path for every dark module
    assert len(response.content) < 4000


def test_the_code_uses_error_correction_level_q_without_boost():
    code = qr.village_qr("990100001003")

    assert code.error == "Q"
    assert code.designator == "4-Q"  # 44 characters fit version 4 at level Q


def test_the_url_follows_the_deployments_public_base_url(settings, client, qingxi):
    settings.PUBLIC_BASE_URL = "https://cun.example.gov.cn"

    png = client.get("/v/990100001003/qr.png").content

    assert zbar_decode(png) == ["https://cun.example.gov.cn/v/990100001003/"]


def test_the_svg_is_cacheable_by_anyone_for_a_day(client, qingxi):
    response = client.get("/v/990100001003/qr.svg")

    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=86400"}
    assert response["ETag"].startswith('"')


def test_a_client_holding_the_current_etag_gets_304_without_a_body(client, qingxi):
    etag = client.get("/v/990100001003/qr.png")["ETag"]

    response = client.get("/v/990100001003/qr.png", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_renaming_the_village_changes_the_etag_of_the_svg_but_not_of_the_png(client, qingxi):
    svg, png = client.get("/v/990100001003/qr.svg"), client.get("/v/990100001003/qr.png")
    qingxi.name = "清溪新村"
    qingxi.save()

    assert client.get("/v/990100001003/qr.svg")["ETag"] != svg["ETag"]
    assert client.get("/v/990100001003/qr.png")["ETag"] == png["ETag"]


@pytest.mark.parametrize("path", ["/v/990199999999/qr.svg", "/v/990199999999/qr.png"])
def test_an_unknown_village_has_no_qr_code(client, qingxi, path):
    assert client.get(path).status_code == 404


def test_a_town_has_no_qr_code_of_its_own(client, town_a):
    assert client.get(f"/v/{town_a.code}/qr.png").status_code == 404


def test_the_qr_code_cannot_be_posted_to(client, qingxi):
    assert client.post("/v/990100001003/qr.svg").status_code == 405
