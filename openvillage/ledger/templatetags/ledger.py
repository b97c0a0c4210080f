"""Template helpers for pages that show an entry of the public record."""

from django import template

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
