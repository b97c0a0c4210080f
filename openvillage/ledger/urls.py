from django.urls import path

from openvillage.ledger import views

urlpatterns = [
    path("", views.index, name="ledger-index"),
    path("key", views.key, name="ledger-key"),
    path("key.pem", views.key_pem, name="ledger-key-pem"),
    path("entry/<int:index>/", views.entry, name="ledger-entry"),
    path("entry/<int:index>/record.json", views.entry_record, name="ledger-entry-record"),
]
