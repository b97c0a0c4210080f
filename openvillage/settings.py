"""OpenVillage settings: everything that differs between deployments comes from the environment.

Each variable is parsed strictly: a bad value stops start-up with ImproperlyConfigured naming the
variable. See docs/operations.md for the table of variables.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def envint(name: str, default: int, *, minimum: int = 0, maximum: int = 2**31) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}, not {number}")
    return number


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def envurl(name: str, default: str) -> str:
    value = os.environ.get(name, default).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an absolute http(s) URL, not {value!r}")
    return value


def database_from_url(name: str, url: str, data_dir: Path) -> dict:
    """Turn DATABASE_URL (sqlite:///path or postgres://u:p@host:port/db) into Django's form.

    dj-database-url does the parsing; here we only accept the two databases OpenVillage is tested
    on, insist on a file or database name, and add the connection options of each.
    """
    if not url:
        return sqlite_database(data_dir / "openvillage.sqlite3")
    scheme = url.partition(":")[0].lower()
    if scheme not in ("sqlite", "postgres", "postgresql"):
        # Name the scheme only: the rest of the URL may hold a password.
        raise ImproperlyConfigured(
            f"{name} must start with sqlite:// or postgres://, not {scheme or url[:12]!r}"
        )
    try:
        parsed = dj_database_url.parse(
            url, conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    except (ValueError, dj_database_url.ParseError):
        raise ImproperlyConfigured(
            f"{name} is not a valid URL (is the port a number, are special characters "
            "in the password %-encoded?)"
        ) from None
    if scheme == "sqlite":
        # sqlite:///relative.db -> "relative.db"; sqlite:////abs/path.db -> "/abs/path.db"
        if parsed["NAME"] in ("", ":memory:"):
            raise ImproperlyConfigured(f"{name} must name a file, as in sqlite:///var/ov.sqlite3")
        return sqlite_database(Path(parsed["NAME"]))
    if not parsed["NAME"]:
        raise ImproperlyConfigured(f"{name} must name a database, as in postgres://u:p@h/db")
    parsed.pop("DISABLE_SERVER_SIDE_CURSORS", None)
    parsed["PORT"] = str(parsed["PORT"] or "")
    return parsed


def sqlite_database(path: Path) -> dict:
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # that two writers queue on the busy timeout instead of failing with "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep the connection between requests: opening one and running the PRAGMAs costs ~1 ms.
        "CONN_MAX_AGE": envint("DATABASE_CONN_MAX_AGE", 60),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


def secret_from_file(name: str, path: Path, nbytes: int = 48) -> str:
    """Return env NAME, else the key stored at PATH, else a new key written there (mode 0600)."""
    value = os.environ.get(name)
    if value:
        if len(value) < 32:
            raise ImproperlyConfigured(f"{name} must be at least 32 characters long")
        return value
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


DATA_DIR = Path(envstr("DATA_DIR", str(BASE_DIR.parent / "data"))).resolve()
DEBUG = envbool("DEBUG", False)
SECRET_KEY = secret_from_file("SECRET_KEY", DATA_DIR / "secret_key")
# The key of the HMAC that stands in for ID numbers. Kept apart from SECRET_KEY: rotating the
# session key must not orphan every stored ID hash.
ID_HASH_KEY = secret_from_file("ID_HASH_KEY", DATA_DIR / "id_hash_key")
# The key that encrypts phones, bank accounts and contacts at rest (AES-GCM) and keys their lookup
# hashes (core/crypto.py). Losing it loses those values: back it up with the database.
FIELD_KEY = secret_from_file("FIELD_KEY", DATA_DIR / "field_key")
# The Ed25519 key that signs the public record's tree heads; created on first use (mode 0600).
LEDGER_KEY_PATH = Path(envstr("LEDGER_KEY_PATH", str(DATA_DIR / "ledger_ed25519.pem")))
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
HOST = envstr("HOST", "127.0.0.1")
PORT = envint("PORT", 8000, minimum=1, maximum=65535)


def default_public_base_url(host: str, port: int) -> str:
    """The address QR codes and posters print when PUBLIC_BASE_URL is not set: the served one.

    A wildcard bind address is not reachable as such, so it becomes the loopback address.
    """
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (a comparison, not a bind)
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


PUBLIC_BASE_URL = envurl("PUBLIC_BASE_URL", default_public_base_url(HOST, PORT))
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [PUBLIC_BASE_URL])
# Reverse proxies (e.g. nginx on the same box: 127.0.0.1) whose X-Forwarded-For is believed when
# rate-limiting by address. Empty: clients connect directly.
TRUSTED_PROXIES = frozenset(envlist("TRUSTED_PROXIES", []))
SECURE_COOKIES = envbool("SECURE_COOKIES", PUBLIC_BASE_URL.startswith("https://"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI's own static files: the API docs work offline
    "openvillage.core",
    "openvillage.org",
    "openvillage.accounts",
    "openvillage.web",
    "openvillage.disclosure",
    "openvillage.ledger",
    "openvillage.decisions",
    "openvillage.feedback",
    "openvillage.elections",
    "openvillage.analytics",
    "openvillage.campaigns",
    "openvillage.supervision",
    "openvillage.assessment",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the session middleware: a session saved in a response pins to the primary too.
    "openvillage.core.replicas.ReplicaPinMiddleware",
    "openvillage.core.edge.NulRefusalMiddleware",
    "openvillage.core.edge.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openvillage.org.middleware.UnitAliasRedirectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openvillage.core.notices.MaskedTextNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "openvillage.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "openvillage.urls"
WSGI_APPLICATION = "openvillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openvillage.web.context.site",
            ],
        },
    },
]

DATABASES = {"default": database_from_url("DATABASE_URL", envstr("DATABASE_URL", ""), DATA_DIR)}
# PostgreSQL logs a failing statement; with client-side binding (psycopg's default in Django)
# that text holds every value inlined (names, phones). Server-side binding sends the values apart,
# so the log shows only $1, $2 (issue 11 §5; docs/operations.md for the server's own settings).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
# Read replicas (docs/scaling.md): web requests read from these PostgreSQL streaming replicas
# while they lag at most DATABASE_REPLICA_MAX_LAG seconds; a visitor who wrote reads the primary
# for DATABASE_PIN_SECONDS. Migrations, the task worker and commands use the primary only.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(envlist("DATABASE_REPLICA_URLS", []), start=1):
    _replica = database_from_url("DATABASE_REPLICA_URLS", _url, DATA_DIR)
    if _replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS must be postgres:// URLs")
    _replica["ENGINE"] = "openvillage.core.replica_backend"
    _replica.setdefault("OPTIONS", {}).update(server_side_binding=True, connect_timeout=2)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_REPLICA_MAX_LAG = envint("DATABASE_REPLICA_MAX_LAG", 10, minimum=1)
DATABASE_PIN_SECONDS = envint("DATABASE_PIN_SECONDS", 15, minimum=1)
DATABASE_ROUTERS = ["openvillage.core.replicas.ReplicaRouter"] if DATABASE_REPLICAS else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "staff-login"
LOGIN_REDIRECT_URL = "staff-home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff sessions end after a working day, or when the browser closes.
# One box keeps its cache in memory (Django's default). Several app servers share one Redis
# (CACHE_URL=redis://host:6379/0) for the rendered public pages and sessions, so that every server
# agrees; sessions stay in the database too (cached_db), so a Redis restart signs nobody out.
CACHE_URL = envstr("CACHE_URL", "")
if CACHE_URL:
    if CACHE_URL.partition(":")[0] not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss:// or unix://")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "ov",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HSTS once the site is served over HTTPS (SECURE_COOKIES); behind a trusted proxy (nginx) the
# scheme comes from its X-Forwarded-Proto, so that Django knows the request was secure.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE_COOKIES else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Every page loads its scripts, styles, images and fonts from this site only, nothing inline
# (core.edge); deploy/nginx.conf sends the same policy for what it serves itself.
CONTENT_SECURITY_POLICY = envstr(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

# Login throttling (accounts.throttle): free failures per account from one address (or known
# device), per account from anywhere and per address, then a delay of LOGIN_DELAY_SECONDS that
# doubles with each failure up to the window; failures older than the window are forgotten.
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", 15 * 60, minimum=60)
LOGIN_FAILURES_PER_USER = envint("LOGIN_FAILURES_PER_USER", 5, minimum=1)
LOGIN_FAILURES_PER_ACCOUNT = envint("LOGIN_FAILURES_PER_ACCOUNT", 20, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = envint("LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
LOGIN_DELAY_SECONDS = envint("LOGIN_DELAY_SECONDS", 30, minimum=1)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
# Uploads (attachments, evidence, import files) go through Django's storage API only, so several
# app servers can share them: a MEDIA_ROOT every server mounts (NFS, or one folder on one machine),
# or S3-compatible object storage with STORAGE_BACKEND=s3 (django-storages: `pip install
# 'openvillage[s3]'`, then AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY from the environment; docs/operations.md).
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGE_BACKEND = envstr("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND == "filesystem":
    _files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    try:
        import storages  # noqa: F401
    except ImportError:
        raise ImproperlyConfigured(
            "STORAGE_BACKEND=s3 needs django-storages: pip install 'openvillage[s3]'"
        ) from None
    _files = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": envstr("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": envstr("AWS_S3_REGION_NAME", "") or None,
            # Private files: every download goes through a view that checks who asks.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not _files["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be filesystem or s3")
STORAGES = {
    "default": _files,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve from the app folders too, so that `make run` works without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if envbool("TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "openvillage@localhost")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The worker polls every few seconds; its "no more tasks" lines would drown the log.
        "django_tasks_db": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Benchmarks compare pages with a minimal view served by the same process (bench/).
BENCH_MINIMAL_VIEW = envbool("BENCH_MINIMAL_VIEW", False)

# Text messages to villagers (accounts.sms): a backend chosen like EMAIL_BACKEND. "console" prints,
# "file" writes one file per message under SMS_FILE_PATH, "http" posts JSON to SMS_GATEWAY_URL.
SMS_BACKENDS = {
    "console": "openvillage.accounts.sms.ConsoleBackend",
    "file": "openvillage.accounts.sms.FileBackend",
    "locmem": "openvillage.accounts.sms.LocmemBackend",
    "http": "openvillage.accounts.sms.HttpGatewayBackend",
    "demo": "openvillage.accounts.sms.DemoBackend",
}

# The trial that `make run` starts: one-time codes are also shown on the page that asks for them
# (there is no phone to receive them). Never on by default; never for a real deployment.
DEMO_MODE = envbool("DEMO_MODE", False)


def envbackend(name: str, default: str, aliases: dict[str, str]) -> str:
    value = envstr(name, default).strip()
    value = aliases.get(value, value)
    if "." not in value or not all(part.isidentifier() for part in value.split(".")):
        choices = ", ".join(aliases)
        raise ImproperlyConfigured(
            f"{name} must be one of {choices} or a dotted path, not {value!r}"
        )
    return value


def envurl_optional(name: str) -> str:
    return envurl(name, "") if os.environ.get(name) else ""


SMS_BACKEND = envbackend("SMS_BACKEND", "demo" if DEMO_MODE else "console", SMS_BACKENDS)
SMS_FILE_PATH = Path(envstr("SMS_FILE_PATH", str(DATA_DIR / "sms")))
SMS_GATEWAY_URL = envurl_optional("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = envstr("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = envint("SMS_GATEWAY_TIMEOUT", 10, minimum=1, maximum=120)
if not SMS_GATEWAY_URL and SMS_BACKEND.endswith(".HttpGatewayBackend"):
    raise ImproperlyConfigured("SMS_BACKEND=http needs SMS_GATEWAY_URL")

# Villager sign-up (accounts.villagers): one-time codes and rate limits.
VILLAGER_CODE_TTL = envint("VILLAGER_CODE_TTL", 10 * 60, minimum=60, maximum=3600)
VILLAGER_CODE_ATTEMPTS = envint("VILLAGER_CODE_ATTEMPTS", 5, minimum=1, maximum=20)
VILLAGER_CODES_PER_PHONE_PER_HOUR = envint("VILLAGER_CODES_PER_PHONE_PER_HOUR", 5, minimum=1)
VILLAGER_SIGNUPS_PER_ID_PER_DAY = envint("VILLAGER_SIGNUPS_PER_ID_PER_DAY", 5, minimum=1)
VILLAGER_SIGNUPS_PER_ADDRESS_PER_HOUR = envint(
    "VILLAGER_SIGNUPS_PER_ADDRESS_PER_HOUR", 20, minimum=1
)
# An identity provider (face recognition, a government ID app) plugged in by dotted path to a
# class implementing openvillage.accounts.identity.IdentityProvider; empty: none.
IDENTITY_PROVIDER = envstr("IDENTITY_PROVIDER", "").strip() or None

# Villagers' messages (feedback): reply deadlines in working days per kind (disclosure.md Q2, Q5),
# very late at FEEDBACK_VERY_LATE_WORKING_DAYS, reminders from FEEDBACK_REMINDER_DAYS calendar
# days before the due date; rate limits per villager; images; the topic model's threshold.
FEEDBACK_REPLY_WORKING_DAYS = {
    kind: envint(f"FEEDBACK_REPLY_DAYS_{kind.upper()}", 20, minimum=1, maximum=120)
    for kind in ("question", "suggestion", "complaint", "report")
}
FEEDBACK_VERY_LATE_WORKING_DAYS = envint("FEEDBACK_VERY_LATE_WORKING_DAYS", 40, minimum=2)
FEEDBACK_REMINDER_DAYS = envint("FEEDBACK_REMINDER_DAYS", 3, minimum=0, maximum=30)
FEEDBACK_MESSAGES_PER_HOUR = envint("FEEDBACK_MESSAGES_PER_HOUR", 3, minimum=1)
FEEDBACK_MESSAGES_PER_DAY = envint("FEEDBACK_MESSAGES_PER_DAY", 10, minimum=1)
FEEDBACK_TEXT_MAX_CHARS = envint("FEEDBACK_TEXT_MAX_CHARS", 2000, minimum=100)
FEEDBACK_IMAGES_PER_MESSAGE = envint("FEEDBACK_IMAGES_PER_MESSAGE", 3, minimum=0, maximum=9)
FEEDBACK_IMAGE_MAX_BYTES = envint("FEEDBACK_IMAGE_MAX_BYTES", 5 * 1024 * 1024, minimum=10_000)
# "<module>:<kind>" (or * for any) -> village, town or county (feedback.rules.routing).
FEEDBACK_ROUTES = {"*:report": envstr("FEEDBACK_ROUTE_REPORTS", "town")}
# The topic model is used once this many messages carry a topic confirmed or corrected by staff.
FEEDBACK_MODEL_MIN_LABELS = envint("FEEDBACK_MODEL_MIN_LABELS", 200, minimum=20)
# A village with this many finance messages within FEEDBACK_FINANCE_FLAG_DAYS of a finance
# disclosure is flagged to its town.
FEEDBACK_FINANCE_FLAG_COUNT = envint("FEEDBACK_FINANCE_FLAG_COUNT", 5, minimum=1)
FEEDBACK_FINANCE_FLAG_DAYS = envint("FEEDBACK_FINANCE_FLAG_DAYS", 30, minimum=1)

# Uploads: the largest request body the app takes (an import file), equal to nginx's
# client_max_body_size in deploy/nginx.conf; an xlsx may expand to IMPORT_MAX_UNZIPPED_BYTES
# once unzipped (zip bombs are refused by core.safezip).
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1024 * 1024)
IMPORT_MAX_UNZIPPED_BYTES = envint("IMPORT_MAX_UNZIPPED_BYTES", 256 * 1024 * 1024, minimum=1)
