"""Template helpers for pages that show an entry of the public record."""

from django import template
from django.utils.translation import gettext_lazy as _

from openvillage.ledger import selectors, signing

register = template.Library()


@register.simple_tag
def ledger_key_hex() -> str:
    """The raw Ed25519 public key in hex, for the in-browser signature check."""
    return signing.public_key_hex()


@register.inclusion_tag("ledger/_proof.html")
def ledger_proof(entry) -> dict:
    """Render ``ledger/_proof.html`` for one Entry against the latest signed head."""
    return selectors.proof_context(entry)


@register.simple_tag
def ledger_head_short() -> str:
    """The latest head in one line, as printed on posters."""
    return selectors.latest_head_short()


# What each kind of record is, for readers of /ledger/ (the kind itself stays in the record).
KIND_LABELS = {
    "disclosure_version": _("A published disclosure"),
    "disclosure_withdrawal": _("A withdrawn disclosure"),
    "disclosure_take_down": _("A disclosure taken down for personal data"),
    "decision_case": _("A closed decision case"),
    "election_roll": _("A published voter roll"),
    "election_candidates": _("A published candidate list"),
    "election_proxies": _("A published list of proxy votes"),
    "election_result": _("A published election result"),
}


@register.filter
def record_kind(kind: str) -> str:
    """The reader's name of a kind of record, or the kind itself when it has none."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else kind
