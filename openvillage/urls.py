from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from openvillage.api import api

# Every app's pages come in through the shell's two URL modules, which mount what the apps
# registered in their AppConfig.ready() (openvillage.core.extensions).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("openvillage.web.staff_urls")),
    path("", include("openvillage.web.public_urls")),
]

if settings.BENCH_MINIMAL_VIEW:
    from openvillage.web.views_bench import minimal

    urlpatterns.append(path("_bench/minimal/", minimal))
