"""Merkle tree hashing, inclusion proofs and consistency proofs of RFC 9162 section 2.1.

Pure module: no Django, no I/O, SHA-256 from the standard library only. Indices are 0-based.
Leaves are given as leaf hashes (``leaf_hash(data)``), never as raw data.

Two ways to build proofs:

- list-based (``root_hash``, ``inclusion_proof``, ``consistency_proof``): take every leaf hash;
- callable-based (``root_from``, ``inclusion_proof_from``, ``consistency_proof_from``): take the
  tree size and a ``SubtreeRoot`` callable, so that a persistent log can answer with O(log n)
  stored hashes. The callable is only asked for *aligned perfect subtrees*: ``(start, end)`` with
  ``end - start`` a power of two ``2**j``, ``start % 2**j == 0`` and ``end <= tree_size``; it must
  return MTH(D[start:end]), the root of the complete binary tree over those leaves, which is the
  node at level ``j``, position ``start >> j`` of the tree. Each range is asked for once, in the
  order that ``root_subtrees`` / ``inclusion_subtrees`` / ``consistency_subtrees`` list, so a
  caller can fetch all of them in one query first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MAX_TREE_SIZE",
    "Subtree",
    "SubtreeRoot",
    "completed_subtrees",
    "consistency_proof",
    "consistency_proof_from",
    "consistency_subtrees",
    "inclusion_proof",
    "inclusion_proof_from",
    "inclusion_subtrees",
    "leaf_hash",
    "node_hash",
    "root_from",
    "root_hash",
    "root_subtrees",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
"""Length in bytes of every hash (SHA-256)."""

MAX_TREE_SIZE = 2**64 - 1
"""Largest tree size a verifier accepts (``tree_size`` is a uint64 in RFC 9162 section 4)."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""MTH of the empty tree: SHA-256 of the empty string (RFC 9162 section 2.1.1)."""

Subtree = tuple[int, int]
"""A range of leaves ``(start, end)``, end excluded."""

SubtreeRoot = Callable[[int, int], bytes]
"""Return MTH(D[start:end]) for an aligned perfect subtree ``(start, end)`` (see module doc)."""

_Plan = list[list[Subtree]]
"""One entry per proof hash: the perfect subtrees, left to right, whose MTH fold gives it."""

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """Hash one log entry as a leaf: SHA-256(0x00 || data) (RFC 9162 section 2.1.1)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash two child nodes into their parent: SHA-256(0x01 || left || right) (RFC 9162 2.1.1)."""
    return _sha256(b"\x01" + left + right).digest()


