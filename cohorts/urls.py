"""Public pages of the cohorts, under the language prefix (/<language>/cohorts/)."""

from django.urls import path

app_name = "cohorts"
urlpatterns: list = []
