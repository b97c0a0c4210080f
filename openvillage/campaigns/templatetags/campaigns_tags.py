from django import template

from openvillage.campaigns.labels import RULES, SEVERITIES

register = template.Library()


@register.filter
def bp(value):
    """Basis points as a percentage with two decimals; "—" where nothing is registered."""
    if value is None:
        return "—"
    value = int(value)
    return f"{value // 100}.{value % 100:02d}%"


@register.filter
def yuan(fen):
    if fen is None:
        return "—"
    fen = int(fen)  # PostgreSQL sums big integers as numeric (a Decimal)
    return f"{fen // 100}.{fen % 100:02d}"


@register.filter
def rule_label(code):
    return RULES.get(code, code)


@register.filter
def severity_label(code):
    return SEVERITIES.get(code, code)
