"""Villagers' messages: topics classified per second (rules, model) and the staff inbox's time
with BENCH_MESSAGES (default 100,000) messages in a temporary SQLite database, against a trivial
view rendered through the same test Client in the same process.

    python -m bench feedback
"""

from __future__ import annotations

import json
import os
import sys
import time

from bench.http import run_in_child


def run(messages: int | None = None) -> dict:
    messages = messages or int(os.environ.get("BENCH_MESSAGES", "") or 100_000)
    result = run_in_child("bench.feedback", messages, "openvillage-bench-feedback-")
    result["summary"] = (
        f"classify: rules {result['rules_per_s']}/s, model {result['model_per_s']}/s; inbox with "
        f"{result['messages']} messages {result['inbox_ms']} ms vs trivial view "
        f"{result['minimal_ms']} ms"
    )
    return result


def _time(func, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        func()
    return (time.perf_counter() - started) / n


def _inner(n: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client

    call_command("migrate", verbosity=0)
    from datetime import date, timedelta
    from pathlib import Path

    import yaml

    from openvillage.accounts.models import User, Villager
    from openvillage.feedback import classify
    from openvillage.feedback.models import Message
    from openvillage.org.models import Household, Person, RollEntry, Unit
    from openvillage.org.services import unit_path

    data = yaml.safe_load(
        (Path("openvillage/feedback/tests/data/labelled_messages.yaml")).read_text("utf-8")
    )
    texts = [t for ts in data.values() for t in ts]
    labels = [k for k, ts in data.items() for _ in ts]
    classify.tokens("预热")  # load jieba's dictionary outside the timing
    rules_s = _time(lambda: [classify.rules_topic(t) for t in texts], 5) / len(texts)
    model = classify.new_model().fit(texts, labels)
    model_s = _time(lambda: model.predict(texts), 5) / len(texts)

    def unit(code, level, parent):
        return Unit.objects.create(
            code=code,
            name=code,
            level=level,
            kind=level,
            parent=parent,
            path=unit_path(code, parent),
        )

    county = unit("990100000000", "county", None)
    town = unit("990100001000", "town", county)
    villages = [unit(f"9901000010{i:02d}", "village", town) for i in range(1, 11)]
    villagers = []
    for i, v in enumerate(villages):
        person = Person.objects.create(
            village=v, name="张三", gender="male", birth_date=date(1980, 1, 1)
        )
        household = Household.objects.create(village=v, number=f"H{i}")
        entry = RollEntry.objects.create(
            household=household, person=person, relation="head", registration="registered_resident"
        )
        villagers.append(
            Villager.objects.create(
                roll_entry=entry, village=v, phone="13800138000", verified_by="sms"
            )
        )
    start = date(2026, 1, 1)
    batch = []
    for i in range(n):
        v = villages[i % len(villages)]
        batch.append(
            Message(
                village=v,
                village_path=v.path,
                villager=villagers[i % len(villages)],
                kind="question",
                text=texts[i % len(texts)],
                routed_unit=v,
                routed_path=v.path,
                assigned_unit=v,
                assigned_path=v.path,
                received_on=start + timedelta(days=i % 300),
                due_on=start + timedelta(days=i % 300 + 28),
                very_late_on=start + timedelta(days=400),
                topic=labels[i % len(labels)],
                topic_source="rules",
            )
        )
        if len(batch) == 5000:
            Message.objects.bulk_create(batch)
            batch = []
    Message.objects.bulk_create(batch)
    officer = User.objects.create(username="tom", role="town_officer", unit=town)
    client = Client()
    client.force_login(officer)
    from django.urls import clear_url_caches, path

    import openvillage.urls as root

    root.urlpatterns.append(path("_bench/trivial/", lambda r: HttpResponse("ok")))
    clear_url_caches()
    for url in ("/staff/feedback/", "/_bench/trivial/"):
        assert client.get(url).status_code == 200
    inbox = _time(lambda: client.get("/staff/feedback/?page=3"), 20)
    minimal = _time(lambda: client.get("/_bench/trivial/"), 50)
    return {
        "messages": n,
        "rules_per_s": int(1 / rules_s),
        "model_per_s": int(1 / model_s),
        "inbox_ms": round(inbox * 1000, 1),
        "minimal_ms": round(minimal * 1000, 2),
    }


if __name__ == "__main__":
    print(json.dumps(_inner(int(sys.argv[1]))))