def root_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """Compute the tree head MTH(D[n]) over the given leaf hashes (RFC 9162 section 2.1.1).

    The empty tree's root is SHA-256 of the empty string. Works level by level, carrying an odd
    last node up unchanged, which gives the same tree as the RFC's recursive split at the largest
    power of two.
    """
    level = list(leaf_hashes)
    if not level:
        return EMPTY_ROOT
    sha = _sha256
    while len(level) > 1:
        paired = [
            sha(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


# --- Plans: which perfect subtrees a root or a proof needs -------------------------------------


def _split(size: int) -> int:
    """Return k, the largest power of two strictly smaller than ``size`` (needs size >= 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def _range_plan(start: int, end: int) -> list[Subtree]:
    """List the perfect subtrees, left to right, whose fold gives MTH(D[start:end]).

    They follow the binary digits of ``end - start``, largest first; aligned whenever ``start``
    is, as for every range that the RFC 9162 recursion visits.
    """
    pieces: list[Subtree] = []
    while start < end:
        size = 1 << ((end - start).bit_length() - 1)
        pieces.append((start, start + size))
        start += size
    return pieces


def _check_size(tree_size: int, name: str) -> None:
    """Raise TypeError unless ``tree_size`` is an int, ValueError if it is negative."""
    if not isinstance(tree_size, int) or isinstance(tree_size, bool):
        raise TypeError(f"{name} must be an int")
    if tree_size < 0:
        raise ValueError(f"{name} must not be negative, got {tree_size}")


def _inclusion_plan(tree_size: int, index: int) -> _Plan:
    """Plan PATH(index, D[tree_size]) of RFC 9162 section 2.1.3.1, leaf side first."""
    _check_size(tree_size, "tree_size")
    _check_size(index, "index")
    if index >= tree_size:
        raise ValueError(f"index {index} is not below the tree size {tree_size}")
    plan: _Plan = []
    start, end, m = 0, tree_size, index
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            plan.append(_range_plan(start + k, end))
            end = start + k
        else:
            plan.append([(start, start + k)])
            start, m = start + k, m - k
    plan.reverse()
    return plan


def _consistency_plan(new_size: int, old_size: int) -> _Plan:
    """Plan PROOF(old_size, D[new_size]) of RFC 9162 section 2.1.4.1, bottom first."""
    _check_size(new_size, "new_size")
    _check_size(old_size, "old_size")
    if old_size == 0 or old_size > new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    plan: _Plan = []
    start, end, m, whole = 0, new_size, old_size, True
    while m != end - start:
        k = _split(end - start)
        if m <= k:
            plan.append(_range_plan(start + k, end))
            end = start + k
        else:
            plan.append([(start, start + k)])
            start, m, whole = start + k, m - k, False
    if not whole:  # SUBPROOF(m, D[m], false) = {MTH(D[m])}
        plan.append(_range_plan(start, end))
    plan.reverse()
    return plan


def _flatten(plan: _Plan) -> list[Subtree]:
    return [subtree for element in plan for subtree in element]


def root_subtrees(tree_size: int) -> list[Subtree]:
    """List the perfect subtrees, left to right, that ``root_from`` asks for (RFC 9162 2.1.1).

    They follow the binary digits of ``tree_size``: at most ``tree_size.bit_length()`` of them;
    none for the empty tree.
    """
    _check_size(tree_size, "tree_size")
    return _range_plan(0, tree_size)


def inclusion_subtrees(tree_size: int, index: int) -> list[Subtree]:
    """List the perfect subtrees that ``inclusion_proof_from`` asks for (RFC 9162 2.1.3.1).

    At most about 2 * log2(tree_size) disjoint ranges, in the order they are asked for. Raises
    ValueError unless 0 <= index < tree_size.
    """
    return _flatten(_inclusion_plan(tree_size, index))


def consistency_subtrees(new_size: int, old_size: int) -> list[Subtree]:
    """List the perfect subtrees that ``consistency_proof_from`` asks for (RFC 9162 2.1.4.1).

    At most about 2 * log2(new_size) disjoint ranges, in the order they are asked for; none when
    the sizes are equal. Raises ValueError unless 0 < old_size <= new_size.
    """
    return _flatten(_consistency_plan(new_size, old_size))


def completed_subtrees(tree_size: int) -> list[Subtree]:
    """List the perfect subtrees that the leaf at index ``tree_size - 1`` completes, smallest first.

    A log that stores every aligned perfect subtree root adds exactly these rows when it grows to
    ``tree_size``: the leaf ``(n-1, n)``, then ``(n-2, n)`` if n is even, ``(n-4, n)`` if n is a
    multiple of 4, and so on; each is ``node_hash`` of its two halves. Raises ValueError for 0.
    """
    _check_size(tree_size, "tree_size")
    if tree_size == 0:
        raise ValueError("the empty tree has no leaf")
    subtrees: list[Subtree] = []
    size = 1
    while tree_size % size == 0:
        subtrees.append((tree_size - size, tree_size))
        size <<= 1
    return subtrees


# --- Proofs from a subtree-root callable -------------------------------------------------------


def _fold(pieces: list[Subtree], subtree_root: SubtreeRoot) -> bytes:
    """Fold perfect subtree roots right to left into MTH of their union (RFC 9162 2.1.1)."""
    hashes = [subtree_root(start, end) for start, end in pieces]
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def root_from(tree_size: int, subtree_root: SubtreeRoot) -> bytes:
    """Compute MTH(D[tree_size]) from perfect subtree roots (RFC 9162 section 2.1.1).

    Asks ``subtree_root`` for exactly ``root_subtrees(tree_size)``; the empty tree asks nothing.
    """
    pieces = root_subtrees(tree_size)
    if not pieces:
        return EMPTY_ROOT
    return _fold(pieces, subtree_root)


def inclusion_proof_from(tree_size: int, index: int, subtree_root: SubtreeRoot) -> list[bytes]:
    """Build the inclusion proof of leaf ``index`` from perfect subtree roots (RFC 9162 2.1.3.1).

    Asks ``subtree_root`` for exactly ``inclusion_subtrees(tree_size, index)``. Raises ValueError
    unless 0 <= index < tree_size.
    """
    return [_fold(pieces, subtree_root) for pieces in _inclusion_plan(tree_size, index)]


def consistency_proof_from(new_size: int, old_size: int, subtree_root: SubtreeRoot) -> list[bytes]:
    """Build the consistency proof from ``old_size`` to ``new_size`` (RFC 9162 2.1.4.1).

    Asks ``subtree_root`` for exactly ``consistency_subtrees(new_size, old_size)``. Equal sizes
    give an empty proof. Raises ValueError unless 0 < old_size <= new_size.
    """
    return [_fold(pieces, subtree_root) for pieces in _consistency_plan(new_size, old_size)]


# --- Proofs from the list of leaf hashes -------------------------------------------------------


def _list_subtree_root(leaf_hashes: Sequence[bytes]) -> SubtreeRoot:
    def subtree_root(start: int, end: int) -> bytes:
        return root_hash(leaf_hashes[start:end])

    return subtree_root


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """Build the inclusion proof PATH(index, D[n]) of RFC 9162 section 2.1.3.1.

    Raises ValueError unless 0 <= index < len(leaf_hashes). Costs O(n) hashes.
    """
    return inclusion_proof_from(len(leaf_hashes), index, _list_subtree_root(leaf_hashes))


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """Build the consistency proof PROOF(old_size, D[n]) of RFC 9162 section 2.1.4.1.

    The new tree is all of ``leaf_hashes``. Equal sizes give an empty proof. Raises ValueError
    unless 0 < old_size <= len(leaf_hashes). Costs O(n) hashes.
    """
    return consistency_proof_from(len(leaf_hashes), old_size, _list_subtree_root(leaf_hashes))


# --- Verification ------------------------------------------------------------------------------


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_TREE_SIZE


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _proof_hashes(proof: object) -> list[bytes] | None:
    """Return the proof as a list of 32-byte hashes, or None if it is anything else."""
    if not isinstance(proof, Sequence) or isinstance(proof, str | bytes | bytearray):
        return None
    try:
        items = list(proof)
    except Exception:  # a broken Sequence is a proof that does not verify
        return None
    if len(items) > 2 * 64 + 1 or not all(_is_hash(item) for item in items):
        return None
    return [bytes(item) for item in items]


def verify_inclusion(
    leaf_hash: bytes, index: int, tree_size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Check that ``proof`` proves leaf ``index`` of a ``tree_size`` tree (RFC 9162 2.1.3.2).

    Returns False, never raises, for any input that does not verify: sizes that are not ints in
    0..2**64-1, an index not below the size, hashes that are not 32 bytes, a proof too long or
    too short.
    """
    path = _proof_hashes(proof)
    if path is None or not (_is_size(index) and _is_size(tree_size)) or index >= tree_size:
        return False
    if not (_is_hash(leaf_hash) and _is_hash(root)):
        return False
    fn, sn, r = index, tree_size - 1, bytes(leaf_hash)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == bytes(root)


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Check that ``proof`` proves the ``new_size`` tree extends the ``old_size`` one (RFC 9162
    2.1.4.2).

    Returns False, never raises, for any input that does not verify. Size 0 is always rejected
    (every tree extends the empty one; the proof says nothing). Equal sizes need an empty proof
    and byte-equal roots, as in the transparency-dev/merkle verifier: there the root lengths are
    not checked, since nothing is hashed.
    """
    path = _proof_hashes(proof)
    if path is None or not (_is_size(old_size) and _is_size(new_size)):
        return False
    if old_size == 0 or old_size > new_size:
        return False
    if not isinstance(old_root, bytes | bytearray) or not isinstance(new_root, bytes | bytearray):
        return False
    if old_size == new_size:
        return not path and bytes(old_root) == bytes(new_root)
    if not path or not (_is_hash(old_root) and _is_hash(new_root)):
        return False
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, bytes(old_root))
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == bytes(old_root) and sr == bytes(new_root)
