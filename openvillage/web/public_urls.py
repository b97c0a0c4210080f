from django.urls import path

from openvillage.web import public_views

urlpatterns = [
    path("", public_views.home, name="public-home"),
    path("lang/<str:code>/", public_views.set_lang, name="set-lang"),
    path("v/<str:village_code>/", public_views.village_home, name="village-home"),
]

from openvillage.disclosure import poster_views  # noqa: E402

# Printed on notice boards: these paths are forever.
urlpatterns += [
    path("v/<str:village_code>/qr.svg", poster_views.village_qr_svg, name="village-qr-svg"),
    path("v/<str:village_code>/qr.png", poster_views.village_qr_png, name="village-qr-png"),
    path("v/<str:village_code>/poster.pdf", poster_views.village_poster_pdf, name="village-poster"),
]

from openvillage.accounts import villager_views  # noqa: E402

urlpatterns += [
    path("v/<str:village_code>/join/", villager_views.join, name="villager-join"),
    path(
        "v/<str:village_code>/join/confirm/",
        villager_views.join_confirm,
        name="villager-join-confirm",
    ),
    path("me/", villager_views.me, name="villager-me"),
    path("me/sign-out/", villager_views.sign_out, name="villager-signout"),
]

from openvillage.decisions.urls import public_urlpatterns as decisions_public_urls  # noqa: E402

urlpatterns += decisions_public_urls

from openvillage.elections.urls import public_urlpatterns as elections_public_urls  # noqa: E402

urlpatterns += elections_public_urls
