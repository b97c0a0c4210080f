"""`stars score` against an oracle written from the issue's text alone, on random schemes:

an item gives ``points * count`` bounded by its cap (a negative cap bounds deductions, a positive
one bonuses); the score is ``base`` plus the items clamped to ``[min, max]``; the stars are those
of the first band, in the order listed, whose ``min`` the score reaches and whose required codes
each have a count of at least 1; ranks are by score, highest first, equal scores sharing a rank
and the next rank skipping; ``items`` lists every item of the scheme. All integers.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openvillage.assessment.rules.assessment_cli import stars_answer

CODES = ["a", "b", "c", "d", "e"]


@st.composite
def documents(draw):
    low = draw(st.integers(-50, 50))
    high = low + draw(st.integers(0, 200))
    base = draw(st.integers(low, high))
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=5, unique=True))
    items = []
    for code in codes:
        points = draw(st.integers(-10, 10).filter(bool))
        item = {"code": code, "points": points}
        if draw(st.booleans()):
            size = draw(st.integers(1, 40))
            item["cap"] = size if points > 0 else -size
        items.append(item)
    bands = []
    for stars in sorted(draw(st.lists(st.integers(1, 9), max_size=4, unique=True)), reverse=True):
        band = {"stars": stars, "min": draw(st.integers(low - 10, high + 10))}
        if draw(st.booleans()):
            band["requires"] = draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))
        bands.append(band)
    bands.append({"stars": 0, "min": draw(st.integers(low - 20, low))})  # the catch-all band
    subjects = [
        {"id": f"s{n}", "facts": draw(st.dictionaries(st.sampled_from(codes), st.integers(0, 60)))}
        for n in range(draw(st.integers(0, 8)))
    ]
    scheme = {"base": base, "min": low, "max": high, "items": items, "bands": bands}
    return {"scheme": scheme, "subjects": subjects}


def oracle(doc):
    scheme = doc["scheme"]
    out = []
    for subject in doc["subjects"]:
        counts = subject["facts"]
        items = {}
        for item in scheme["items"]:
            value = item["points"] * counts.get(item["code"], 0)
            cap = item.get("cap")
            if cap is not None:
                value = max(value, cap) if cap < 0 else min(value, cap)
            items[item["code"]] = value
        score = min(max(scheme["base"] + sum(items.values()), scheme["min"]), scheme["max"])
        stars = next(
            band["stars"]
            for band in scheme["bands"]
            if score >= band["min"]
            and all(counts.get(code, 0) >= 1 for code in band.get("requires", []))
        )
        out.append({"id": subject["id"], "score": score, "stars": stars, "items": items})
    for row in out:
        row["rank"] = 1 + sum(1 for other in out if other["score"] > row["score"])
    return out


@settings(max_examples=400, deadline=None)
@given(documents())
def test_the_command_agrees_with_the_rules_as_written(doc):
    answer = stars_answer(doc)["subjects"]
    assert [row["id"] for row in answer] == [s["id"] for s in doc["subjects"]]  # input order
    assert answer == oracle(doc)
    for row in answer:
        assert doc["scheme"]["min"] <= row["score"] <= doc["scheme"]["max"]
        assert all(type(v) is int for v in (row["score"], row["stars"], row["rank"]))
        assert set(row["items"]) == {item["code"] for item in doc["scheme"]["items"]}
    ranks = sorted(row["rank"] for row in answer)
    # competition ranking: the first is 1, and a rank r held by k subjects is followed by r + k
    for i, rank in enumerate(ranks):
        assert rank <= i + 1
        if i and rank != ranks[i - 1]:
            assert rank == i + 1
