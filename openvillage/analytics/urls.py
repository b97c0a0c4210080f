from django.urls import path

from openvillage.analytics import views

staff_urlpatterns = [
    path("dashboard/", views.dashboard_home, name="analytics-home"),
    path("dashboard/<str:code>/", views.dashboard, name="analytics-dashboard"),
    path("dashboard/<str:code>/ranking/", views.ranking, name="analytics-ranking"),
    path(
        "dashboard/<str:code>/figures.<str:fmt>",
        views.export,
        name="analytics-export",
    ),
]
