"""Public URLs: the shell's own pages, then every app's registered public include."""

from django.urls import path

from openvillage.core import extensions
from openvillage.web import public_views

urlpatterns = [
    path("", public_views.home, name="public-home"),
    path("lang/<str:code>/", public_views.set_lang, name="set-lang"),
    path("v/<str:village_code>/", public_views.village_home, name="village-home"),
]

urlpatterns += extensions.mount(extensions.public_urls)
