"""Known answers for the RFC 9162 Merkle tree on the eight standard leaves.

The inputs, roots and proofs are the test data of transparency-dev/merkle (Apache License 2.0,
``testonly/constants.go`` and the happy-path conformance vectors), copied here as constants so
that these tests never depend on the shared vectors folder.
"""

from __future__ import annotations

import hashlib

import pytest

from openvillage.ledger import merkle

LEAF_INPUTS_HEX = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]

ROOT_BY_SIZE_HEX = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# (index, tree size, proof) from the happy-path inclusion vectors.
KNOWN_INCLUSION_PROOFS = [
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

# (old size, new size, proof) from the happy-path consistency vectors.
KNOWN_CONSISTENCY_PROOFS = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

LEAVES = [merkle.leaf_hash(bytes.fromhex(data)) for data in LEAF_INPUTS_HEX]
ROOTS = [bytes.fromhex(root) for root in ROOT_BY_SIZE_HEX]


def _subtree_root_of(leaves: list[bytes]) -> merkle.SubtreeRoot:
    return lambda start, end: merkle.root_hash(leaves[start:end])


def test_leaf_hash_is_sha256_of_zero_byte_and_data() -> None:
    assert merkle.leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()


def test_node_hash_is_sha256_of_one_byte_and_both_children() -> None:
    left, right = b"L" * 32, b"R" * 32
    assert merkle.node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()


def test_the_empty_tree_root_is_sha256_of_nothing() -> None:
    assert merkle.root_hash([]) == hashlib.sha256(b"").digest() == merkle.EMPTY_ROOT


@pytest.mark.parametrize("size", range(9))
def test_root_hash_matches_the_known_root_for_every_size_up_to_8(size: int) -> None:
    assert merkle.root_hash(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize("size", range(9))
def test_root_from_subtree_roots_matches_the_known_root(size: int) -> None:
    assert merkle.root_from(size, _subtree_root_of(LEAVES)) == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), KNOWN_INCLUSION_PROOFS)
def test_inclusion_proof_equals_the_known_proof(index: int, size: int, proof: list[str]) -> None:
    assert merkle.inclusion_proof(LEAVES[:size], index) == [bytes.fromhex(p) for p in proof]


@pytest.mark.parametrize(("old", "new", "proof"), KNOWN_CONSISTENCY_PROOFS)
def test_consistency_proof_equals_the_known_proof(old: int, new: int, proof: list[str]) -> None:
    assert merkle.consistency_proof(LEAVES[:new], old) == [bytes.fromhex(p) for p in proof]


def test_every_inclusion_proof_on_the_known_tree_verifies() -> None:
    for size in range(1, 9):
        for index in range(size):
            proof = merkle.inclusion_proof(LEAVES[:size], index)
            assert merkle.verify_inclusion(LEAVES[index], index, size, proof, ROOTS[size])
            assert len(proof) <= (size - 1).bit_length()


def test_every_inclusion_proof_fails_for_every_other_index() -> None:
    for size in range(1, 9):
        for index in range(size):
            proof = merkle.inclusion_proof(LEAVES[:size], index)
            for other in range(size + 2):
                if other != index:
                    assert not merkle.verify_inclusion(
                        LEAVES[index], other, size, proof, ROOTS[size]
                    )


def test_every_consistency_proof_on_the_known_tree_verifies() -> None:
    for new in range(1, 9):
        for old in range(1, new + 1):
            proof = merkle.consistency_proof(LEAVES[:new], old)
            assert merkle.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def test_consistency_proof_fails_against_the_root_of_another_size() -> None:
    for new in range(2, 9):
        for old in range(1, new):
            proof = merkle.consistency_proof(LEAVES[:new], old)
            for wrong in range(9):
                if wrong != old:
                    assert not merkle.verify_consistency(old, new, ROOTS[wrong], ROOTS[new], proof)
                if wrong != new:
                    assert not merkle.verify_consistency(old, new, ROOTS[old], ROOTS[wrong], proof)


def test_consistency_between_equal_sizes_is_an_empty_proof() -> None:
    assert merkle.consistency_proof(LEAVES, 8) == []
    assert merkle.verify_consistency(8, 8, ROOTS[8], ROOTS[8], [])


def test_consistency_between_equal_sizes_rejects_different_roots_or_a_proof() -> None:
    assert not merkle.verify_consistency(8, 8, ROOTS[8], ROOTS[7], [])
    assert not merkle.verify_consistency(8, 8, ROOTS[8], ROOTS[8], [ROOTS[8]])


def test_consistency_from_the_empty_tree_is_always_rejected() -> None:
    assert not merkle.verify_consistency(0, 0, ROOTS[0], ROOTS[0], [])
    assert not merkle.verify_consistency(0, 3, ROOTS[0], ROOTS[3], [])
    assert not merkle.verify_consistency(0, 3, ROOTS[0], ROOTS[3], [ROOTS[3]])


def test_single_leaf_tree_proves_its_leaf_with_an_empty_proof() -> None:
    assert merkle.inclusion_proof(LEAVES[:1], 0) == []
    assert merkle.verify_inclusion(LEAVES[0], 0, 1, [], ROOTS[1])


