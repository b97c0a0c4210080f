"""Chinese search that works the same on SQLite and PostgreSQL, without database extensions.

Each public item carries ``search_tokens``: a space-delimited string (with a leading and a
trailing space) of jieba's search-mode words plus every character bigram of each run of Chinese
characters, and lower-cased Latin words and numbers. A query is cut the same way and every query
token must appear as `` token `` (``LIKE '% token %'``), so a two-character word such as 低保 or
财务 always matches a text that contains it, whatever jieba decided for the longer text.
"""

from __future__ import annotations

import logging
import re

from django.db.models import Q

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[0-9a-z]+")
_TAGS = re.compile(r"<[^>]*>")
MAX_QUERY_TOKENS = 12


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def plain_text(html: str) -> str:
    return _TAGS.sub(" ", html or "")


def _tokens(text: str) -> list[str]:
    text = text.lower()
    tokens: list[str] = []
    for run in _HAN_RUN.findall(text):
        if len(run) == 1:
            tokens.append(run)
            continue
        tokens += [w for w in _jieba().cut_for_search(run) if len(w) > 1]
        tokens += [run[i : i + 2] for i in range(len(run) - 1)]
    tokens += _LATIN.findall(text)
    return tokens


def tokens_for(*texts: str) -> str:
    """Return the search-token column value for the given texts (deduplicated, bounded)."""
    seen = dict.fromkeys(t for text in texts for t in _tokens(text))
    return " " + " ".join(seen)[:60_000] + " "


def query_tokens(query: str) -> list[str]:
    """Cut a query into tokens every one of which a matching item must contain."""
    query = query.lower()[:100]
    tokens: list[str] = []
    for run in _HAN_RUN.findall(query):
        if len(run) <= 2:
            tokens.append(run)
        else:  # the bigrams of the run are always in the item's tokens if the run is in its text
            tokens += [run[i : i + 2] for i in range(len(run) - 1)]
    tokens += _LATIN.findall(query)
    return list(dict.fromkeys(tokens))[:MAX_QUERY_TOKENS]


def search_q(query: str) -> Q | None:
    """A filter on ``search_tokens`` for the query, or None when it has nothing to search."""
    tokens = query_tokens(query)
    if not tokens:
        return None
    q = Q()
    for token in tokens:
        # A single Chinese character matches inside any token; longer ones as whole tokens.
        pattern = token if len(token) == 1 and _HAN_RUN.fullmatch(token) else f" {token} "
        q &= Q(search_tokens__contains=pattern)
    return q
