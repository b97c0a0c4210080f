import pytest

from openvillage.disclosure import services
from openvillage.disclosure.search import query_tokens, tokens_for
from openvillage.disclosure.tests.conftest import content, publish


@pytest.fixture
def two_items(cast, village_a1, village_a2):
    welfare = services.item_create(
        actor=cast["vic"],
        village=village_a1,
        content=content(
            matter="subsidies_and_relief",
            statement=None,
            title="第四季度社会救助公示",
            body="<p>本村城乡最低生活保障对象（低保户）名单如下。</p>",
        ),
    )
    finance = services.item_create(
        actor=cast["vic"],
        village=village_a1,
        content=content(title="十二月收支情况", body="<p>村集体财务收支明细。</p>"),
    )
    other = services.item_create(
        actor=cast["vera"],
        village=village_a2,
        content=content(title="低保财务", body="<p>另一个村。</p>", statement=None,
                        matter="subsidies_and_relief"),
    )  # fmt: skip
    for item, clerk in ((welfare, cast["vic"]), (finance, cast["vic"]), (other, cast["vera"])):
        publish(item, clerk, cast["tom"])
    return welfare, finance


@pytest.mark.parametrize(("query", "expected"), [("低保", 0), ("财务", 1), ("低保户", 0)])
def test_search_finds_two_character_words_within_the_village(
    client, village_a1, two_items, query, expected
):
    body = client.get(f"/v/{village_a1.code}/search/", {"q": query}).content.decode()
    assert f'href="/d/{two_items[expected].pk}/"' in body
    assert f'href="/d/{two_items[1 - expected].pk}/"' not in body
    assert "另一个村" not in body and body.count('href="/d/') == 1


def test_a_search_for_a_word_that_is_not_there_finds_nothing(client, village_a1, two_items):
    body = client.get(f"/v/{village_a1.code}/search/", {"q": "宅基地"}).content.decode()
    assert body.count('href="/d/') == 0


def test_the_token_string_holds_jieba_words_and_every_bigram():
    tokens = tokens_for("城乡最低生活保障对象")
    assert " 最低 " in tokens and " 低生 " in tokens and " 保障 " in tokens
    assert tokens.startswith(" ") and tokens.endswith(" ")


def test_a_long_query_is_cut_into_bigrams_that_a_matching_text_always_holds():
    assert query_tokens("低保户") == ["低保", "保户"]
    assert query_tokens("ABC 财务") == ["财务", "abc"]
