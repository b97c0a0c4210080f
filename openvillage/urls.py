from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from openvillage.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("openvillage.web.staff_urls")),
    path("ledger/", include("openvillage.ledger.urls")),
    path("", include("openvillage.disclosure.urls")),
    path("", include("openvillage.feedback.urls")),
    path("", include("openvillage.web.public_urls")),
]

if settings.BENCH_MINIMAL_VIEW:
    from openvillage.web.views_bench import minimal

    urlpatterns.append(path("_bench/minimal/", minimal))
