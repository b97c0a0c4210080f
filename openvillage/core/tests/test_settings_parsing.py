import pytest
from django.core.exceptions import ImproperlyConfigured

from openvillage import settings as ov


def test_a_bad_whole_number_names_the_variable(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ImproperlyConfigured, match="PORT"):
        ov.envint("PORT", 8000)


def test_a_port_out_of_range_is_refused(monkeypatch):
    monkeypatch.setenv("PORT", "70000")
    with pytest.raises(ImproperlyConfigured, match="PORT must be between"):
        ov.envint("PORT", 8000, minimum=1, maximum=65535)


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        ov.envbool("DEBUG", False)


def test_a_public_base_url_must_be_absolute(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "village.example.org")
    with pytest.raises(ImproperlyConfigured, match="PUBLIC_BASE_URL"):
        ov.envurl("PUBLIC_BASE_URL", "http://127.0.0.1:8000")


def test_postgres_urls_are_split_into_django_settings(tmp_path):
    db = ov.database_from_url("DATABASE_URL", "postgres://ov:s%40cret@db.local:5433/ov", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "ov",
        "ov",
        "s@cret",
        "db.local",
        "5433",
    )


def test_sqlite_is_the_default_and_runs_in_wal_mode_with_immediate_writes(tmp_path):
    db = ov.database_from_url("DATABASE_URL", "", tmp_path)
    assert db["NAME"] == str(tmp_path / "openvillage.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] > 0


def test_an_unknown_database_scheme_names_the_variable(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with"):
        ov.database_from_url("DATABASE_URL", "mysql://x/y", tmp_path)


def test_a_missing_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = ov.secret_from_file("SECRET_KEY", tmp_path / "secret_key")
    second = ov.secret_from_file("SECRET_KEY", tmp_path / "secret_key")
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", 8080, "http://127.0.0.1:8080"),
        ("0.0.0.0", 9000, "http://127.0.0.1:9000"),  # noqa: S104
        ("::1", 8000, "http://[::1]:8000"),
        ("village.example.org", 80, "http://village.example.org:80"),
    ],
)
def test_the_public_address_follows_host_and_port_when_not_set(host, port, expected):
    assert ov.default_public_base_url(host, port) == expected


def test_postgres_options_in_the_query_string_reach_the_driver(tmp_path):
    url = "postgresql://ov@db.local/ov?sslmode=verify-full&connect_timeout=5"
    db = ov.database_from_url("DATABASE_URL", url, tmp_path)
    assert db["OPTIONS"] == {"sslmode": "verify-full", "connect_timeout": 5}
    assert (db["PORT"], db["CONN_HEALTH_CHECKS"]) == ("", True)


def test_sqlite_urls_name_a_relative_or_an_absolute_file_in_wal_mode(tmp_path):
    relative = ov.database_from_url("DATABASE_URL", "sqlite:///ov.sqlite3", tmp_path)
    absolute = ov.database_from_url("DATABASE_URL", "sqlite:////var/lib/ov/ov.sqlite3", tmp_path)
    assert (relative["NAME"], absolute["NAME"]) == ("ov.sqlite3", "/var/lib/ov/ov.sqlite3")
    assert "journal_mode=WAL" in absolute["OPTIONS"]["init_command"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:///", "DATABASE_URL must name a file"),
        ("postgres://ov@db.local/", "DATABASE_URL must name a database"),
        ("postgres://ov:pw@db.local:fifty/ov", "DATABASE_URL is not a valid URL"),
    ],
)
def test_an_incomplete_database_url_is_refused_naming_the_variable(tmp_path, url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        ov.database_from_url("DATABASE_URL", url, tmp_path)


def test_a_refused_database_url_does_not_repeat_its_password(tmp_path):
    with pytest.raises(ImproperlyConfigured) as refused:
        ov.database_from_url("DATABASE_URL", "mysql://ov:hunter2-secret@db/ov", tmp_path)
    assert "hunter2" not in str(refused.value)
