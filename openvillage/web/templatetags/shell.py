"""The shell's tags: the staff menu and the staff home's "needs attention" box, both filled by
the apps through :mod:`openvillage.core.extensions`."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join

from openvillage.core import extensions
from openvillage.core.clock import local_today

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_menu(context) -> str:
    """The menu links the signed-in user's role may follow, in their registered order."""
    request = context.get("request")
    user = getattr(request, "user", None)
    links = [(reverse(e.url_name), e.label) for e in extensions.menu_for(user)]
    return format_html_join("\n", '<a href="{}">{}</a>', links)


@register.simple_tag(takes_context=True)
def attention_box(context) -> str:
    """Every registered attention source for the user's role, rendered one after the other."""
    request = context["request"]
    today = local_today()
    parts = []
    for source in extensions.attention_for(request.user):
        if source.items is not None:
            lines = [line for line in source.items(request.user, today) if line.count > 0]
            html = render_to_string(
                "core/_attention_items.html",
                {"lines": lines, "title": source.title},
                request=request,
            )
        else:
            assert source.template is not None and source.context is not None
            html = render_to_string(source.template, source.context(request), request=request)
        parts.append((html,))
    return format_html_join("", "{}", parts)  # each part is a rendered, auto-escaped template
