"""``{{ text|cite_rules }}``: a sentence that cites rule codes, shown in words with the codes in a
muted title for the official who looks the rule up (``core/rulecodes.py``)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from openvillage.core.rulecodes import split_rule_refs

register = template.Library()


@register.filter
def cite_rules(text):
    """The text without "(V19)"; when it cited rules, wrapped in a span titled with them."""
    if text in (None, ""):
        return ""
    shown, codes = split_rule_refs(str(text))
    if not codes:
        return conditional_escape(text)
    # A safe input (a rendered template) keeps its markup: strip the codes from it as it is.
    body = mark_safe(shown) if hasattr(text, "__html__") else conditional_escape(shown)  # noqa: S308
    cited = gettext("Rule %(codes)s") % {"codes": "; ".join(codes)}
    return format_html('<span class="rule-cited" title="{}">{}</span>', cited, body)
