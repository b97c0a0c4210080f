"""The browsable API docs must work on a county's network with no internet."""

import re

from django.contrib.staticfiles import finders


def test_the_api_docs_load_swagger_ui_from_the_product_itself(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    external = [url for url in re.findall(r"""(?:src|href)=["']([^"']+)""", page) if "://" in url]
    assert external == []
    assert "swagger-ui-bundle.js" in page


def test_the_swagger_ui_assets_are_shipped_as_static_files():
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name
