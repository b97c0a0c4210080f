"""The province run of ``scripts/province.sh``: load through nginx while things break, then audit.

The script has brought up a PostgreSQL primary and a streaming replica, Redis, two app servers
(each with its task worker) and nginx in front of them, and loaded the demo county plus a
generated province. This module, run as ``python -m bench.province`` with the script's
environment, then:

1. loads the site for ``PROVINCE_SECONDS`` per phase through nginx: readers on public pages
   (county, village and disclosure pages), a clerk writing and submitting drafts through the API,
   a town officer approving them (publishing into the Merkle log);
2. kills one app server (SIGKILL to its process group) in the second phase: nginx retries GETs on
   the other; a write cut off answers 502 and is counted, and must not be applied twice;
3. stops the replica in the third phase and starts it again: reads move to the primary and back;
4. makes the replica lag (``recovery_min_apply_delay``) and checks that a clerk sees their own
   save on their next page while the replica does not have it yet;
5. audits: every write token applied at most once, the Merkle log consistent, no task left
   unfinished; prints one summary line (and JSON) and exits 1 if a promise failed.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

TAG = "省级压测"  # every write carries it and a unique token


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: list[float] = field(default_factory=list)
    get_failed: int = 0
    gets: int = 0
    writes_ok: int = 0
    writes_cut: int = 0  # 502/504 or a broken connection: the server died under it
    writes_refused: int = 0  # 4xx: the state changed under it (another approval first)
    tokens: list[str] = field(default_factory=list)

    def add(self, seconds: float, *, get: bool, outcome: str = "ok") -> None:
        with self.lock:
            self.latencies.append(seconds)
            if get:
                self.gets += 1
                self.get_failed += outcome != "ok"
            else:
                setattr(self, f"writes_{outcome}", getattr(self, f"writes_{outcome}") + 1)


class Client:
    """A browser of sorts: cookies, CSRF token, one request at a time."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, body: dict | None = None, form: bool = False):
        data, headers = None, {"Accept-Language": "zh-CN", "Referer": self.base + "/"}
        if body is not None:
            if form:
                data = urllib.parse.urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            headers["X-CSRFToken"] = self.csrf()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            # Refused, reset, timed out, or cut mid-body (IncompleteRead): a failure the
            # visitor sees, counted as such.
            return 0, b""

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/staff/login/")
        status, _ = self.request(
            "POST",
            "/staff/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.csrf()},
            form=True,
        )
        if not any(c.name == "sessionid" for c in self.jar):
            raise SystemExit(f"could not sign in as {username} (HTTP {status})")


def _classify(status: int) -> str:
    if status in (200, 201):
        return "ok"
    if status == 0 or status >= 500:
        return "cut"
    return "refused"


def reader(base: str, paths: list[str], tally: Tally, stop: threading.Event) -> None:
    client = Client(base)
    while not stop.is_set():
        path = random.choice(paths)  # noqa: S311
        started = time.perf_counter()
        status, _ = client.request("GET", path)
        tally.add(time.perf_counter() - started, get=True, outcome="ok" if status == 200 else "x")


def clerk(base: str, setup: dict, tally: Tally, stop: threading.Event) -> None:
    client = Client(base)
    client.sign_in(setup["clerk"], setup["clerk_password"])
    while not stop.is_set():
        token = uuid.uuid4().hex[:12]
        with tally.lock:
            tally.tokens.append(token)
        body = {**setup["draft"], "title": f"{TAG} {token}"}
        started = time.perf_counter()
        status, payload = client.request("POST", "/api/v1/staff/disclosures", body)
        tally.add(time.perf_counter() - started, get=False, outcome=_classify(status))
        if status == 201:
            item_id = json.loads(payload)["id"]
            started = time.perf_counter()
            status, _ = client.request("POST", f"/api/v1/staff/disclosures/{item_id}/submit", {})
            tally.add(time.perf_counter() - started, get=False, outcome=_classify(status))
        # What the town approved goes public (a new entry of the Merkle log each).
        status, payload = client.request("GET", "/api/v1/staff/disclosures?state=approved&limit=5")
        for item in json.loads(payload).get("items", []) if status == 200 else []:
            started = time.perf_counter()
            status, _ = client.request(
                "POST", f"/api/v1/staff/disclosures/{item['id']}/publish", {}
            )
            tally.add(time.perf_counter() - started, get=False, outcome=_classify(status))
        time.sleep(0.5)  # a clerk's pace is still far above a human's


def town(base: str, setup: dict, tally: Tally, stop: threading.Event) -> None:
    client = Client(base)
    client.sign_in(setup["town"], setup["town_password"])
    while not stop.is_set():
        status, payload = client.request(
            "GET", "/api/v1/staff/disclosures?state=submitted&limit=20"
        )
        items = json.loads(payload).get("items", []) if status == 200 else []
        for item in items:
            started = time.perf_counter()
            status, _ = client.request(
                "POST", f"/api/v1/staff/disclosures/{item['id']}/approve", {}
            )
            tally.add(time.perf_counter() - started, get=False, outcome=_classify(status))
        time.sleep(0.5)