@pytest.mark.parametrize(
    ("size", "index"),
    [(0, 0), (1, 1), (8, 8), (8, 100), (8, -1), (3, -3)],
)
def test_inclusion_proof_for_an_index_outside_the_tree_is_a_value_error(
    size: int, index: int
) -> None:
    with pytest.raises(ValueError):
        merkle.inclusion_proof(LEAVES[:size], index)
    with pytest.raises(ValueError):
        merkle.inclusion_proof_from(size, index, _subtree_root_of(LEAVES))


@pytest.mark.parametrize(("size", "old"), [(0, 0), (8, 0), (5, 0), (5, 6), (8, 9), (8, -1)])
def test_consistency_proof_from_size_zero_or_beyond_the_tree_is_a_value_error(
    size: int, old: int
) -> None:
    with pytest.raises(ValueError):
        merkle.consistency_proof(LEAVES[:size], old)
    with pytest.raises(ValueError):
        merkle.consistency_proof_from(size, old, _subtree_root_of(LEAVES))


def test_a_negative_tree_size_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        merkle.root_from(-1, _subtree_root_of(LEAVES))
    with pytest.raises(ValueError):
        merkle.inclusion_subtrees(-1, 0)
    with pytest.raises(ValueError):
        merkle.consistency_subtrees(-2, 1)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, []),
        (1, [(0, 1)]),
        (8, [(0, 8)]),
        (13, [(0, 8), (8, 12), (12, 13)]),
    ],
)
def test_root_subtrees_follow_the_binary_digits_of_the_size(
    size: int, expected: list[tuple[int, int]]
) -> None:
    assert merkle.root_subtrees(size) == expected


def test_inclusion_of_leaf_5_in_13_asks_for_five_perfect_subtrees() -> None:
    # PATH(5, D[13]) = [leaf 4, MTH(6:8), MTH(0:4), MTH(8:13)]; MTH(8:13) folds (8,12) and (12,13).
    assert merkle.inclusion_subtrees(13, 5) == [(4, 5), (6, 8), (0, 4), (8, 12), (12, 13)]


def test_consistency_from_6_to_13_asks_for_five_perfect_subtrees() -> None:
    # PROOF(6, D[13]) = [MTH(4:6), MTH(6:8), MTH(0:4), MTH(8:13)].
    assert merkle.consistency_subtrees(13, 6) == [(4, 6), (6, 8), (0, 4), (8, 12), (12, 13)]


def test_consistency_between_equal_sizes_asks_for_nothing() -> None:
    assert merkle.consistency_subtrees(13, 13) == []


@pytest.mark.parametrize(
    ("size", "expected"),
    [(1, [(0, 1)]), (5, [(4, 5)]), (6, [(5, 6), (4, 6)]), (8, [(7, 8), (6, 8), (4, 8), (0, 8)])],
)
def test_completed_subtrees_are_those_ending_at_the_new_size(
    size: int, expected: list[tuple[int, int]]
) -> None:
    assert merkle.completed_subtrees(size) == expected


def test_completed_subtrees_of_the_empty_tree_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        merkle.completed_subtrees(0)


def test_a_log_storing_completed_subtrees_answers_every_root_and_proof() -> None:
    # Given a store filled the way a persistent log would, one leaf at a time.
    store: dict[tuple[int, int], bytes] = {}
    for size in range(1, 9):
        for start, end in merkle.completed_subtrees(size):
            if end - start == 1:
                store[(start, end)] = LEAVES[start]
            else:
                middle = (start + end) // 2
                store[(start, end)] = merkle.node_hash(store[(start, middle)], store[(middle, end)])

    def subtree_root(start: int, end: int) -> bytes:
        return store[(start, end)]

    # Then every root and proof comes from stored rows only, and equals the list-based one.
    for size in range(9):
        assert merkle.root_from(size, subtree_root) == ROOTS[size]
    for size in range(1, 9):
        for index in range(size):
            assert merkle.inclusion_proof_from(size, index, subtree_root) == (
                merkle.inclusion_proof(LEAVES[:size], index)
            )
        for old in range(1, size + 1):
            assert merkle.consistency_proof_from(size, old, subtree_root) == (
                merkle.consistency_proof(LEAVES[:size], old)
            )


def test_proofs_in_a_tree_of_a_trillion_leaves_need_only_a_few_subtrees() -> None:
    size = 10**12 + 7
    assert len(merkle.inclusion_subtrees(size, 123_456_789)) <= 2 * size.bit_length()
    assert len(merkle.consistency_subtrees(size, 10**11 + 3)) <= 2 * size.bit_length()
    assert len(merkle.root_subtrees(size)) == bin(size).count("1")


def test_root_hash_of_a_million_leaves_is_computed_without_recursion() -> None:
    leaves = [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(1 << 20)]
    root = merkle.root_hash(leaves)
    # A perfect tree's root is the node over its two halves' roots.
    half = merkle.root_hash(leaves[: 1 << 19]), merkle.root_hash(leaves[1 << 19 :])
    assert root == merkle.node_hash(*half)
