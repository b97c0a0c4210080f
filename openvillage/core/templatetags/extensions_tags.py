"""``{% page_extras "slot" %}``: what sibling apps registered for a place on this page."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from openvillage.core import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def page_extras(context, slot: str) -> str:
    """Render every extra registered for ``slot`` with the host page's context (flattened)."""
    host = context.flatten()
    parts = []
    for extra in extensions.extras_for(slot):
        more = extra.context(host)
        if more is None:
            continue
        html = render_to_string(extra.template, {**host, **more}, request=host.get("request"))
        parts.append((html,))
    return format_html_join("", "{}", parts)  # each part is a rendered, auto-escaped template
