"""Property tests of the RFC 9162 Merkle tree against a naive recursive reference.

The reference below is written straight from the recursive definitions of RFC 9162 section 2.1
(MTH, PATH, PROOF/SUBPROOF) on lists of entries, slicing at the largest power of two.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openvillage.ledger import merkle

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


# --- Naive reference, RFC 9162 section 2.1 ------------------------------------------------------


def _largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def naive_mth(entries: list[bytes]) -> bytes:
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = _largest_power_of_two_below(n)
    return hashlib.sha256(b"\x01" + naive_mth(entries[:k]) + naive_mth(entries[k:])).digest()


def naive_path(m: int, entries: list[bytes]) -> list[bytes]:
    n = len(entries)
    if n == 1:
        return []
    k = _largest_power_of_two_below(n)
    if m < k:
        return naive_path(m, entries[:k]) + [naive_mth(entries[k:])]
    return naive_path(m - k, entries[k:]) + [naive_mth(entries[:k])]


def naive_subproof(m: int, entries: list[bytes], b: bool) -> list[bytes]:
    n = len(entries)
    if m == n:
        return [] if b else [naive_mth(entries)]
    k = _largest_power_of_two_below(n)
    if m <= k:
        return naive_subproof(m, entries[:k], b) + [naive_mth(entries[k:])]
    return naive_subproof(m - k, entries[k:], False) + [naive_mth(entries[:k])]


def naive_proof(m: int, entries: list[bytes]) -> list[bytes]:
    return naive_subproof(m, entries, True)


# --- Strategies ---------------------------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn, min_size: int = 0, max_size: int = 150) -> list[bytes]:
    """Draw distinct entries, so that no two leaves share a hash."""
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    salt = draw(st.binary(max_size=4))
    return [salt + i.to_bytes(2, "big") for i in range(size)]


@st.composite
def tree_and_index(draw: st.DrawFn) -> tuple[list[bytes], int]:
    entries = draw(trees(min_size=1))
    return entries, draw(st.integers(min_value=0, max_value=len(entries) - 1))


@st.composite
def tree_and_old_size(draw: st.DrawFn) -> tuple[list[bytes], int]:
    entries = draw(trees(min_size=1))
    return entries, draw(st.integers(min_value=1, max_value=len(entries)))


def _flip(value: bytes, bit: int) -> bytes:
    bit %= len(value) * 8
    flipped = bytearray(value)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


def _leaves(entries: list[bytes]) -> list[bytes]:
    return [merkle.leaf_hash(entry) for entry in entries]


class RecordingSubtreeRoot:
    """Answer subtree roots from a list and remember which ranges were asked for."""

    def __init__(self, leaves: list[bytes]) -> None:
        self.leaves = leaves
        self.asked: list[tuple[int, int]] = []

    def __call__(self, start: int, end: int) -> bytes:
        size = end - start
        assert size > 0 and size & (size - 1) == 0, "only perfect subtrees are asked for"
        assert start % size == 0, "only aligned subtrees are asked for"
        assert end <= len(self.leaves)
        self.asked.append((start, end))
        return merkle.root_hash(self.leaves[start:end])


# --- Agreement with the reference ---------------------------------------------------------------


@PROPERTY_SETTINGS
@given(trees())
def test_root_hash_equals_the_naive_recursive_root(entries: list[bytes]) -> None:
    assert merkle.root_hash(_leaves(entries)) == naive_mth(entries)


@PROPERTY_SETTINGS
@given(tree_and_index())
def test_inclusion_proof_equals_the_naive_recursive_path(case: tuple[list[bytes], int]) -> None:
    entries, index = case
    assert merkle.inclusion_proof(_leaves(entries), index) == naive_path(index, entries)


@PROPERTY_SETTINGS
@given(tree_and_old_size())
def test_consistency_proof_equals_the_naive_recursive_proof(
    case: tuple[list[bytes], int],
) -> None:
    entries, old_size = case
    assert merkle.consistency_proof(_leaves(entries), old_size) == naive_proof(old_size, entries)


# --- Proofs verify, and any change breaks them --------------------------------------------------


@PROPERTY_SETTINGS
@given(tree_and_index(), st.integers(min_value=0))
def test_every_inclusion_proof_verifies_and_any_flipped_bit_fails(
    case: tuple[list[bytes], int], bit: int
) -> None:
    entries, index = case
    leaves = _leaves(entries)
    size, leaf, root = len(leaves), leaves[index], merkle.root_hash(leaves)
    proof = merkle.inclusion_proof(leaves, index)

    assert merkle.verify_inclusion(leaf, index, size, proof, root)
    assert not merkle.verify_inclusion(_flip(leaf, bit), index, size, proof, root)
    assert not merkle.verify_inclusion(leaf, index, size, proof, _flip(root, bit))
    assert not merkle.verify_inclusion(leaf, index ^ (1 << (bit % 64)), size, proof, root)
    if proof:
        at = bit % len(proof)
        bad = proof[:at] + [_flip(proof[at], bit // len(proof))] + proof[at + 1 :]
        assert not merkle.verify_inclusion(leaf, index, size, bad, root)
        assert not merkle.verify_inclusion(leaf, index, size, proof[:-1], root)
    assert not merkle.verify_inclusion(leaf, index, size, [*proof, root], root)


@PROPERTY_SETTINGS
@given(tree_and_old_size(), st.integers(min_value=0))
def test_every_consistency_proof_verifies_and_any_flipped_bit_fails(
    case: tuple[list[bytes], int], bit: int
) -> None:
    entries, old_size = case
    leaves = _leaves(entries)
    new_size = len(leaves)
    old_root, new_root = merkle.root_hash(leaves[:old_size]), merkle.root_hash(leaves)
    proof = merkle.consistency_proof(leaves, old_size)

    assert merkle.verify_consistency(old_size, new_size, old_root, new_root, proof)
    assert not merkle.verify_consistency(old_size, new_size, _flip(old_root, bit), new_root, proof)
    assert not merkle.verify_consistency(old_size, new_size, old_root, _flip(new_root, bit), proof)
    if proof:
        at = bit % len(proof)
        bad = proof[:at] + [_flip(proof[at], bit // len(proof))] + proof[at + 1 :]
        assert not merkle.verify_consistency(old_size, new_size, old_root, new_root, bad)
        assert not merkle.verify_consistency(old_size, new_size, old_root, new_root, proof[1:])
    assert not merkle.verify_consistency(old_size, new_size, old_root, new_root, [*proof, old_root])


# --- The callable-based API ---------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(trees())
def test_root_from_subtree_roots_equals_root_hash(entries: list[bytes]) -> None:
    leaves = _leaves(entries)
    subtree_root = RecordingSubtreeRoot(leaves)
    assert merkle.root_from(len(leaves), subtree_root) == merkle.root_hash(leaves)
    assert subtree_root.asked == merkle.root_subtrees(len(leaves))


@PROPERTY_SETTINGS
@given(tree_and_index())
def test_inclusion_proof_from_subtree_roots_equals_the_list_based_proof(
    case: tuple[list[bytes], int],
) -> None:
    entries, index = case
    leaves = _leaves(entries)
    subtree_root = RecordingSubtreeRoot(leaves)
    proof = merkle.inclusion_proof_from(len(leaves), index, subtree_root)
    assert proof == merkle.inclusion_proof(leaves, index)
    assert subtree_root.asked == merkle.inclusion_subtrees(len(leaves), index)
    assert len(subtree_root.asked) <= 2 * len(leaves).bit_length()


@PROPERTY_SETTINGS
@given(tree_and_old_size())
def test_consistency_proof_from_subtree_roots_equals_the_list_based_proof(
    case: tuple[list[bytes], int],
) -> None:
    entries, old_size = case
    leaves = _leaves(entries)
    subtree_root = RecordingSubtreeRoot(leaves)
    proof = merkle.consistency_proof_from(len(leaves), old_size, subtree_root)
    assert proof == merkle.consistency_proof(leaves, old_size)
    assert subtree_root.asked == merkle.consistency_subtrees(len(leaves), old_size)
    assert len(subtree_root.asked) <= 2 * len(leaves).bit_length()


@PROPERTY_SETTINGS
@given(st.integers(min_value=1, max_value=2**64 - 1), st.data())
def test_subtree_lists_are_aligned_disjoint_and_short_for_any_tree_size(
    size: int, data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    old_size = data.draw(st.integers(min_value=1, max_value=size))
    for subtrees in (
        merkle.root_subtrees(size),
        merkle.inclusion_subtrees(size, index),
        merkle.consistency_subtrees(size, old_size),
    ):
        assert len(subtrees) <= 2 * size.bit_length()
        for start, end in subtrees:
            width = end - start
            assert width > 0 and width & (width - 1) == 0 and start % width == 0 and end <= size
        ranges = sorted(subtrees)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(ranges))


# --- Verifiers never raise ----------------------------------------------------------------------

garbage: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=40)
    | st.binary(max_size=40)
    | st.binary(min_size=32, max_size=32),
    lambda children: st.lists(children, max_size=5) | st.tuples(children, children),
    max_leaves=10,
)
hashes = st.binary(min_size=32, max_size=32) | st.binary(max_size=40)
sizes = st.integers(min_value=-3, max_value=70) | st.integers()
proofs = st.lists(hashes, max_size=10) | garbage


@settings(max_examples=400, deadline=None)
@given(garbage | hashes, garbage | sizes, garbage | sizes, proofs, garbage | hashes)
def test_verify_inclusion_returns_a_bool_for_any_garbage(
    leaf: Any, index: Any, size: Any, proof: Any, root: Any
) -> None:
    assert merkle.verify_inclusion(leaf, index, size, proof, root) in (True, False)


@settings(max_examples=400, deadline=None)
@given(garbage | sizes, garbage | sizes, garbage | hashes, garbage | hashes, proofs)
def test_verify_consistency_returns_a_bool_for_any_garbage(
    old_size: Any, new_size: Any, old_root: Any, new_root: Any, proof: Any
) -> None:
    result = merkle.verify_consistency(old_size, new_size, old_root, new_root, proof)
    assert result in (True, False)


@PROPERTY_SETTINGS
@given(tree_and_index(), st.lists(hashes, max_size=12))
def test_random_inclusion_proofs_do_not_verify(
    case: tuple[list[bytes], int], proof: list[bytes]
) -> None:
    entries, index = case
    leaves = _leaves(entries)
    if proof != merkle.inclusion_proof(leaves, index):
        root = merkle.root_hash(leaves)
        assert not merkle.verify_inclusion(leaves[index], index, len(leaves), proof, root)


@PROPERTY_SETTINGS
@given(tree_and_old_size(), st.lists(hashes, max_size=12))
def test_random_consistency_proofs_do_not_verify(
    case: tuple[list[bytes], int], proof: list[bytes]
) -> None:
    entries, old_size = case
    leaves = _leaves(entries)
    if proof != merkle.consistency_proof(leaves, old_size):
        old_root, new_root = merkle.root_hash(leaves[:old_size]), merkle.root_hash(leaves)
        assert not merkle.verify_consistency(old_size, len(leaves), old_root, new_root, proof)


def test_a_sequence_that_raises_while_iterated_is_rejected() -> None:
    class Broken(list[bytes]):
        def __iter__(self) -> Any:
            raise RuntimeError("broken storage")

    proof = Broken([b"\x00" * 32])
    assert not merkle.verify_inclusion(b"\x00" * 32, 0, 2, proof, b"\x00" * 32)
    assert not merkle.verify_consistency(1, 2, b"\x00" * 32, b"\x00" * 32, proof)
