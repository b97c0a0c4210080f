"""Messages name a part of an item as the form labels it, never by its internal path; statement
lines show and take 收入/支出."""

import pytest

from openvillage.conftest import VALID_IDS
from openvillage.core.tests.visible_text import english_words, raw_codes
from openvillage.disclosure.labels import FileSize, field_label
from openvillage.disclosure.models import Item
from openvillage.disclosure.tests.conftest import line_rows


def _refusal(item) -> str:
    from django.utils import translation

    from openvillage.core.errors import InvalidInput
    from openvillage.disclosure import services

    with pytest.raises(InvalidInput) as err, translation.override("zh-hans"):
        services.refuse_clear_ids(item)
    with translation.override("zh-hans"):
        return err.value.translated()


def test_a_clear_id_number_in_the_body_is_named_by_the_body_label(cast, village_a1):
    # Drafts are masked when stored; a body changed behind the services' back is still refused.
    from openvillage.disclosure import services
    from openvillage.disclosure.tests.conftest import content

    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    Item.objects.filter(pk=item.pk).update(body=f"<p>{VALID_IDS[0]}</p>")
    item.refresh_from_db()
    assert _refusal(item).startswith("正文含有未脱敏的身份证号")


def test_a_clear_id_number_in_a_phone_is_named_by_row_and_column(cast, village_a1):
    from openvillage.disclosure import services
    from openvillage.disclosure.tests.conftest import content

    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    Item.objects.filter(pk=item.pk).update(people=[{"name": "张三", "phone": VALID_IDS[0]}])
    item.refresh_from_db()
    message = _refusal(item)
    assert message.startswith("人员名单第 1 行的电话含有未脱敏的身份证号")
    assert "people[0]" not in message


def test_field_labels_follow_the_language(settings):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert field_label("statement.lines[2].amount_fen") == "财务报表明细第 3 行的金额"
        assert field_label("attachment 公示.pdf") == "附件 公示.pdf"
    with translation.override("en"):
        assert field_label("people[0].phone") == "List of people, line 1: phone"
        assert field_label("unknown.path") == "unknown.path"


def test_a_clerk_types_income_and_expenditure_in_chinese_and_sees_them_in_chinese(
    client, cast, village_a1
):
    client.force_login(cast["vic"])
    response = client.post(
        "/staff/disclosure/new/",
        {
            "village": village_a1.pk,
            "matter": "monthly_finance",
            "period_start": "2025-12-01",
            "period_end": "2025-12-31",
            "title": "十二月财务",
            "body": "<p>明细</p>",
            **line_rows(
                ("income", "501", "租金", "1,000"), ("expenditure", "541", "办公费", "300.50")
            ),
        },
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    item = Item.objects.get()
    assert [line["kind"] for line in item.statement["lines"]] == ["income", "expenditure"]
    page = client.get(f"/staff/disclosure/{item.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    html = page.content.decode()
    assert ">收入</td>" in html and ">支出</td>" in html
    assert [w for w in english_words(html) if w != "Village"] == []  # the fixture's name
    form = client.get(f"/staff/disclosure/{item.pk}/edit/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert 'value="1,000.00"' in form.content.decode()


@pytest.mark.parametrize(
    ("size", "shown"),
    [(1, "1 KB"), (1024, "1 KB"), (1025, "2 KB"), (1024 * 1024, "1 MB"),
     (10 * 1024 * 1024, "10 MB"), (12_900_000, "12.3 MB")],
)  # fmt: skip
def test_sizes_are_shown_in_kb_or_mb(size, shown):
    assert str(FileSize(size)) == shown


def test_a_file_over_the_limit_is_refused_with_sizes_in_mb(cast, village_a1, settings):
    from django.utils import translation

    from openvillage.core.errors import InvalidInput
    from openvillage.disclosure.attachments import clean_upload

    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(InvalidInput) as err, translation.override("zh-hans"):
        clean_upload("大文件.pdf", b"%PDF-" + b"x" * (12 * 1024 * 1024))
    with translation.override("zh-hans"):
        assert err.value.translated() == "大文件.pdf 大小为 12 MB，上限为 10 MB。"


@pytest.mark.parametrize(
    ("label", "chinese", "english"),
    [
        ("2026-Q3", "2026年第三季度", "third quarter of 2026"),
        ("2026-01", "2026年1月", "January 2026"),
        ("2025", "2025年度", "2025"),
        ("election 2026-10-01", "election 2026-10-01", "election 2026-10-01"),
    ],
)
def test_periods_are_shown_in_words(label, chinese, english):
    from django.utils import translation

    from openvillage.disclosure.labels import period_words

    with translation.override("zh-hans"):
        assert period_words(label) == chinese
    with translation.override("en"):
        assert period_words(label) == english


def test_the_matters_of_the_form_are_named_in_the_reader_s_language(client, cast, village_a1):
    client.force_login(cast["vic"])
    english = client.get("/staff/disclosure/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get("/staff/disclosure/new/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "月度财务收支" in chinese and "月度财务收支" not in english


def test_the_catalogue_page_shows_cadences_by_label(client, cast):
    client.force_login(cast["alice"])
    html = client.get("/staff/disclosure/catalogue/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "每月" in html
    assert raw_codes(html) == []
