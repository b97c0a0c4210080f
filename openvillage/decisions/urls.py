"""Staff pages under /staff/decisions/ and the public closed-case pages under /v/<code>/cases/."""

from django.urls import path

from openvillage.decisions import views

staff_urlpatterns = [
    path("decisions/powers/", views.powers, name="decisions-powers"),
    path("decisions/cases/", views.cases, name="decisions-cases"),
    path("decisions/reviews/", views.reviews, name="decisions-reviews"),
    path("decisions/cases/<int:pk>/", views.case_detail, name="decisions-case"),
    path("decisions/cases/<int:pk>/record.pdf", views.case_pdf, name="decisions-case-pdf"),
    path("decisions/cases/<int:pk>/<str:action>/", views.case_action, name="decisions-case-action"),
    path(
        "decisions/evidence/<int:pk>/",
        views.evidence_download,
        name="decisions-evidence",
    ),
    path("decisions/violations/", views.violations, name="decisions-violations"),
    path(
        "decisions/violations/<int:pk>/measures/",
        views.measure_add,
        name="decisions-measure-add",
    ),
    path("decisions/people/<int:pk>/", views.person_record, name="decisions-person"),
]

public_urlpatterns = [
    path("v/<str:village_code>/cases/", views.public_cases, name="decisions-public-cases"),
    path("v/<str:village_code>/cases/<int:pk>/", views.public_case, name="decisions-public-case"),
    path(
        "v/<str:village_code>/cases/<int:pk>/record.pdf",
        views.public_case_pdf,
        name="decisions-public-case-pdf",
    ),
]
