"""Labels of the red-flag rules and severities, in both languages (never a code on a page)."""

from django.utils.translation import gettext_lazy as _

RULES = {
    "RF1": _("Lease longer than 20 years (Civil Code Art. 705)"),
    "RF2": _("Household contract over its statutory period (Civil Code Art. 332)"),
    "RF3": _("Four-wastes contract over its cap"),
    "RF4": _("Farmland contract ends after the second-round expiry"),
    "RF5": _("Transfer beyond the remaining contract term (Land Contract Law Art. 38)"),
    "RF6": _("Not written though six months or longer (Civil Code Art. 707)"),
    "RF7": _("No completed democratic decision"),
    "RF8": _("Outside party without two-thirds consent and township approval"),
    "RF9": _("No open competition where required"),
    "RF10": _("Rent below the share of the reference price"),
    "RF11": _("Overdue arrears"),
    "RF12": _("Lopsided expiry clause"),
    "RF13": _("Lawful term ended and not recovered"),
    "RF14": _("Counterparty is a cadre or a cadre's relative"),
    "RF15": _("Essential clause missing"),
    "RF16": _("Collective property occupied without a contract"),
}
SEVERITIES = {"error": _("Error"), "warning": _("Warning")}
