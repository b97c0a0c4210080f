"""Security headers: a Content-Security-Policy that allows this site only on every response,
HSTS when the site is served over HTTPS, the same in deploy/nginx.conf, and templates with no
inline script, style or event handler (which the policy would block)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
NGINX = ROOT / "deploy" / "nginx.conf"
TEMPLATES = sorted((ROOT / "openvillage").glob("**/templates/**/*.html"))
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


@pytest.mark.parametrize(
    "url", ["/", "/staff/login/", "/api/v1/units", "/ledger/", "/no-such-page/"]
)
def test_every_response_carries_the_content_security_policy(client, county, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy  # no third-party origin


def test_hsts_is_sent_over_https_when_the_site_is_https(client, db):
    assert settings.PUBLIC_BASE_URL.startswith("https://")  # the test settings
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_is_not_sent_over_plain_http(client, db):
    assert "Strict-Transport-Security" not in client.get("/")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_style_or_handler(template):
    found = INLINE.findall(template.read_text(encoding="utf-8"))
    assert found == [], f"{template.name}: {found}"


def _nginx() -> str:
    return NGINX.read_text(encoding="utf-8")


def test_nginx_sends_the_same_policy_and_hsts():
    text = _nginx()
    assert (
        f'add_header Content-Security-Policy "{settings.CONTENT_SECURITY_POLICY}" always;' in text
    )
    assert re.search(r'add_header Strict-Transport-Security "max-age=\d{8}[^"]*" always;', text)


def test_nginx_takes_uploads_as_large_as_the_app_and_no_larger():
    size = re.search(r"client_max_body_size\s+(\d+)m;", _nginx())
    assert size and int(size.group(1)) * 1024 * 1024 == settings.UPLOAD_MAX_BYTES


def test_the_app_limits_fit_within_the_upload_limit():
    from openvillage.disclosure.attachments import max_bytes
    from openvillage.web.import_views import MAX_UPLOAD

    assert MAX_UPLOAD <= settings.UPLOAD_MAX_BYTES
    assert max_bytes() <= settings.UPLOAD_MAX_BYTES
    assert settings.FEEDBACK_IMAGE_MAX_BYTES * 9 <= settings.UPLOAD_MAX_BYTES
