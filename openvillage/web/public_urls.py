from django.urls import path

from openvillage.web import public_views

urlpatterns = [
    path("", public_views.home, name="public-home"),
    path("v/<str:village_code>/", public_views.village_home, name="village-home"),
]
