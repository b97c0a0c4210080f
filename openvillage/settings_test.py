"""Settings for the test suite: the real settings with fixed keys, a throw-away data dir and fast
password hashing. DATABASE_URL still chooses SQLite (default) or PostgreSQL."""

import atexit
import os
import shutil
import tempfile

# Tests never read or write a real data folder, whatever the environment says (the Makefile exports
# DATA_DIR=./data for `make run`): each test process gets its own folder, removed when it exits.
# The keys and paths that could point elsewhere are fixed here too, so that a developer's shell
# cannot change what the tests see.
_DATA_DIR = tempfile.mkdtemp(prefix="openvillage-test-")
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)
os.environ["DATA_DIR"] = _DATA_DIR
for _name in (
    "LEDGER_KEY_PATH",
    "SMS_FILE_PATH",
    "MEDIA_ROOT",
    "STORAGE_BACKEND",
    "CACHE_URL",
    "DATABASE_REPLICA_URLS",
):
    os.environ.pop(_name, None)
os.environ["SECRET_KEY"] = "test-only-secret-key-0123456789abcdefghijklmnopqrstuv"  # noqa: S105
os.environ["ID_HASH_KEY"] = "test-only-id-hash-key-0123456789abcdefghijklmnopqrstu"
os.environ["PUBLIC_BASE_URL"] = "https://village.example.org"

from openvillage.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SMS_BACKEND = "openvillage.accounts.sms.LocmemBackend"
IDENTITY_PROVIDER = None
# Tests read English unless they ask for Chinese (the product's default stays zh-hans).
LANGUAGE_CODE = "en"
# Every audit action must be registered (core.audit.register_actions) before it is written.
AUDIT_REFUSE_UNREGISTERED = True

# On PostgreSQL, two replica aliases for core/tests/test_replicas.py (no router uses them unless a
# test installs one): a second connection to the test database, as a streaming replica would be,
# and one to a port where nothing listens, as a replica that is down.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    for _alias, _port in (("replica1", None), ("replica_down", "1")):
        DATABASES[_alias] = {  # noqa: F405
            **DATABASES["default"],  # noqa: F405
            "ENGINE": "openvillage.core.replica_backend",
            "OPTIONS": {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2},  # noqa: F405
            "TEST": {"MIRROR": "default"},
        }
        if _port:
            DATABASES[_alias]["PORT"] = _port  # noqa: F405