def _sh(command: str) -> None:
    subprocess.run(command, shell=True, check=True, timeout=120)  # noqa: S602 (the script's own)


def _kill_app() -> None:
    """SIGKILL one app server's process group: its gunicorn master, workers and task worker."""
    os.killpg(int(os.environ["PROVINCE_KILL_APP_PGID"]), signal.SIGKILL)


# Data reads: SELECT statements, without connection pings ("SELECT 1") and without the locking
# reads that belong to writes (foreign-key checks FOR KEY SHARE, SELECT ... FOR UPDATE).
DATA_READS = (
    "query ILIKE 'select%' AND query <> 'SELECT $1' AND query !~* ' for (key share|update|share)'"
    " AND query NOT ILIKE '%pg_stat_statements%'"
)


def _replica_reads() -> int:
    """Read statements (SELECT) the replica has served, from pg_stat_statements."""
    return _reads(os.environ["PROVINCE_REPLICA_DSN"])


def _primary_reads() -> int:
    """Read statements the primary has served: requests, workers' polls, heartbeats."""
    return _reads(os.environ["PROVINCE_PRIMARY_DSN"])


def _reads(dsn: str) -> int:
    """Calls of SELECT statements so far (0 when the server is down: that phase is not counted)."""
    import psycopg

    try:
        with psycopg.connect(dsn, connect_timeout=3, autocommit=True) as conn:
            row = conn.execute(
                f"SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE {DATA_READS}"  # noqa: S608 (a constant)
            ).fetchone()
            return int(row[0])
    except psycopg.Error:
        return 0


def top_primary_reads(limit: int = 8) -> list[tuple[int, str]]:
    """The primary's most frequent read statements: what a next step would move off it."""
    import psycopg

    with psycopg.connect(os.environ["PROVINCE_PRIMARY_DSN"], autocommit=True) as conn:
        rows = conn.execute(
            "SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 160)"  # noqa: S608
            f" FROM pg_stat_statements WHERE {DATA_READS.replace('%', '%%')}"
            " ORDER BY calls DESC LIMIT %s",
            (limit,),
        ).fetchall()
    return [(int(calls), text) for calls, text in rows]


def phase(name: str, seconds: float, setup: dict, tally: Tally, event=None) -> dict:
    """Run the load for ``seconds``; call ``event()`` a third of the way in."""
    base = os.environ["PROVINCE_URL"]
    stop = threading.Event()
    before = (tally.gets, tally.get_failed, _replica_reads(), _primary_reads())
    threads = [
        threading.Thread(target=reader, args=(base, setup["paths"], tally, stop), daemon=True)
        for _ in range(int(os.environ.get("PROVINCE_READERS", "8")))
    ]
    threads += [
        threading.Thread(target=clerk, args=(base, setup, tally, stop), daemon=True),
        threading.Thread(target=town, args=(base, setup, tally, stop), daemon=True),
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 3)
    if event:
        event()
    time.sleep(seconds - seconds / 3)
    stop.set()
    for thread in threads:
        thread.join(60)
    after = (tally.gets, tally.get_failed, _replica_reads(), _primary_reads())
    result = {
        "phase": name,
        "gets": after[0] - before[0],
        "failed_gets": after[1] - before[1],
        "replica_reads": after[2] - before[2],
        "primary_reads": after[3] - before[3],
    }
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def read_your_writes(setup: dict) -> dict:
    """With the replica applying WAL 3 s late, a clerk's save shows on their next page."""
    import psycopg

    _sh(os.environ["PROVINCE_LAG_REPLICA"])
    time.sleep(2)
    client = Client(os.environ["PROVINCE_URL"])
    client.sign_in(setup["clerk"], setup["clerk_password"])
    time.sleep(float(os.environ.get("PROVINCE_PIN_SECONDS", "15")) + 1)  # the sign-in's pin ends
    token = uuid.uuid4().hex[:12]
    status, payload = client.request(
        "POST", "/api/v1/staff/disclosures", {**setup["draft"], "title": f"{TAG} {token}"}
    )
    item_id = json.loads(payload)["id"] if status == 201 else None
    with psycopg.connect(os.environ["PROVINCE_REPLICA_DSN"], autocommit=True) as conn:
        on_replica = conn.execute(
            "SELECT count(*) FROM disclosure_item WHERE id = %s", [item_id]
        ).fetchone()[0]
    status, page = client.request("GET", f"/staff/disclosure/{item_id}/")
    seen = status == 200 and token in page.decode()
    _sh(os.environ["PROVINCE_UNLAG_REPLICA"])
    return {"saved": item_id is not None, "replica_had_it": bool(on_replica), "clerk_saw_it": seen}


