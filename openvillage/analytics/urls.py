from django.urls import path

from openvillage.analytics import bulletin_views, views

staff_urlpatterns = [
    path("dashboard/", views.dashboard_home, name="analytics-home"),
    path("dashboard/<str:code>/", views.dashboard, name="analytics-dashboard"),
    path("dashboard/<str:code>/ranking/", views.ranking, name="analytics-ranking"),
    path(
        "dashboard/<str:code>/figures.<str:fmt>",
        views.export,
        name="analytics-export",
    ),
    path(
        "dashboard/<str:code>/bulletins/", bulletin_views.bulletin_list, name="analytics-bulletins"
    ),
    path("bulletins/<int:pk>/", bulletin_views.bulletin_detail, name="analytics-bulletin"),
    path(
        "bulletins/<int:pk>/bulletin.pdf",
        bulletin_views.bulletin_pdf,
        name="analytics-bulletin-pdf",
    ),
    path(
        "bulletins/<int:pk>/<str:action>/",
        bulletin_views.bulletin_action,
        name="analytics-bulletin-action",
    ),
]
