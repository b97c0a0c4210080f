"""A statement line on a chart account reads in the reader's language (the chart's en side); a
village's own sub-account keeps the name the clerk gave it (data)."""

from django.utils import translation

from openvillage.disclosure.templatetags.disclosure_tags import account_name


def test_a_chart_account_reads_in_english_for_an_english_reader():
    line = {"kind": "income", "account": "511", "name": "发包及上交收入", "amount_fen": 100}
    with translation.override("en"):
        assert account_name(line) == "Contracting and remitted income"
    with translation.override("zh-hans"):
        assert account_name(line) == "发包及上交收入"


def test_a_sub_account_or_a_renamed_line_keeps_its_own_name():
    with translation.override("en"):
        assert account_name({"account": "51101", "name": "承包金及租金收入"}) == "承包金及租金收入"
        assert account_name({"account": "511", "name": "鱼塘承包费"}) == "鱼塘承包费"
