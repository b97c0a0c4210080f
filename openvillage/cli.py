"""The `openvillage` command: serve, worker, demo, migrate, and any Django management command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

USAGE = """usage: openvillage <command> [options]

  serve [--no-worker] [--workers N]   run the web server (gunicorn) and one task worker
  worker                              run background tasks and the daily jobs
  demo                                create the fictional demo county (empty database only)
  migrate                             create or upgrade the database tables
  import KIND FILE --unit CODE [--user NAME]   import a registry file now, printing progress
  count < round.json                  count one election round (JSON in, JSON out; no server)
  contracts check < register.json     red flags of a contract register (JSON in, JSON out)
  stars score < scheme.json           score, stars and ranks under a star scheme (JSON in, JSON out)
  screen weak < organizations.json    weak-and-scattered triggers W1-W6 (JSON in, JSON out)
  powerlist validate [FILE]           check a power list (the shipped one by default)
  calendar due --start D --working-days N   the due date N working days after D
  <django command> ...                any Django management command (createsuperuser, shell...)
"""


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["openvillage", *argv])
    return 0


def serve(argv: list[str]) -> int:
    """Serve with gunicorn; start one worker beside it unless --no-worker."""
    import argparse

    parser = argparse.ArgumentParser(prog="openvillage serve")
    parser.add_argument("--no-worker", action="store_true")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvillage.settings")
    import django
    from django.conf import settings

    django.setup()
    bind = f"{settings.HOST}:{settings.PORT}"
    if ":" in settings.HOST:
        bind = f"[{settings.HOST}]:{settings.PORT}"
    start_worker = None if args.no_worker else _start_worker
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "openvillage.wsgi:application",
        # Server hooks: a page leaves in one write, so a dying server cuts no page in half.
        "--config",
        "python:openvillage.core.gunicorn_hooks",
        "--bind",
        bind,
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # One control socket per data folder: gunicorn's default is shared by every server of
        # the user, so `gunicornc` aimed at one server could stop another.
        "--control-socket",
        control_socket(settings.DATA_DIR),
    ]
    print(f"OpenVillage at http://{bind}/  (staff console: /staff/)", flush=True)
    return supervise(subprocess.Popen(gunicorn), start_worker)


def control_socket(data_dir) -> str:
    """Name gunicorn's control socket after ``data_dir`` (a Unix socket path has ~100 bytes)."""
    import hashlib
    import tempfile

    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"openvillage-{digest}.ctl")


WORKER = [sys.executable, "-m", "openvillage.cli", "worker"]
STEADY_SECONDS = 600  # a worker that ran this long had no start-up problem: restart at once


def _start_worker() -> subprocess.Popen:
    return subprocess.Popen(WORKER)


def supervise(web, start_worker, *, poll: float = 1.0, max_delay: float = 60.0) -> int:
    """Wait for the web server; restart the task worker whenever it exits; return the web's code.

    A worker that keeps failing at start is restarted after a growing delay (1 s, 2 s, ... up
    to ``max_delay``), so a broken database does not make it spin.
    """
    stopping = []
    worker = start_worker() if start_worker else None
    started, failures, due = time.monotonic(), 0, None

    def stop(signum, frame):  # pass the signal on, then let the loop end
        stopping.append(signum)
        for proc in (web, worker):
            if proc and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while web.poll() is None:
        if worker is not None and not stopping and worker.poll() is not None:
            if due is None:
                ran = time.monotonic() - started
                failures = 0 if ran >= STEADY_SECONDS else failures + 1
                due = time.monotonic() + min(max_delay, 2 ** max(0, failures - 1) - 1)
                print(f"task worker exited ({worker.returncode}); restarting", flush=True)
            if time.monotonic() >= due:
                worker, started, due = start_worker(), time.monotonic(), None
        time.sleep(poll)
    if worker and worker.poll() is None:
        worker.terminate()
        worker.wait(10)
    return web.returncode


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return serve(rest)
    if command == "count":
        # Pure: runs without settings or a database, so a result can be checked anywhere.
        from openvillage.elections.rules.count_cli import main as count_main

        return count_main(sys.stdin, sys.stdout)
    if command == "contracts" and rest == ["check"]:
        # Pure like count: anyone can check a contract register offline.
        from openvillage.campaigns.rules.contracts_cli import main as contracts_main

        return contracts_main(sys.stdin, sys.stdout)
    if (command, rest) in (("stars", ["score"]), ("screen", ["weak"])):
        # Pure: anyone can recompute a rating or a screening offline.
        from openvillage.assessment.rules import assessment_cli

        run = assessment_cli.stars_main if command == "stars" else assessment_cli.weak_main
        return run(sys.stdin, sys.stdout)
    if command == "powerlist" and rest[:1] == ["validate"] and len(rest) <= 2:
        from openvillage.decisions.rules.powerlist import validate_cli

        return validate_cli(rest[1] if len(rest) == 2 else None, sys.stdout, sys.stderr)
    return _django([command, *rest])


if __name__ == "__main__":
    sys.exit(main())
