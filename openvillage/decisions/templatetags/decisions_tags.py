"""Template helpers of the decisions app: labels for codes and the staff home's late cases.

``{{ step.code|decision_label:"step" }}`` (groups in ``decisions.labels.GROUPS``); the late cases
feed the staff home's attention box (registered in ``decisions/apps.py``).
"""

from django import template

from openvillage.core.clock import local_today
from openvillage.core.errors import InvalidInput
from openvillage.decisions import labels

register = template.Library()


@register.filter
def decision_label(code, group):
    """The English or Chinese label of a code of the decisions app (the code if unknown)."""
    return labels.label(group, code)


@register.filter
def procedure_name(power_list, code):
    """The name of a procedure of ``power_list`` in the active language (the code if unknown)."""
    try:
        return power_list.procedure(code).name
    except InvalidInput:
        return code


@register.filter
def decision_reason(err):
    """A refusal of the engine in the active language, codes shown as labels."""
    return labels.explain(err) if err else ""


@register.filter
def case_power_name(case):
    """The power's name (bilingual text of the list version the case was opened under)."""
    from openvillage.decisions import store

    try:
        return store.parsed(case.power_list).power(case.power_code).name
    except InvalidInput:  # a code missing from its list shows as itself
        return case.power_code


@register.inclusion_tag("decisions/_attention.html", takes_context=True)
def decisions_attention(context):
    """Cases whose resolution or result disclosure (§3 steps 5 and 6) is late (D6)."""
    from openvillage.decisions import selectors

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"late": []}
    return {"late": selectors.late_disclosures(user, local_today())}
