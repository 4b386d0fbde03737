from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("<int:document_id>/pdf/", views.download, name="download"),
    path("<str:token>/<int:document_id>/pdf/", views.guest_download, name="guest_download"),
]