def audit(tally: Tally) -> dict:
    """Every token applied at most once; the Merkle log consistent; no task left behind."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings")
    django.setup()
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from openvillage.disclosure.models import Item
    from openvillage.ledger import services as ledger_services

    titles = (
        Item.objects.filter(title__startswith=TAG)
        .values("title")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    deadline = time.monotonic() + 60
    while True:  # the workers finish what the load queued
        waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(2)
    failed_tasks = DBTaskResult.objects.filter(status="FAILED").count()
    ledger = ledger_services.ledger_audit()
    return {
        "applied_twice": titles.count(),
        "tasks_waiting": waiting,
        "tasks_failed": failed_tasks,
        "ledger_ok": bool(ledger.ok),
        "ledger_entries": ledger.entries,
    }


def prepare() -> dict:
    """Accounts, a draft to copy and the paths to read, from the primary."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings")
    django.setup()
    from openvillage.accounts.models import User
    from openvillage.disclosure.models import Item
    from openvillage.org.models import Level, Unit

    clerk = User.objects.get(username="village_clerk")
    officer = User.objects.get(username="town_officer")
    passwords = {}
    for user in (clerk, officer):
        passwords[user.username] = uuid.uuid4().hex
        user.set_password(passwords[user.username])
        user.save(update_fields=["password"])
    model = (
        Item.objects.filter(village=clerk.unit, statement__isnull=True, people=[])
        .exclude(published_version=0)
        .first()
    )
    villages = list(
        Unit.objects.filter(level=Level.VILLAGE).values_list("code", flat=True).order_by("?")[:300]
    )
    items = list(Item.objects.exclude(published_version=0).values_list("id", flat=True)[:100])
    return {
        "clerk": clerk.username,
        "clerk_password": passwords[clerk.username],
        "town": officer.username,
        "town_password": passwords[officer.username],
        "draft": {
            "village": clerk.unit.code,
            "matter": model.matter,
            "period_start": model.period_start.isoformat(),
            "period_end": model.period_end.isoformat(),
            "body": "省级演练：一次性写入，检查不会重复。",
        },
        "paths": ["/"] + [f"/v/{c}/" for c in villages] + [f"/d/{i}/" for i in items],
        "villages": Unit.objects.filter(level=Level.VILLAGE).count(),
        "counties": Unit.objects.filter(level=Level.COUNTY).count(),
    }


def main() -> int:
    seconds = float(os.environ.get("PROVINCE_SECONDS", "20"))
    setup = prepare()
    tally = Tally()
    started = time.perf_counter()
    phases = [
        phase("steady", seconds, setup, tally),
        phase("app server killed", seconds, setup, tally, _kill_app),
    ]

    def replica_down_and_up() -> None:
        _sh(os.environ["PROVINCE_STOP_REPLICA"])
        time.sleep(seconds / 3)
        _sh(os.environ["PROVINCE_START_REPLICA"])

    phases.append(
        phase("replica stopped and restarted", seconds * 1.5, setup, tally, replica_down_and_up)
    )
    elapsed = time.perf_counter() - started
    ryw = read_your_writes(setup)
    checks = audit(tally)
    lat = sorted(tally.latencies)
    # The share of reads is counted while the replica is up: in the third phase the reads move to
    # the primary on purpose (and a restarted standby's counters are not comparable).
    up = phases[:2]
    replica, primary = (sum(p[k] for p in up) for k in ("replica_reads", "primary_reads"))
    summary = {
        "villages": setup["villages"],
        "counties": setup["counties"],
        "requests": len(lat),
        "rps": round(len(lat) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
        "p99_ms": round(1000 * lat[int(0.99 * (len(lat) - 1))], 1) if lat else None,
        "failed_gets": tally.get_failed,
        "failed_gets_by_phase": {p["phase"]: p["failed_gets"] for p in phases},
        "writes_ok": tally.writes_ok,
        "writes_cut": tally.writes_cut,
        "writes_refused": tally.writes_refused,
        "replica_share_percent": round(100 * replica / max(1, replica + primary), 1),
        "read_your_writes": ryw,
        **checks,
    }
    ok = (
        tally.get_failed == 0
        and checks["applied_twice"] == 0
        and checks["ledger_ok"]
        and checks["tasks_waiting"] == 0
        and ryw["clerk_saw_it"]
        and replica > primary
    )
    print(json.dumps(summary, ensure_ascii=False))
    for calls, text in top_primary_reads():
        print(f"province: primary read x{calls}: {text}", file=sys.stderr)
    print(
        f"province: {summary['counties']} counties, {summary['villages']} villages; "
        f"{summary['requests']} requests at {summary['rps']}/s, p50 {summary['p50_ms']} ms, "
        f"p99 {summary['p99_ms']} ms; failed GETs {tally.get_failed} (app server killed, replica "
        f"stopped); writes {tally.writes_ok} ok, {tally.writes_cut} cut off, "
        f"{checks['applied_twice']} applied twice; reads on the replica "
        f"{summary['replica_share_percent']} %; read-your-writes "
        f"{'kept' if ryw['clerk_saw_it'] else 'BROKEN'} (replica behind: "
        f"{not ryw['replica_had_it']}); ledger {'consistent' if checks['ledger_ok'] else 'BROKEN'}"
        f" ({checks['ledger_entries']} entries); tasks waiting {checks['tasks_waiting']} -> "
        f"{'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
