from django.urls import path

from communes import views

app_name = "members"
urlpatterns = [
    path("", views.members_directory, name="directory"),
]

