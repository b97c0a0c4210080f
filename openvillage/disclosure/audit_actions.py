"""Audit actions of the disclosure app (see :func:`openvillage.core.audit.register_actions`)."""

from django.utils.translation import gettext_lazy as _

from openvillage.core.audit import register_actions

ITEM = register_actions(
    "disclosure.item",
    {
        "create": _("Disclosure written"),
        "update": _("Disclosure edited"),
        "attach": _("File added to a disclosure"),
        "detach": _("File removed from a disclosure"),
        "submit": _("Disclosure submitted to the town"),
        "approve": _("Disclosure approved by the town"),
        "return": _("Disclosure returned by the town"),
        "publish": _("Disclosure published"),
        "amend": _("Amendment of a disclosure started"),
        "withdraw": _("Disclosure withdrawn"),
        "take_down": _("Disclosure taken down for personal data, its files erased"),
    },
    legacy={
        f"disclosure.item_{verb}": verb
        for verb in (
            "create",
            "update",
            "attach",
            "detach",
            "submit",
            "approve",
            "return",
            "publish",
            "amend",
            "withdraw",
        )
    },  # fmt: skip
)
STATEMENT_COLUMNS = register_actions(
    "disclosure.statement_columns",
    {"save": _("Columns of the village's statement files saved")},
)
CATALOGUE = register_actions(
    "disclosure.catalogue",
    {"load": _("Disclosure catalogue loaded")},
    legacy={"disclosure.catalogue_load": "load"},
)
