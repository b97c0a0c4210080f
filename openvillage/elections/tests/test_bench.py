"""The benchmark helper runs the pure count; its timing (and the million-ballot run) lives in
bench/election_count.py, not here: a test does not assert wall-clock time."""

from __future__ import annotations

from openvillage.elections.rules.bench import sample_document
from openvillage.elections.rules.count_cli import run_count


def test_the_benchmark_document_counts_with_exit_0_and_the_same_answer_each_time():
    document = sample_document(2_000)
    assert run_count(document)[0] == 0
    assert run_count(document) == run_count(sample_document(2_000))
