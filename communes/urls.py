from django.urls import path

from communes import views

app_name = "members"
urlpatterns = [
    path("", views.members_directory, name="directory"),
]

# Following a member: under /accounts/, without a language prefix (website/urls.py), as the
# buttons have always posted.
follow_urlpatterns = [
    path("follow/<int:member_id>/", views.follow_member, name="follow_member"),
    path("unfollow/<int:member_id>/", views.unfollow_member, name="unfollow_member"),
]
