"""CACHE_URL: several app servers share one real Redis for pages and sessions (issue 17 §2)."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

REDIS = shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    if REDIS is None:
        if os.environ.get("OPENVILLAGE_REQUIRE_REDIS"):
            pytest.fail("OPENVILLAGE_REQUIRE_REDIS is set but redis-server is not installed")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def _run(code: str, env: dict) -> str:
    """Run ``code`` in a fresh process with the production settings, like one app server."""
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "openvillage.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_two_app_servers_see_the_same_cache_through_redis(redis_url, tmp_path):
    env = {"CACHE_URL": redis_url, "DATA_DIR": str(tmp_path)}
    _run("from django.core.cache import cache; cache.set('page', '村务公开', 60)", env)
    seen = _run(
        "from django.conf import settings; from django.core.cache import cache\n"
        "print(settings.SESSION_ENGINE, cache.get('page'))",
        env,
    )
    assert seen == "django.contrib.sessions.backends.cached_db 村务公开"


def test_without_cache_url_each_box_keeps_its_cache_in_memory(tmp_path):
    seen = _run(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        {"CACHE_URL": "", "DATA_DIR": str(tmp_path)},
    )
    assert seen == "django.core.cache.backends.locmem.LocMemCache"


def test_a_cache_url_of_another_kind_is_refused_by_name(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "openvillage.settings",
            "CACHE_URL": "memcached://127.0.0.1:11211",
            "DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "CACHE_URL must start with redis://" in done.stderr


def test_uploads_go_to_the_media_root_every_server_mounts(tmp_path):
    shared = tmp_path / "shared-media"
    env = {"MEDIA_ROOT": str(shared), "DATA_DIR": str(tmp_path / "one")}
    _run(
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "default_storage.save('evidence/photo.txt', ContentFile(b'fixed'))",
        env,
    )
    seen = _run(
        "from django.core.files.storage import default_storage\n"
        "print(default_storage.open('evidence/photo.txt').read().decode())",
        {**env, "DATA_DIR": str(tmp_path / "two")},
    )
    assert seen == "fixed"


def test_s3_storage_without_a_bucket_is_refused_by_name(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "openvillage.settings",
            "STORAGE_BACKEND": "s3",
            "DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "STORAGE_BACKEND=s3 needs" in done.stderr
