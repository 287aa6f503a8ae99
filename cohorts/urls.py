"""Public pages of the cohorts, under the language prefix (/<language>/cohorts/)."""

from django.urls import path

from cohorts import views

app_name = "cohorts"
urlpatterns: list = [
    path("", views.cohort_index, name="index"),
    path("<int:number>/", views.cohort_detail, name="detail"),
    # Phase two of one cycle: the draft put to consultation (403 outside the phase).
    path("consultation/<int:cycle_id>/", views.consultation, name="consultation"),
]
