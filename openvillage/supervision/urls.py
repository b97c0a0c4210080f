"""Public and staff URLs of supervision: ``urlpatterns`` at ``/`` and ``staff_urlpatterns`` at
``/staff/`` (mounted by the app's ``ready()``)."""

from django.urls import path

from openvillage.supervision import views

urlpatterns = [
    path("v/<str:village_code>/rectified/", views.village_closed, name="supervision-village"),
]

staff_urlpatterns = [
    path("supervision/", views.problems, name="supervision-problems"),
    path("supervision/new/", views.problem_new, name="supervision-problem-new"),
    path("supervision/rounds/", views.rounds, name="supervision-rounds"),
    path("supervision/rounds/<int:pk>/", views.round_page, name="supervision-round"),
    path(
        "supervision/rounds/<int:pk>/results/",
        views.round_results,
        name="supervision-round-results",
    ),
    path("supervision/reviews/", views.reviews, name="supervision-reviews"),
    path("supervision/surveys/", views.surveys, name="supervision-surveys"),
    path("supervision/monthly/", views.monthly, name="supervision-monthly"),
    path("supervision/weekly/", views.weekly, name="supervision-weekly"),
    path("supervision/talks/", views.talks, name="supervision-talks"),
    path("supervision/notices/", views.notices, name="supervision-notices"),
    path("supervision/notices/new/", views.notice_new, name="supervision-notice-new"),
    path("supervision/notices/<int:pk>/", views.notice_page, name="supervision-notice"),
    path(
        "supervision/from-message/<int:message_id>/",
        views.from_message,
        name="supervision-from-message",
    ),
    path(
        "supervision/from/<str:source>/<int:object_id>/",
        views.from_source,
        name="supervision-from-source",
    ),
    path("supervision/<int:pk>/", views.problem_page, name="supervision-problem"),
    path(
        "supervision/<int:pk>/evidence/<int:evidence_id>/",
        views.evidence_file,
        name="supervision-evidence",
    ),
    path("supervision/<int:pk>/<str:action>/", views.problem_action, name="supervision-action"),
]
