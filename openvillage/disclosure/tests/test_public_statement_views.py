"""Public side on phones (issue 12 item 7): statement lines searchable, a no-result state,
statement tables headed 科目 that become cards below 480 px."""

from openvillage.disclosure import services
from openvillage.disclosure.tests.conftest import content, publish


def test_a_statement_line_is_found_by_its_account_name(client, cast, village_a1):
    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    publish(item, cast["vic"], cast["tom"])
    html = client.get(
        f"/v/{village_a1.code}/search/?q=承包费", HTTP_ACCEPT_LANGUAGE="zh-CN"
    ).content.decode()
    assert f"/d/{item.pk}/" in html


def test_a_search_that_finds_nothing_says_so_and_offers_the_modules(client, village_a1):
    for query in ("水库移民", "！！"):
        html = client.get(
            f"/v/{village_a1.code}/search/?q={query}", HTTP_ACCEPT_LANGUAGE="zh-CN"
        ).content.decode()
        assert "没有找到" in html and query in html
        assert f"/v/{village_a1.code}/finance/" in html


def test_the_public_statement_heads_the_account_column_and_turns_into_cards(
    client, cast, village_a1
):
    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    publish(item, cast["vic"], cast["tom"])
    html = client.get(f"/d/{item.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "<th>科目</th>" in html and "<th>科目名称</th>" in html and "<th>姓名</th>" not in html
    assert 'table class="cards"' in html and 'data-label="科目"' in html
    assert "style=" not in html.split("<main", 1)[1]


def test_an_amended_statement_shows_what_changed_line_by_line_with_amounts(
    client, cast, village_a1
):
    from openvillage.disclosure.tests.conftest import finance_statement

    item = services.item_create(actor=cast["vic"], village=village_a1, content=content())
    publish(item, cast["vic"], cast["tom"])
    item.refresh_from_db()
    corrected = finance_statement()
    corrected["lines"][1]["amount_fen"] = 90000  # 50101 租金 1,000.00 -> 900.00
    corrected["lines"][2]["amount_fen"] = 30000  # 50102 承包费 200.00 -> 300.00
    reason = "租金与承包费记反"
    services.item_amend(
        actor=cast["vic"], item=item, reason=reason, content=content(statement=corrected)
    )
    item.refresh_from_db()
    publish(item, cast["vic"], cast["tom"])
    html = client.get(f"/d/{item.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert ">收入 50101 租金</td>" in html
    assert ">1,000.00</td>" in html and ">900.00</td>" in html
    assert "income 50101" not in html and "+ " not in html.split("<main", 1)[1]
