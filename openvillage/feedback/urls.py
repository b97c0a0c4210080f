"""Public and staff URLs of villagers' messages: ``urlpatterns`` at ``/`` and ``staff_urlpatterns``
at ``/staff/`` (mounted by the app's ``ready()``)."""

from django.urls import path

from openvillage.feedback import views

urlpatterns = [
    path("v/<str:village_code>/messages/", views.village_messages, name="feedback-village"),
    path("v/<str:village_code>/messages/new/", views.message_new, name="feedback-new"),
    path("d/<int:item_id>/messages/", views.item_messages, name="feedback-item"),
    path("me/messages/", views.my_messages, name="feedback-mine"),
    path("me/messages/<int:pk>/", views.my_message, name="feedback-my-message"),
]

staff_urlpatterns = [
    path("feedback/", views.inbox, name="feedback-inbox"),
    path("feedback/analysis/", views.analysis_page, name="feedback-analysis"),
    path("feedback/<int:pk>/", views.message_page, name="feedback-message"),
    path(
        "feedback/<int:pk>/<str:action>/",
        views.message_action,
        name="feedback-action",
    ),
]
