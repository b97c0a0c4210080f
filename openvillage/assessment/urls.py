"""Staff pages under /staff/assessment/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="assessment-home"),
    path("cycles/<int:pk>/", views.cycle, name="assessment-cycle"),
    path("cycles/<int:pk>/do/<str:action>/", views.cycle_action, name="assessment-cycle-action"),
    path("ratings/<int:pk>/<str:action>/", views.rating_action, name="assessment-rating-action"),
    path("entries/<int:pk>/<str:action>/", views.entry_action, name="assessment-entry-action"),
    path("weak/", views.weak, name="assessment-weak"),
    path("weak/<int:pk>/<str:action>/", views.weak_action, name="assessment-weak-action"),
    path("org-life/", views.org_life, name="assessment-org-life"),
    path("training/", views.training, name="assessment-training"),
    path("appraisals/", views.appraisals, name="assessment-appraisals"),
]
