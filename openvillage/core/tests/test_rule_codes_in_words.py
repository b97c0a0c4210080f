"""Rule codes (V19, P6, M1 ...) never show as text: a sentence reads in words, the code goes to a
muted title for the official who looks the rule up (issue 12 §1)."""

from django.template import Context, Template
from django.utils import translation

from openvillage.core.errors import InvalidInput
from openvillage.core.rulecodes import split_rule_refs


def test_a_sentence_loses_its_codes_and_keeps_them_aside():
    assert split_rule_refs("委托投票须采用书面形式（V19）。") == (
        "委托投票须采用书面形式。",
        ["V19"],
    )
    assert split_rule_refs("Voter roll published (V11)") == ("Voter roll published", ["V11"])
    assert split_rule_refs("居住满一年（V9 c）。") == ("居住满一年。", ["V9 c"])
    assert split_rule_refs("counted (V34-V36, V40) here") == ("counted here", ["V34-V36, V40"])


def test_words_in_brackets_are_not_codes():
    assert split_rule_refs("Paper (A4 size) and (see above)") == (
        "Paper (A4 size) and (see above)",
        [],
    )


def test_a_refusal_reads_without_its_code_and_tells_it_apart():
    err = InvalidInput("A proxy must be requested in writing (V19).", field="proxy")
    with translation.override("zh-hans"):
        assert "V19" not in err.translated()
    assert err.rules == ["V19"]


def test_the_filter_puts_the_code_in_a_title_and_escapes_the_text():
    template = Template("{% load rule_tags %}{{ text|cite_rules }}")
    with translation.override("zh-hans"):
        html = template.render(Context({"text": "<b>无女性当选（V2）"}))
    assert html == '<span class="rule-cited" title="规则 V2">&lt;b&gt;无女性当选</span>'
    assert template.render(Context({"text": "plain"})) == "plain"


def test_a_translated_heading_in_a_filter_block_keeps_no_code():
    template = Template(
        '{% load i18n rule_tags %}{% filter cite_rules %}{% translate "No woman elected (V2)" %}'
        "{% endfilter %}"
    )
    with translation.override("zh-hans"):
        html = template.render(Context({}))
    assert ">无女性当选<" in html and 'title="规则 V2"' in html
