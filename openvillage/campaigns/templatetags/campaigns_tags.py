from django import template

from openvillage.campaigns.labels import RULES, SEVERITIES

register = template.Library()


@register.filter
def bp(value):
    """Basis points as a percentage with two decimals; "—" where nothing is registered."""
    if value is None:
        return "—"
    return f"{value // 100}.{value % 100:02d}%"


@register.filter
def yuan(fen):
    """Fen as yuan, ``1,234.56``. A sum comes back from PostgreSQL as a Decimal: made an integer
    first (a Decimal refuses the ``02d`` format)."""
    if fen is None:
        return "—"
    sign = "-" if int(fen) < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


@register.filter
def rule_label(code):
    return RULES.get(code, code)


@register.filter
def severity_label(code):
    return SEVERITIES.get(code, code)
