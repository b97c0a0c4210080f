"""The loaded topic model is cached by its file's hash, not its version number: a database
restored or rebuilt (as between tests) that trains a new v1 must not get the old v1's model."""

from __future__ import annotations

import hashlib
import pickle

import pytest

from openvillage.feedback import classify
from openvillage.feedback.models import ClassifierVersion


class Always:
    """A stand-in model that answers one topic (picklable: defined at module level)."""

    def __init__(self, topic: str) -> None:
        self.topic = topic

    def predict(self, texts):
        return [self.topic for _ in texts]


def _store(tmp_path, topic: str) -> ClassifierVersion:
    blob = pickle.dumps(Always(topic))
    path = tmp_path / f"classifier-{topic}.pkl"
    path.write_bytes(blob)
    return ClassifierVersion.objects.create(
        version=1, path=str(path), sha256=hashlib.sha256(blob).hexdigest(),
        labels=500, held_out=100, correct=90,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_new_model_under_a_reused_version_number_is_used_not_the_cached_one(tmp_path):
    text = "这个事情谁来管一下呀"  # no keyword: the rules leave it to the model
    topics = sorted(classify.TOPICS)
    _store(tmp_path, topics[0])
    assert classify.classify(text) == (topics[0], classify.MODEL, 1)
    ClassifierVersion.objects.all().delete()
    _store(tmp_path, topics[1])
    assert classify.classify(text) == (topics[1], classify.MODEL, 1)
