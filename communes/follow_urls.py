"""Following a member: under /accounts/, without a language prefix (website/urls.py), as the
buttons have always posted."""

from django.urls import path

from communes import views

urlpatterns = [
    path("follow/<int:member_id>/", views.follow_member, name="follow_member"),
    path("unfollow/<int:member_id>/", views.unfollow_member, name="unfollow_member"),
]
