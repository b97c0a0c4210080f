"""A bulletin renders Chinese titles, paragraphs and tables, and reads back with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest

from openvillage.core.bulletin import Bulletin, Section, Table, render_bulletin
from openvillage.core.ranking import Score, rank, rate

PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")


def text_of(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bulletin.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, timeout=120
        )
    assert result.returncode == 0, result.stderr
    return result.stdout


SUMMARY = "全县应公开事项一百二十项，按时公开一百零八项。"
FORMULA = "按时公开率 = 按时公开项数 ÷ 应公开项数"


def ranking_table() -> Table:
    table = rank(
        {
            "清溪村": Score(rate(18, 20), 20),
            "石桥村": Score(rate(9, 10), 10),
            "柳塘村": Score(rate(12, 16), 16),
            "新建村": Score(rate(1, 1), 1),
        },
        formula=FORMULA,
        minimum_count=5,
    )
    rows = [
        (row.rank or "不参与排名", row.unit, f"{row.value.numerator}/{row.value.denominator}")
        for row in table.rows
    ]
    return Table(("排名", "村", "按时公开率"), rows, widths=(1, 3, 2))


@needs_poppler
def test_a_bulletin_prints_its_chinese_title_period_paragraphs_and_table():
    pdf = render_bulletin(
        Bulletin(
            title="关于2026年第三季度村务公开情况的通报",
            period="2026年7月1日至9月30日",
            issuer="虚构县委组织部",
            issued_on=date(2026, 10, 9),
            sections=[
                Section("一、总体情况", paragraphs=[SUMMARY]),
                Section("二、各村排名", paragraphs=[FORMULA], tables=[ranking_table()]),
            ],
        )
    )  # fmt: skip
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    for expected in (
        "关于2026年第三季度村务公开情况的通报",
        "2026年7月1日至9月30日",
        "虚构县委组织部 · 2026年10月9日",
        SUMMARY,
        "二、各村排名",
        "按时公开率",
    ):
        assert expected in text, expected
    lines = [line.split() for line in text.splitlines() if "村" in line and "/" in line]
    assert ["1", "石桥村", "9/10"] in lines and ["1", "清溪村", "9/10"] in lines
    assert ["3", "柳塘村", "3/4"] in lines and ["不参与排名", "新建村", "1/1"] in lines


@needs_poppler
def test_a_long_table_runs_onto_numbered_pages_with_its_header_on_each():
    rows = [(n, f"第{n}村", n * 3) for n in range(1, 121)]
    section = Section("名单", tables=[Table(("序号", "村", "数"), rows)])
    text = text_of(render_bulletin(Bulletin("长表通报", "2026年", [section])))
    pages = text.split("\f")[:-1]
    assert len(pages) >= 3 and "第120村" in pages[-1]
    assert all("序号" in page for page in pages)
    assert [page.split()[-1] for page in pages] == [f"—{n}—" for n in range(1, len(pages) + 1)]
