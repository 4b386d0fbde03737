from django.urls import path

from . import timeline_views

app_name = "timeline"
urlpatterns = [
    path("repair/<str:reference>/", timeline_views.owner_timeline, name="repair"),
    path("<str:token>/", timeline_views.signed_timeline, name="signed"),
]
