"""The public page and the printable record of a closed case carry Chinese titles and labels."""

import io
import re

from pypdf import PdfReader

from openvillage.core.tests.visible_text import english_words, raw_codes
from openvillage.decisions.tests.test_pages_and_api import case, closed  # noqa: F401 (fixtures)

DATA = {"Village", "leasing", "the", "collective", "fish", "pond", "for", "yuan", "year"}


def test_the_public_case_page_shows_no_english_label(client, closed, village_a1):  # noqa: F811
    url = f"/v/{village_a1.code}/cases/{closed.pk}/"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert [w for w in english_words(html) if w not in DATA] == []
    assert raw_codes(html) == []


def test_the_printable_record_has_a_chinese_title_and_labels(client, closed, village_a1):  # noqa: F811
    url = f"/v/{village_a1.code}/cases/{closed.pk}/record.pdf"
    reader = PdfReader(io.BytesIO(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content))
    assert reader.metadata.title == f"办理事项记录 {closed.pk}"
    text = re.sub(r"[\s\x00]+", "", "".join(page.extract_text() for page in reader.pages))
    assert "结束日期" in text and "通过" in text
    for english in ("Closedon", "Openedon", "Status", "Power", "Procedure", "passed"):
        assert english not in text
