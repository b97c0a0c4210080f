"""The public record over HTTP: signed heads, inclusion and consistency proofs, entries, key.

Hashes are 64 lower-case hex digits. Sizes and hashes are read as text and checked here so that
a malformed one is a 400 with a sentence, not a schema error.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from openvillage.core.errors import NotFound
from openvillage.core.text import gettext_noop
from openvillage.ledger import selectors, signing

router = Router(tags=["ledger"])


class TreeHeadOut(Schema):
    tree_size: int
    root_hash: str
    timestamp: int
    signature: str
    key_id: str


class InclusionProofOut(Schema):
    leaf_index: int
    tree_size: int
    leaf_hash: str
    audit_path: list[str]
    root_hash: str


class ConsistencyProofOut(Schema):
    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str]


class EntryOut(Schema):
    index: int
    leaf_hash: str
    record: str


class EntriesOut(Schema):
    entries: list[EntryOut]


class PublicKeyOut(Schema):
    algorithm: str
    key_id: str
    public_key_hex: str
    public_key_pem: str
    signed_message: str


class ErrorOut(Schema):
    detail: str
    code: str
    field: str | None = None


ERRORS = {400: ErrorOut, 404: ErrorOut}


@router.get("/sth", response={200: TreeHeadOut, 404: ErrorOut}, summary="Latest signed tree head")
def latest_sth(request: HttpRequest):
    head = selectors.latest_head()
    if head is None:
        raise NotFound(gettext_noop("No tree head has been signed yet."))
    return selectors.head_dict(head)


@router.get("/sth/{size}", response={200: TreeHeadOut, **ERRORS}, summary="Signed head of a size")
def sth_of_size(request: HttpRequest, size: str):
    return selectors.head_dict(selectors.tree_head(size))


@router.get("/heads", response={200: list[TreeHeadOut], **ERRORS}, summary="All signed heads")
def list_heads(request: HttpRequest, offset: str = Query("0", description="Heads to skip.")):
    """Every signed head in the order signed, up to 1000 from ``offset`` (to mirror the log)."""
    return [selectors.head_dict(h) for h in selectors.heads_page(offset)]


@router.get(
    "/proof/inclusion",
    response={200: InclusionProofOut, **ERRORS},
    summary="Inclusion proof of a leaf (RFC 9162 2.1.3)",
)
def inclusion_proof(
    request: HttpRequest,
    leaf_hash: str = Query(..., description="SHA-256(0x00 || record), 64 hex digits."),
    tree_size: str = Query(..., description="Size of the tree to prove inclusion in."),
):
    return selectors.inclusion_proof_for(leaf_hash, tree_size).__dict__


@router.get(
    "/proof/consistency",
    response={200: ConsistencyProofOut, **ERRORS},
    summary="Consistency proof between two sizes (RFC 9162 2.1.4)",
)
def consistency_proof(
    request: HttpRequest,
    first: str = Query(..., description="The older tree size (at least 1)."),
    second: str = Query(..., description="The newer tree size, at most the log's size."),
):
    return selectors.consistency_proof_for(first, second).__dict__


@router.get("/entries", response={200: EntriesOut, **ERRORS}, summary="Entries, to mirror the log")
def list_entries(
    request: HttpRequest,
    start: str = Query(..., description="First index."),
    end: str = Query(..., description="Index after the last; at most 1000 are returned."),
):
    return {"entries": selectors.entries(start, end)}


@router.get("/key", response=PublicKeyOut, summary="The public key that signs tree heads")
def public_key(request: HttpRequest):
    return {
        "algorithm": "Ed25519",
        "key_id": signing.key_id(),
        "public_key_hex": signing.public_key_hex(),
        "public_key_pem": signing.public_key_pem(),
        "signed_message": "openvillage-sth-v1\\n{tree_size}\\n{root_hash}\\n{timestamp}",
    }
