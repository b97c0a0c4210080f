"""Template helpers of the message analysis: counts by topic that never show a topic's code."""

from django import template

register = template.Library()


@register.filter
def count_of(counts, key) -> int:
    """``{{ counts|count_of:topic }}``: the count of a topic in a month, 0 when it has none."""
    return (counts or {}).get(key, 0)
