from django import template

from openvillage.campaigns.labels import RULES, SEVERITIES
from openvillage.disclosure.rules import statement

register = template.Library()


@register.filter
def bp(value):
    """Basis points as a percentage with two decimals; "—" where nothing is registered."""
    if value is None:
        return "—"
    return f"{value // 100}.{value % 100:02d}%"


@register.filter
def yuan(fen):
    """Fen as yuan, ``1,234.56`` (the statement's formatting). A sum comes back from PostgreSQL
    as a Decimal: made an integer first."""
    return "—" if fen is None else statement.yuan(int(fen))


@register.filter
def rule_label(code):
    return RULES.get(code, code)


@register.filter
def severity_label(code):
    return SEVERITIES.get(code, code)
