"""Settings for the test suite: the real settings with fixed keys, a throw-away data dir and fast
password hashing. DATABASE_URL still chooses SQLite (default) or PostgreSQL."""

import os
import tempfile

os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="openvillage-test-"))
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuv")
os.environ.setdefault("ID_HASH_KEY", "test-only-id-hash-key-0123456789abcdefghijklmnopqrstu")
os.environ.setdefault("PUBLIC_BASE_URL", "https://village.example.org")

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
