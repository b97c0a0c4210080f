"""Topic of a message (issue 5 item 6): keyword rules first, then a scikit-learn model.

1. Rules: ``topics.yaml`` lists keywords per topic; each keyword found in the text counts one.
   A single best topic with at least one hit wins.
2. Model: TF-IDF over jieba tokens (words and the characters of them) and a logistic
   regression, trained from the topics staff confirmed or corrected
   (:func:`train_from_history`), used once there are ``FEEDBACK_MODEL_MIN_LABELS`` labels.
   A trained model is a file under ``DATA_DIR/feedback/`` named by its version, with a
   :class:`~openvillage.feedback.models.ClassifierVersion` row holding its accuracy on the
   held-out fifth of the labels (stratified, fixed seed).
3. Otherwise: ``other``.
"""

from __future__ import annotations

import hashlib
import logging
import pickle  # noqa: S403  (only files this process wrote, under DATA_DIR)
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba
import yaml
from django.conf import settings

log = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)

TOPICS = (
    "finance",
    "land_and_homestead",
    "subsidies",
    "infrastructure",
    "sanitation",
    "cadre_conduct",
    "elections",
    "other",
)
OTHER = "other"
RULES, MODEL = "rules", "model"
SEED = 20260930


@cache
def keywords() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load((Path(__file__).parent / "topics.yaml").read_text(encoding="utf-8"))
    return {topic: tuple(words) for topic, words in data["topics"].items()}


def tokens(text: str) -> list[str]:
    """jieba words of ``text`` (punctuation and spaces dropped)."""
    return [t for t in jieba.lcut(text) if t.strip() and not _punct(t)]


def _punct(token: str) -> bool:
    return all(not ch.isalnum() for ch in token)


def features(text: str) -> list[str]:
    """jieba words and the single characters of the longer words (short texts, few words)."""
    words = tokens(text)
    return words + [ch for word in words if len(word) > 1 for ch in word]


def rules_topic(text: str) -> str | None:
    """The one topic with the most keyword hits, or None (no hit, or a tie)."""
    scores = {t: sum(1 for w in words if w in text) for t, words in keywords().items()}
    best = max(scores.values(), default=0)
    if best == 0:
        return None
    winners = [t for t, s in scores.items() if s == best]
    return winners[0] if len(winners) == 1 else None


def new_model():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    vectorizer = TfidfVectorizer(
        tokenizer=features, token_pattern=None, lowercase=False, sublinear_tf=True
    )
    return make_pipeline(vectorizer, LogisticRegression(max_iter=2000, C=10.0))


@dataclass(frozen=True)
class Evaluation:
    labels: int
    held_out: int
    correct: int

    @property
    def accuracy_permille(self) -> int:
        return (1000 * self.correct) // self.held_out if self.held_out else 0


def split(texts: list[str], labels: list[str]):
    """A stratified 80/20 split with a fixed seed (plain split when a class is too small)."""
    from sklearn.model_selection import train_test_split

    counts = {label: labels.count(label) for label in set(labels)}
    stratify = labels if min(counts.values()) >= 2 else None
    return train_test_split(texts, labels, test_size=0.2, random_state=SEED, stratify=stratify)


def evaluate(texts: list[str], labels: list[str]):
    """Train on 80 % and count correct answers on the held-out 20 %; return (model, Evaluation).

    The returned model is then refitted on every label.
    """
    train_x, test_x, train_y, test_y = split(texts, labels)
    model = new_model().fit(train_x, train_y)
    correct = sum(int(p == y) for p, y in zip(model.predict(test_x), test_y, strict=True))
    model = new_model().fit(texts, labels)
    return model, Evaluation(len(labels), len(test_y), correct)


# --- persisted model --------------------------------------------------------------------------

_lock = threading.Lock()
_loaded: tuple[str, object] | None = None  # (sha256 of the file, model): never a stale model


def model_dir() -> Path:
    return Path(settings.DATA_DIR) / "feedback"


def current_version():
    from openvillage.feedback.models import ClassifierVersion

    return ClassifierVersion.objects.order_by("-version").first()


def _load(row) -> object | None:
    global _loaded
    if _loaded is not None and _loaded[0] == row.sha256:
        return _loaded[1]
    path = Path(row.path)
    try:
        blob = path.read_bytes()
    except OSError:
        log.warning("classifier file %s is missing", path)
        return None
    if hashlib.sha256(blob).hexdigest() != row.sha256:
        log.warning("classifier file %s does not match its recorded hash", path)
        return None
    model = pickle.loads(blob)  # noqa: S301  (hash checked against our own record)
    with _lock:
        _loaded = (row.sha256, model)
    return model


def classify(text: str) -> tuple[str, str, int | None]:
    """Return (topic, source, model version): rules first, then the model, else ``other``."""
    topic = rules_topic(text)
    if topic is not None:
        return topic, RULES, None
    row = current_version()
    if row is not None and row.labels >= settings.FEEDBACK_MODEL_MIN_LABELS:
        model = _load(row)
        if model is not None:
            return str(model.predict([text])[0]), MODEL, row.version
    return OTHER, RULES, None


def train_from_history() -> str:
    """Train a new version from staff labels when there are enough new ones since the last."""
    from openvillage.feedback.models import ClassifierVersion, Message

    rows = list(
        Message.objects.filter(topic_labelled_at__isnull=False).values_list("text", "topic")
    )
    if len(rows) < settings.FEEDBACK_MODEL_MIN_LABELS:
        return f"{len(rows)} labels, fewer than {settings.FEEDBACK_MODEL_MIN_LABELS}: not trained"
    last = current_version()
    if last is not None and last.labels == len(rows):
        return "no new labels"
    if len({topic for _, topic in rows}) < 2:
        return "one topic only: not trained"
    model, ev = evaluate([t for t, _ in rows], [topic for _, topic in rows])
    version = (last.version + 1) if last else 1
    blob = pickle.dumps(model)
    model_dir().mkdir(parents=True, exist_ok=True)
    path = model_dir() / f"classifier-v{version}.pkl"
    path.write_bytes(blob)
    ClassifierVersion.objects.create(
        version=version,
        path=str(path),
        sha256=hashlib.sha256(blob).hexdigest(),
        labels=ev.labels,
        held_out=ev.held_out,
        correct=ev.correct,
    )
    return f"v{version}: {ev.correct}/{ev.held_out} held-out labels right"
